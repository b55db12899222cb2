import { eq } from "drizzle-orm";
import { initiatives } from "../../src/db/schema.js";
import { refreshPublicSnapshots } from "../../src/jobs/public-snapshots.js";
import { publicPages } from "../../src/web/public-pages.js";
import type { Harness } from "./harness.js";
import { onboard } from "./harness.js";
import { submitInitiative } from "./initiatives.js";
import { closedRound } from "./statistics.js";
import { person } from "./updates.js";

export const SELECTED_TITLE = 'Көпүрө <script>alert("x")</script>';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Municipality 1 with a selected initiative from a closed round, its author and a phone number,
 * the next day, after the night's counts were published.
 */
export async function municipalityWithResults(h: Harness) {
  const author = { ...person(8_888_001, "ky", "Бермет"), username: "bermet_author" };
  await onboard(h, author);
  const id = await submitInitiative(h, author);
  await h.db
    .update(initiatives)
    .set({ title: SELECTED_TITLE, status: "selected" })
    .where(eq(initiatives.id, id));
  await closedRound(h, [id], Date.parse("2026-11-20T12:00:00Z"));
  h.advance(DAY);
  await refreshPublicSnapshots(h.deps, h.deps.now());
  return publicPages({ database: h.database, now: h.deps.now });
}
