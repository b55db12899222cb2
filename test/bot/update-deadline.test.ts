import { Composer, type Context } from "grammy";
import { afterEach, describe, expect, it, vi } from "vitest";
import { oneAtATimePerChat } from "../../src/bot/middlewares/update-deadline.js";
import { claimUpdate } from "../../src/db/repo/updates.js";
import { openSqlite } from "../../src/db/sqlite.js";

afterEach(() => {
  vi.useRealTimers();
});

/** Just enough of a context for the ordering middleware: its chat. */
const inChat = (id: number) => ({ chat: { id } }) as unknown as Context;

describe("one update at a time per chat", () => {
  const run = (
    ordering: ReturnType<typeof oneAtATimePerChat>,
    ctx: Context,
    handler: () => Promise<void>,
  ) => {
    const composer = new Composer<Context>(ordering);
    composer.use(() => handler());
    return composer.middleware()(ctx, async () => {});
  };

  it("keeps a chat's updates in order, others free", async () => {
    const ordering = oneAtATimePerChat((ctx) => String(ctx.chat?.id));
    const seen: string[] = [];
    let releaseFirst!: () => void;
    const first = run(ordering, inChat(1), () =>
      new Promise<void>((resolve) => (releaseFirst = resolve)).then(() => void seen.push("1a")),
    );
    const second = run(ordering, inChat(1), async () => void seen.push("1b"));
    await run(ordering, inChat(2), async () => void seen.push("2"));
    expect(seen).toEqual(["2"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(seen).toEqual(["2", "1a", "1b"]);
  });

  it("with a budget, stops waiting for an update that will never end (an abandoned webhook request)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const ordering = oneAtATimePerChat((ctx) => String(ctx.chat?.id), 4_000);
    const seen: string[] = [];
    void run(ordering, inChat(1), () => new Promise<void>(() => {}));
    const second = run(ordering, inChat(1), async () => void seen.push("next"));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(seen).toEqual(["next"]);
    // The one after waits only for the one before it, which has ended.
    await run(ordering, inChat(1), async () => void seen.push("third"));
    expect(seen).toEqual(["next", "third"]);
  });
});

describe("claims of updates", () => {
  it("hands an update whose first try was abandoned to the retry once the claim is stale", async () => {
    const { db } = openSqlite(":memory:");
    expect(await claimUpdate(db, 7, 1_000, 10_000)).toBe(true);
    expect(await claimUpdate(db, 7, 5_000, 10_000)).toBe(false);
    expect(await claimUpdate(db, 7, 11_001, 10_000)).toBe(true);
  });
});
