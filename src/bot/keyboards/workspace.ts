import type { InlineKeyboard } from "grammy";
import { isStaff, type Roles } from "../../domain/roles.js";
import type { Translate } from "../../i18n/index.js";

/**
 * "Open workspace" under a staff screen: a web_app button, which Telegram shows only in private
 * chats; none for citizens, in groups, or without an https MINI_APP_URL.
 */
export function withWorkspace(
  keyboard: InlineKeyboard,
  ctx: { t: Translate; roles: Roles; chat?: { type: string } | undefined },
  url: string | undefined,
): InlineKeyboard {
  if (!url || ctx.chat?.type !== "private" || !isStaff(ctx.roles)) return keyboard;
  return keyboard.row().webApp(ctx.t("app.openWorkspace"), url);
}
