import { describe, expect, it } from "vitest";
import {
  findMunicipalityBySlug,
  municipalityDistrict,
  municipalityName,
  renameMunicipality,
} from "../../src/db/repo/municipalities.js";
import { auditLog } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openTestDatabase } from "./test-database.js";

describe("municipality names per language", () => {
  it("names a municipality in a new language, keeps the other languages and the district, and audits it", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    await seedMunicipalities(db);

    const renamed = await renameMunicipality(database, {
      slug: "sumbula",
      locale: "tg",
      name: "Ҷамоати деҳоти Сумбула",
      district: "ноҳияи Лайлак",
      actorId: 900,
    });
    expect(renamed!.names.tg).toEqual({ name: "Ҷамоати деҳоти Сумбула", district: "ноҳияи Лайлак" });
    expect(renamed!.names.uz).toEqual({
      name: "Sumbula ovul aymogʻi",
      district: "Laylak tumani, Botken viloyati",
    });

    // A new name without a district keeps the district it had.
    const again = await renameMunicipality(database, {
      slug: "sumbula",
      locale: "uz",
      name: "Sumbula",
      actorId: 900,
    });
    expect(again!.names.uz).toEqual({ name: "Sumbula", district: "Laylak tumani, Botken viloyati" });
    expect((await db.select().from(auditLog)).map((a) => a.action)).toEqual([
      "municipality.renamed",
      "municipality.renamed",
    ]);
    expect(
      await renameMunicipality(database, { slug: "nowhere", locale: "uz", name: "X", actorId: 900 }),
    ).toBe(undefined);
  });

  it("falls back to Russian, then English, where a language has no name yet", async () => {
    const database = await openTestDatabase();
    await seedMunicipalities(database.db);
    const kurama = (await findMunicipalityBySlug(database.db, "kurama"))!;
    expect(municipalityName(kurama, "uz")).toBe("Qurama ovul aymogʻi");
    expect(municipalityName(kurama, "tg")).toBe("Кураминский айылный аймак");
    expect(municipalityDistrict(kurama, "tg")).toBe("Панфиловский район, Чуйская область");
  });
});
