import { InlineKeyboard } from "grammy";
import type { Db } from "../../db/database.js";
import { findMunicipality, listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { canActFor, type Roles } from "../../domain/roles.js";
import type { Locale, Translate } from "../../i18n/index.js";
import { Statistics } from "../callbacks.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";

/** `s`: /stats, `e`: /export. Scope 0 is every municipality, which only admins may see. */
export type StatsKind = "s" | "e";
export const ALL = 0;

export const mayView = (roles: Roles, scope: number) =>
  scope === ALL ? roles.admin : canActFor(roles, scope);

/** What the person may choose from: admins everything, officers their own municipalities. */
export async function scopesOf(db: Db, roles: Roles): Promise<number[]> {
  if (roles.admin)
    return [ALL, ...(await listMunicipalities(db, { includeInactive: true })).map((m) => m.id)];
  return roles.officerOf;
}

export async function scopeKeyboard(
  db: Db,
  t: Translate,
  locale: Locale,
  roles: Roles,
  kind: StatsKind,
  period: string,
) {
  const scopes = await scopesOf(db, roles);
  const places = (await listMunicipalities(db, { includeInactive: true })).filter((m) =>
    scopes.includes(m.id),
  );
  const keyboard = municipalityKeyboard(places, locale, (m) =>
    Statistics.scope.pack({ kind, scope: m.id, period }),
  );
  if (roles.admin)
    keyboard.row().text(t("stats.allMunicipalities"), Statistics.scope.pack({ kind, scope: ALL, period }));
  return { keyboard, note: municipalityNote(places, locale) };
}

export function periodKeyboard(t: Translate, kind: StatsKind, scope: number) {
  return new InlineKeyboard()
    .text(t("stats.period.month"), Statistics.scope.pack({ kind, scope, period: "month" }))
    .row()
    .text(t("stats.period.quarter"), Statistics.scope.pack({ kind, scope, period: "quarter" }))
    .row()
    .text(t("stats.period.all"), Statistics.scope.pack({ kind, scope, period: "all" }));
}

/** The municipality's name, or "All municipalities". */
export async function scopeName(
  db: Db,
  t: Translate,
  locale: Locale,
  scope: number,
): Promise<string | undefined> {
  if (scope === ALL) return t("stats.allMunicipalities");
  const place = await findMunicipality(db, scope);
  return place ? municipalityLabel(place, locale) : undefined;
}

export async function scopeSlug(db: Db, scope: number): Promise<string> {
  if (scope === ALL) return "all";
  return (await findMunicipality(db, scope))?.slug ?? String(scope);
}
