import { appendFileSync } from "node:fs";
import BetterSqlite3 from "better-sqlite3";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDraft } from "../../src/db/repo/initiatives.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";
import { draftId, grantRole } from "../support/reports.js";
import { approvedInitiatives, openRoundNow } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

/**
 * SQL statements one update runs on better-sqlite3, counted on the driver: every `run`, `all`,
 * `get` and `iterate` of a prepared statement is one statement (a batch counts each of its own).
 * The figures are printed for the README; the bounds hold what issue #16 reached.
 */
const statementPrototype = Object.getPrototypeOf(new BetterSqlite3(":memory:").prepare("select 1"));
const METHODS = ["run", "all", "get", "iterate"] as const;
const originals = Object.fromEntries(METHODS.map((m) => [m, statementPrototype[m]]));
let counted = Number.NEGATIVE_INFINITY;

beforeAll(() => {
  for (const method of METHODS)
    statementPrototype[method] = function (this: unknown, ...args: unknown[]) {
      counted += 1;
      if (process.env.SHOW_SQL && counted > 0)
        appendFileSync(process.env.SHOW_SQL, `${(this as { source: string }).source.slice(0, 120)}\n`);
      return originals[method].apply(this, args);
    };
});
afterAll(() => {
  for (const method of METHODS) statementPrototype[method] = originals[method];
});

async function statementsOf(h: Harness, update: Update): Promise<number> {
  h.advance(1_000);
  counted = 0;
  if (process.env.SHOW_SQL) appendFileSync(process.env.SHOW_SQL, "---\n");
  await h.send(update);
  const n = counted;
  counted = Number.NEGATIVE_INFINITY;
  return n;
}

describe("statements per update", () => {
  it("counts a report's steps, a command and a duplicate update", async () => {
    const h = await createHarness();
    const citizen = person(8700, "ky");
    await onboard(h, citizen);
    const figures: Record<string, number> = {};
    figures["/report"] = await statementsOf(h, text(citizen, "/report"));
    const id = await draftId(h, citizen);
    figures["category button"] = await statementsOf(h, press(citizen, `1|rf|cat|${id}|resources`));
    await h.send(press(citizen, `1|rf|urg|${id}|recent`), press(citizen, `1|rf|mun|${id}|1`));
    await h.send(press(citizen, `1|rf|anon|${id}|y`));
    const place = text(citizen, "Ak-Jar village, near the school");
    figures["place typed"] = await statementsOf(h, place);
    figures["duplicate update"] = await statementsOf(h, place);
    figures["/help"] = await statementsOf(h, text(citizen, "/help"));
    console.log("statements per update", JSON.stringify(figures));
    expect(figures["duplicate update"]).toBe(1);
    // Before #16 (74b0316): /report 21, category 12, place 15, /help 11.
    expect(figures["place typed"]).toBeLessThanOrEqual(10);
    expect(figures["category button"]).toBeLessThanOrEqual(9);
    expect(figures["/help"]).toBeLessThanOrEqual(6);
  });

  it("counts a vote press", async () => {
    const h = await createHarness();
    const [officer, author, moderator, voter] = [8701, 8702, 8703, 8704].map((id) => person(id, "ky"));
    for (const who of [officer, author, moderator, voter]) await onboard(h, who!);
    await grantRole(h, officer!.id, "officer", 1);
    const ids = await approvedInitiatives(h, author!, moderator!, 2);
    const round = await openRoundNow(h, officer!.id);
    await h.send(text(voter!, "/vote"));
    const press1 = await statementsOf(h, press(voter!, `1|vote|t|${round.id}|${ids[0]}`));
    console.log("statements per update", JSON.stringify({ "vote press": press1 }));
    // Before #16 (74b0316): 17.
    expect(press1).toBeLessThanOrEqual(9);
  });

  it("counts a typed answer of the initiative form", async () => {
    const h = await createHarness();
    const author = person(8705, "ky");
    await onboard(h, author);
    await h.send(text(author, "/propose"));
    const id = (await findDraft(h.db, author.id))!.id;
    await h.send(press(author, `1|ini|ans|${id}|municipality|1`));
    await h.send(text(author, "Ak-Jar village, by the school"));
    const title = await statementsOf(h, text(author, "Water for Manas street"));
    console.log("statements per update", JSON.stringify({ "initiative title typed": title }));
    // Before #16 (74b0316): 12.
    expect(title).toBeLessThanOrEqual(9);
  });
});
