import type { InlineKeyboard } from "grammy";
import { isStaff, type Roles } from "../../domain/roles.js";
import type { Translate } from "../../i18n/index.js";

/**
 * "Open workspace" under a staff screen: a web_app button, which Telegram shows only in private
 * chats; none for citizens, in groups, or without an https MINI_APP_URL.
 */
export function withWorkspace(
  keyboard: InlineKeyboard,
  where: { t: Translate; roles: Roles; chatType: string | undefined; url: string | undefined },
): InlineKeyboard {
  if (!where.url || where.chatType !== "private" || !isStaff(where.roles)) return keyboard;
  return keyboard.row().webApp(where.t("app.openWorkspace"), where.url);
}
