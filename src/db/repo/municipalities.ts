import { asc, eq, sql } from "drizzle-orm";
import { nameIn } from "../../domain/municipality-names.js";
import { FALLBACK_LOCALES, type Locale } from "../../i18n/locales.js";
import { type Database, type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { municipalities } from "../schema.js";
import { auditIfChangedStatement } from "./audit.js";

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

/** The active municipalities as one read of a batch (`Database.read`); `activeOf` its rows. */
export function municipalitiesRead(db: Db) {
  return read(allMunicipalities(db));
}

export function activeOf(rows: Municipality[]): Municipality[] {
  return rows.filter((m) => m.active);
}

/** `findMunicipality` as one read of a batch (its rows: none or one). */
export const municipalityRead = (db: Db, id: number) => read(municipalityById(db), { id });

export async function findMunicipality(db: Db, id: number): Promise<Municipality | undefined> {
  const [row] = await municipalityById(db).all({ id });
  return row;
}

export async function findMunicipalityBySlug(db: Db, slug: string): Promise<Municipality | undefined> {
  const [row] = await db.select().from(municipalities).where(eq(municipalities.slug, slug));
  return row;
}

export function municipalityName(m: Municipality, locale: Locale): string {
  return nameIn(m.names, locale, FALLBACK_LOCALES).name;
}

export function municipalityDistrict(m: Municipality, locale: Locale): string {
  return nameIn(m.names, locale, FALLBACK_LOCALES).district ?? "";
}

/** Name with district, because two pilot municipalities are both called Lenin. */
export function municipalityLabel(m: Municipality, locale: Locale): string {
  const district = municipalityDistrict(m, locale);
  return district ? `${municipalityName(m, locale)} (${district})` : municipalityName(m, locale);
}

/** Adds a municipality and its audit entry in one batch; undefined when the slug is taken. */
export async function addMunicipality(
  database: Database,
  values: typeof municipalities.$inferInsert,
  actorId: number,
) {
  const { db } = database;
  const before = await findMunicipalityBySlug(db, values.slug);
  if (before) return undefined;
  await database.batch([
    db.insert(municipalities).values(values).onConflictDoNothing(),
    auditIfChangedStatement(db, { actorId, action: "municipality.added", subject: values.slug }),
  ]);
  return findMunicipalityBySlug(db, values.slug);
}

/**
 * Names it in one language (any code: a language is data), audited in the same batch; the
 * district stays unless a new one is given. Undefined for an unknown slug.
 */
export async function renameMunicipality(
  database: Database,
  change: { slug: string; locale: Locale; name: string; district?: string; actorId: number },
) {
  const { db } = database;
  const { slug, locale, name, district, actorId } = change;
  const path = `$.${locale}`;
  const entry = JSON.stringify(district === undefined ? { name } : { name, district });
  const names = municipalities.names;
  await database.batch([
    db
      .update(municipalities)
      .set({
        names: sql`json_set(${names}, ${path}, json_patch(coalesce(${names} -> ${path}, '{}'), ${entry}))`,
      })
      .where(eq(municipalities.slug, slug)),
    auditIfChangedStatement(db, {
      actorId,
      action: "municipality.renamed",
      subject: slug,
      details: { locale, name },
    }),
  ]);
  return findMunicipalityBySlug(db, slug);
}

/** Enables or disables, audited in the same batch; undefined for an unknown slug. */
export async function setMunicipalityActive(
  database: Database,
  slug: string,
  active: boolean,
  actorId: number,
) {
  const { db } = database;
  const action = active ? "municipality.enabled" : "municipality.disabled";
  await database.batch([
    db.update(municipalities).set({ active }).where(eq(municipalities.slug, slug)),
    auditIfChangedStatement(db, { actorId, action, subject: slug }),
  ]);
  return findMunicipalityBySlug(db, slug);
}
