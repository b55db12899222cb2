import { describe, expect, it } from "vitest";
import { openSqlite } from "../../src/db/sqlite.js";
import { translator } from "../../src/i18n/index.js";
import { purgeOldRecords } from "../../src/jobs/maintenance.js";
import { createHarness, texts } from "../support/harness.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const FLOOD = { limit: 5, windowMs: 10_000 };

/** Two bots on one database: two Worker isolates, or the process before and after a restart. */
async function twoIsolates() {
  const database = openSqlite(":memory:");
  const first = await createHarness({ database, flood: FLOOD });
  const second = await createHarness({ database, flood: FLOOD });
  return { first, second, database };
}

describe("flood limit", () => {
  it("holds across two bots on the same database: the limit is shared, the warning goes out once", async () => {
    const { first, second } = await twoIsolates();
    const spammer = person(8101, "en");
    for (let i = 0; i < 3; i++) await first.send(text(spammer, `spam ${i}`));
    for (let i = 3; i < 5; i++) await second.send(text(spammer, `spam ${i}`));
    expect(first.take()).toHaveLength(3);
    expect(second.take()).toHaveLength(2);

    await second.send(text(spammer, "spam 5"));
    expect(texts(second.take())).toEqual([en("errors.slowDown")]);
    // The other isolate knows the person was told already: silence, also for a button.
    await first.send(text(spammer, "spam 6"), press(spammer, "1|menu|x"));
    expect(first.take()).toEqual([
      { method: "answerCallbackQuery", payload: expect.not.objectContaining({ text: expect.anything() }) },
    ]);
    await second.send(text(spammer, "spam 7"));
    expect(second.take()).toEqual([]);

    // Another person is not slowed by it.
    const other = person(8102, "en");
    await first.send(text(other, "/start"));
    expect(first.take()).toHaveLength(1);
  });

  it("a new window allows again, and warns again once past the limit", async () => {
    const { first, second } = await twoIsolates();
    const spammer = person(8103, "en");
    for (let i = 0; i < 7; i++) await first.send(text(spammer, `spam ${i}`));
    expect(texts(first.take()).filter((t) => t === en("errors.slowDown"))).toHaveLength(1);
    second.advance(FLOOD.windowMs);
    for (let i = 0; i < 5; i++) await second.send(text(spammer, `again ${i}`));
    expect(texts(second.take())).toEqual(Array(5).fill(en("errors.startFirst")));
    await second.send(text(spammer, "again 5"), text(spammer, "again 6"));
    expect(texts(second.take())).toEqual([en("errors.slowDown")]);
  });

  it("keys the counter by a keyed hash of the id, and the maintenance job sweeps old windows", async () => {
    const { first, database } = await twoIsolates();
    const spammer = person(8104, "en");
    await first.send(text(spammer, "hello"));
    const rows = await database.db.all<{ key: string; hits: number }>(
      "select key, hits from flood_counters" as never,
    );
    expect(rows).toEqual([{ key: first.deps.hashes.chat(spammer.id), hits: 1 }]);
    expect(JSON.stringify(rows)).not.toContain(String(spammer.id));

    await purgeOldRecords(database.db, first.deps.now() + 30 * 60 * 1000);
    expect(await database.db.all("select key from flood_counters" as never)).toHaveLength(1);
    await purgeOldRecords(database.db, first.deps.now() + 2 * 60 * 60 * 1000);
    expect(await database.db.all("select key from flood_counters" as never)).toEqual([]);
  });
});
