import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Figures } from "./figures.js";

/** The heap settings `npm start` gives the bot, read from package.json so both stay the same. */
export const START_NODE_FLAGS =
  (
    JSON.parse(readFileSync(join(import.meta.dirname, "..", "package.json"), "utf8")).scripts.start as string
  ).match(/--max-old-space-size=\d+/g) ?? [];

/**
 * Runs `file` with `--child` in a Node process of its own, started as `npm start` starts the bot
 * (plus `extraFlags`), so that what it measures is the deployed set-up and nothing of the other
 * benchmarks; the child prints its figures as JSON on its last line.
 */
export async function figuresFromChild(
  file: string,
  options: { env?: Record<string, string>; extraFlags?: string[] } = {},
): Promise<Figures> {
  const child = spawn(
    process.execPath,
    [...START_NODE_FLAGS, ...(options.extraFlags ?? []), "--import", "tsx", file, "--child"],
    { env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.on("close", done));
  if (code !== 0) throw new Error(`the benchmark process for ${file} ended with ${code}`);
  return JSON.parse(output.trim().split("\n").at(-1)!);
}
