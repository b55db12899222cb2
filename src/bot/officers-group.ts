import { type Api, GrammyError, HttpError } from "grammy";
import { findMunicipality, municipalityLabel } from "../db/repo/municipalities.js";
import { findOfficerChat } from "../db/repo/officer-chats.js";
import { grantsOf, type StaffGrant } from "../db/repo/staff.js";
import { canActFor, rolesFor } from "../domain/roles.js";
import type { Locale, Translate } from "../i18n/index.js";
import type { BotDeps } from "./context.js";

/** What became of a revoked officer's place in their municipality's officers' group. */
export type GroupRemoval =
  /** No group, the person was not in it, or they still act for the municipality. */
  | { kind: "nothing" }
  | { kind: "removed"; group: string }
  /** The bot is not an administrator with the right to ban, or Telegram refused: a person must. */
  | { kind: "byHand"; group: string };

const isTelegramRefusal = (error: unknown) => error instanceof GrammyError || error instanceof HttpError;

/**
 * After an officer's grant is revoked, takes them out of the municipality's officers' group, where
 * report cards keep arriving. A ban followed at once by an unban removes without barring: they can
 * be invited again later. Anything the bot cannot do is left to the admin, with the group named.
 */
export async function removeFromOfficersGroup(
  deps: BotDeps,
  api: Api,
  revoked: StaffGrant,
  reader: { t: Translate; locale: Locale; botId: number },
): Promise<GroupRemoval> {
  const { db } = deps.database;
  if (revoked.role !== "officer" || revoked.municipalityId === null) return { kind: "nothing" };
  const municipalityId = revoked.municipalityId;
  const group = await findOfficerChat(db, municipalityId);
  if (!group) return { kind: "nothing" };
  const stillActs = canActFor(
    rolesFor(revoked.userId, deps.config.adminIds, await grantsOf(db, revoked.userId)),
    municipalityId,
  );
  if (stillActs) return { kind: "nothing" };
  const fields = { chatId: group.chatId, userId: revoked.userId };
  const outcome = async (kind: "removed" | "byHand"): Promise<GroupRemoval> => ({
    kind,
    group: await groupName(deps, api, group.chatId, municipalityId, reader),
  });
  try {
    const member = await api.getChatMember(group.chatId, revoked.userId);
    if (member.status === "left" || member.status === "kicked") return { kind: "nothing" };
    const bot = await api.getChatMember(group.chatId, reader.botId);
    const mayBan = bot.status === "creator" || (bot.status === "administrator" && bot.can_restrict_members);
    if (!mayBan) {
      deps.logger.info("officers' group: the bot may not remove members", fields);
      return outcome("byHand");
    }
    await api.banChatMember(group.chatId, revoked.userId);
    await api.unbanChatMember(group.chatId, revoked.userId, { only_if_banned: true });
  } catch (error) {
    if (!isTelegramRefusal(error)) throw error;
    deps.logger.warn("officers' group: removing a revoked officer failed", { ...fields, error });
    return outcome("byHand");
  }
  deps.logger.info("officers' group: revoked officer removed", fields);
  return outcome("removed");
}

/**
 * The group's title as Telegram has it, with its municipality; the municipality alone if unknown.
 * Already escaped for HTML: the texts that name it take it as `{{- group}}`.
 */
async function groupName(
  deps: BotDeps,
  api: Api,
  chatId: number,
  municipalityId: number,
  reader: { t: Translate; locale: Locale },
): Promise<string> {
  const place = await findMunicipality(deps.database.db, municipalityId);
  const municipality = place ? municipalityLabel(place, reader.locale) : "";
  const chat = await api.getChat(chatId).catch((error: unknown) => {
    if (!isTelegramRefusal(error)) throw error;
    return undefined;
  });
  const title = chat && "title" in chat ? chat.title : undefined;
  return title
    ? reader.t("admin.officersGroup.named", { title, municipality })
    : reader.t("admin.officersGroup.unnamed", { municipality });
}
