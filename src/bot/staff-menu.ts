import { type Api, GrammyError } from "grammy";
import { grantsOf } from "../db/repo/staff.js";
import { isStaff, rolesFor } from "../domain/roles.js";
import type { Translate } from "../i18n/index.js";
import type { BotDeps } from "./context.js";

/**
 * The menu button of a staff member's private chat opens the workspace; once their last role is
 * revoked it is Telegram's default again. Set per chat, so citizens never see it. A refusal
 * (they blocked the bot) is logged, not fatal: the role change itself already happened.
 */
export async function updateStaffMenuButton(
  deps: Pick<BotDeps, "config" | "database" | "logger">,
  api: Api,
  userId: number,
  t: Translate,
): Promise<void> {
  const url = deps.config.miniAppUrl;
  if (!url) return;
  const roles = rolesFor(userId, deps.config.adminIds, await grantsOf(deps.database.db, userId));
  const menu_button = isStaff(roles)
    ? { type: "web_app" as const, text: t("app.title"), web_app: { url } }
    : { type: "default" as const };
  try {
    await api.setChatMenuButton({ chat_id: userId, menu_button });
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    deps.logger.warn("menu button not set", { userId, error: error.description });
  }
}
