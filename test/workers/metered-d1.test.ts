import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { D1Database } from "@cloudflare/workers-types";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { meteredD1, openD1 } from "../../src/db/d1.js";
import { municipalities } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { withLocalD1 } from "./seed.js";
import { wrangler } from "./wrangler.js";

let persistTo: string;

beforeAll(async () => {
  persistTo = mkdtempSync(join(tmpdir(), "yntymak-metered-d1-"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", `--persist-to=${persistTo}`]);
}, 60_000);

afterAll(() => rmSync(persistTo, { recursive: true, force: true }));

describe("meteredD1 (local D1)", () => {
  it("counts each query and each batch as one round trip, as Cloudflare counts subrequests", async () => {
    await withLocalD1(persistTo, async (plain) => {
      await seedMunicipalities(plain.db);
      let roundTrips = 0;
      // The binding under the plain database: the one a Worker gets as env.DB.
      const binding = (plain.db as unknown as { $client: D1Database }).$client;
      const database = openD1(
        meteredD1(binding, () => {
          roundTrips += 1;
        }),
      );
      const rows = await database.db.select().from(municipalities);
      expect(rows.length).toBeGreaterThan(1);
      expect(roundTrips).toBe(1);
      await database.db.select().from(municipalities).where(eq(municipalities.id, rows[0]!.id)).get();
      expect(roundTrips).toBe(2);
      await database.batch(
        rows.map((row) =>
          database.db.update(municipalities).set({ slug: row.slug }).where(eq(municipalities.id, row.id)),
        ),
      );
      expect(roundTrips).toBe(3);
    });
  });
});
