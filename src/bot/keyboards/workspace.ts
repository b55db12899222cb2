import type { InlineKeyboard } from "grammy";
import { isStaff, type Roles } from "../../domain/roles.js";
import type { Translate } from "../../i18n/index.js";
import { PASS_PARAMETER, workspacePass } from "../../staff/signature.js";
import type { BotDeps } from "../context.js";

/**
 * "Open workspace" under a staff screen: a web_app button, which Telegram shows only in private
 * chats; none for citizens, in groups, or without an https MINI_APP_URL. Its address carries a
 * pass signed for the person just now, so that the first open is one request (see workspacePass);
 * the menu button, which lives on, keeps the plain address.
 */
export async function withWorkspace(
  keyboard: InlineKeyboard,
  ctx: { t: Translate; roles: Roles; chat?: { type: string } | undefined; from?: { id: number } | undefined },
  deps: Pick<BotDeps, "config" | "now">,
): Promise<InlineKeyboard> {
  const { miniAppUrl, botToken, miniAppMaxAgeSeconds } = deps.config;
  if (!miniAppUrl || !ctx.from || ctx.chat?.type !== "private" || !isStaff(ctx.roles)) return keyboard;
  const url = new URL(miniAppUrl);
  url.searchParams.set(
    PASS_PARAMETER,
    await workspacePass(botToken, ctx.from.id, deps.now(), miniAppMaxAgeSeconds),
  );
  return keyboard.row().webApp(ctx.t("app.openWorkspace"), url.href);
}
