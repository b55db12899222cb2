import { afterAll } from "vitest";
import { closeLocalD1 } from "./test-database.js";

afterAll(closeLocalD1);
