import { listContacts, type MunicipalityContact } from "../../db/repo/municipality-contacts.js";
import type { Translate } from "../../i18n/index.js";
import type { BotDeps } from "../context.js";

/**
 * The numbered list an admin manages and a person in danger reads: "1. Crisis centre: +996 …".
 * Plain text: the translator escapes it as it fills it into the HTML message.
 */
export function contactLines(contacts: readonly MunicipalityContact[]): string {
  return contacts.map((c, i) => `${i + 1}. ${c.text}`).join("\n");
}

/**
 * A text with the municipality's local support contacts below it, when the municipality is known
 * and has any: they are shown wherever the emergency numbers are and the place is known.
 */
export async function withLocalSupport(
  deps: BotDeps,
  t: Translate,
  text: string,
  municipalityId: number | null | undefined,
): Promise<string> {
  if (!municipalityId) return text;
  return withContacts(t, text, await listContacts(deps.database.db, municipalityId));
}

/** `withLocalSupport` with the contacts read already, among the other reads of a step. */
export function withContacts(t: Translate, text: string, contacts: readonly MunicipalityContact[]): string {
  if (contacts.length === 0) return text;
  return `${text}\n\n${t("emergency.local", { list: contactLines(contacts) })}`;
}
