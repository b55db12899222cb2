import { eq } from "drizzle-orm";
import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { ReportDraft } from "../../src/bot/callbacks.js";
import { prefetches } from "../../src/bot/prefetch.js";
import type { Database, Read } from "../../src/db/database.js";
import { submitDraft } from "../../src/db/repo/reports.js";
import { reports } from "../../src/db/schema.js";
import { openSqlite } from "../../src/db/sqlite.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { answers, fillReport, grantRole, outboxRows, report } from "../support/reports.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");

/** A read that gives back what it was asked with. */
const echo = (values: Record<string, unknown>): Read<Record<string, unknown>[]> => ({
  query: { all: (given?: Record<string, unknown>) => [given] },
  values,
});

const pressed = (data: string) => ({ from: { id: 7 }, callbackQuery: { data } }) as unknown as Context;

describe("a step's reads, registered by its feature", () => {
  it("are announced by a press of their button only, taken once by its step, and read anew after", async () => {
    let roundTrips = 0;
    const database = {
      read: async (reads: readonly Read<unknown>[]) => {
        roundTrips += 1;
        return reads.map(({ query, values }) => query.all(values));
      },
    } as unknown as Database;
    const registry = prefetches({ database, now: () => 1_000 });
    const send = registry.register(ReportDraft.send, ({ userId, now }) => [echo({ userId, now })]);
    const cancel = registry.register(ReportDraft.cancel, ({ userId }) => [echo({ userId })]);
    expect(() => registry.register(ReportDraft.send, () => [])).toThrow("registered twice");

    for (const other of ["1|rf|back|5|summary", "1|rf|send|x", "2|rf|send|5"])
      expect(registry.readsOf(pressed(other))).toBeUndefined();
    expect(
      registry.readsOf({ from: { id: 7 }, message: { text: "hi" } } as unknown as Context),
    ).toBeUndefined();

    const ctx = pressed("1|rf|send|5");
    const announced = registry.readsOf(ctx)!;
    expect(announced.reads.map((r) => r.values)).toEqual([{ userId: 7, now: 1_000 }]);
    announced.keep([["kept"]]);
    // Another step's reads for this update are not these.
    expect(await cancel.read(ctx)).toEqual([[{ userId: 7 }]]);
    expect(roundTrips).toBe(1);
    expect(await send.read(ctx)).toEqual([["kept"]]);
    expect(roundTrips).toBe(1);
    expect(await send.read(ctx)).toEqual([[{ userId: 7, now: 1_000 }]]);
    expect(roundTrips).toBe(2);
  });
});

describe("Send on a report draft, its reads taken with the bookkeeping", () => {
  async function withReporter() {
    const sqlite = openSqlite(":memory:");
    const counts = { reads: 0 };
    /** Runs once after the next bookkeeping round trip, as another request would between it and the step. */
    const between: { run?: () => Promise<unknown> } = {};
    const h = await createHarness({
      database: {
        ...sqlite,
        read: (reads) => {
          counts.reads += 1;
          return sqlite.read(reads);
        },
        rows: async (queries, reads) => {
          const result = await sqlite.rows(queries, reads);
          const run = between.run;
          between.run = undefined;
          await run?.();
          return result;
        },
      },
    });
    const [officer, citizen, other] = [8601, 8602, 8603].map((id) => person(id, "en"));
    for (const who of [officer!, citizen!, other!]) await onboard(h, who);
    await grantRole(h, officer!.id, "officer", 1);
    const id = await fillReport(h, citizen!);
    h.take();
    counts.reads = 0;
    return { h, citizen: citizen!, other: other!, id, counts, between };
  }

  it("refuses a press for someone else's draft and one for a draft sent already", async () => {
    const { h, citizen, other, id, counts } = await withReporter();
    await h.send(text(other, "/report"));
    h.take();
    counts.reads = 0;

    await h.send(press(other, `1|rf|send|${id}`));
    expect(answers(h.take())).toEqual([en("errors.staleButton")]);
    expect((await report(h, id)).status).toBe("draft");

    await h.send(press(citizen, `1|rf|send|${id}`));
    expect(texts(h.take()).at(-1)).toBe(en("report.sent", { reference: "R-2026-0001" }));
    const cards = (await outboxRows(h)).length;
    await h.send(press(citizen, `1|rf|send|${id}`));
    expect(answers(h.take())).toEqual([en("errors.staleButton")]);
    expect(await outboxRows(h)).toHaveLength(cards);
    // Each press decided on what the bookkeeping read for it: nothing was read apart.
    expect(counts.reads).toBe(0);
  });

  it("sends nothing twice when the draft was sent after its reads were taken", async () => {
    const { h, citizen, id, between } = await withReporter();
    between.run = () => submitDraft(h.db, id, 2026, 0);
    await h.send(press(citizen, `1|rf|send|${id}`));
    expect(texts(h.take())).toEqual([en("report.alreadySent")]);
    expect(await h.db.select({ refSeq: reports.refSeq }).from(reports).where(eq(reports.id, id))).toEqual([
      { refSeq: 1 },
    ]);
    expect(await outboxRows(h)).toEqual([]);
  });
});
