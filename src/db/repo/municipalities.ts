import { asc, eq, sql } from "drizzle-orm";
import type { Locale } from "../../i18n/locales.js";
import type { Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { municipalities } from "../schema.js";

export type Municipality = typeof municipalities.$inferSelect;

const allMunicipalities = preparedQuery((db) =>
  db.select().from(municipalities).orderBy(asc(municipalities.id)).prepare(),
);
const municipalityById = preparedQuery((db) =>
  db
    .select()
    .from(municipalities)
    .where(eq(municipalities.id, sql.placeholder("id")))
    .prepare(),
);

export async function listMunicipalities(db: Db, options: { includeInactive?: boolean } = {}) {
  const rows = await allMunicipalities(db).all();
  return options.includeInactive ? rows : rows.filter((m) => m.active);
}

export async function findMunicipality(db: Db, id: number): Promise<Municipality | undefined> {
  const [row] = await municipalityById(db).all({ id });
  return row;
}

export async function findMunicipalityBySlug(db: Db, slug: string): Promise<Municipality | undefined> {
  const [row] = await db.select().from(municipalities).where(eq(municipalities.slug, slug));
  return row;
}

export function municipalityName(m: Municipality, locale: Locale): string {
  return { ky: m.nameKy, ru: m.nameRu, en: m.nameEn }[locale];
}

export function municipalityDistrict(m: Municipality, locale: Locale): string {
  return { ky: m.districtKy, ru: m.districtRu, en: m.districtEn }[locale];
}

/** Name with district, because two pilot municipalities are both called Lenin. */
export function municipalityLabel(m: Municipality, locale: Locale): string {
  const district = municipalityDistrict(m, locale);
  return district ? `${municipalityName(m, locale)} (${district})` : municipalityName(m, locale);
}

export async function addMunicipality(db: Db, values: typeof municipalities.$inferInsert) {
  const [row] = await db.insert(municipalities).values(values).onConflictDoNothing().returning();
  return row;
}

const nameColumn = { ky: "nameKy", ru: "nameRu", en: "nameEn" } as const;

export async function renameMunicipality(db: Db, slug: string, locale: Locale, name: string) {
  const [row] = await db
    .update(municipalities)
    .set({ [nameColumn[locale]]: name })
    .where(eq(municipalities.slug, slug))
    .returning();
  return row;
}

export async function setMunicipalityActive(db: Db, slug: string, active: boolean) {
  const [row] = await db
    .update(municipalities)
    .set({ active })
    .where(eq(municipalities.slug, slug))
    .returning();
  return row;
}
