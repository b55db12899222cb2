import { join } from "node:path";
import type { D1Database } from "@cloudflare/workers-types";
import { eq } from "drizzle-orm";
import { getPlatformProxy } from "wrangler";
import { openD1 } from "../../src/db/d1.js";
import type { Database } from "../../src/db/database.js";
import { createDraft } from "../../src/db/repo/initiatives.js";
import { enqueue } from "../../src/db/repo/outbox.js";
import { createUserWithConsent, moveToMunicipality, updateUser } from "../../src/db/repo/users.js";
import { initiatives, roundInitiatives, rounds, votes } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { ROOT } from "./wrangler.js";

export const AUTHOR = 7001;
export const VOTER = 7002;
/** Has a notification waiting in the outbox before any cron ran. */
export const WAITING = 7009;
export const ROUND_TITLE = "Clean water for Kurama";

/**
 * Writes, into the local D1 that `wrangler dev --persist-to` will use, a round whose voting time
 * is over (one initiative, one vote) and a queued notification.
 */
export async function seedDueRound(persistTo: string): Promise<void> {
  await withLocalD1(persistTo, async (database) => {
    const { db } = database;
    const now = Date.now();
    await seedMunicipalities(db);
    for (const id of [AUTHOR, VOTER]) {
      await createUserWithConsent(db, id, "en", now);
      await moveToMunicipality(database, id, 1);
      await updateUser(db, id, { onboardedAt: now });
    }
    const draft = await createDraft(db, { authorId: AUTHOR, municipalityId: 1, now });
    await db
      .update(initiatives)
      .set({ status: "in_round", title: "A water pipe for the school" })
      .where(eq(initiatives.id, draft.id));
    const [round] = await db
      .insert(rounds)
      .values({
        municipalityId: 1,
        title: ROUND_TITLE,
        status: "open",
        opensAt: now - 49 * 3_600_000,
        openedAt: now - 49 * 3_600_000,
        closesAt: now - 3_600_000,
        createdBy: 900,
      })
      .returning();
    await db.insert(roundInitiatives).values({ roundId: round!.id, initiativeId: draft.id });
    await db
      .insert(votes)
      .values({ roundId: round!.id, initiativeId: draft.id, voterId: VOTER, createdAt: now - 7_200_000 });
    await enqueue(database, { chatId: WAITING, payload: { text: "Waiting for the cron" } }, now);
  });
}

/** Runs `use` on the local D1 that `wrangler dev --persist-to=<persistTo>` will open. */
export async function withLocalD1<T>(persistTo: string, use: (database: Database) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(ROOT, "wrangler.toml"),
    persist: { path: join(persistTo, "v3") },
    envFiles: [],
    remoteBindings: false,
  });
  try {
    return await use(openD1(proxy.env.DB));
  } finally {
    await proxy.dispose();
  }
}
