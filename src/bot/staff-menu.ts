import { type Api, GrammyError } from "grammy";
import type { MenuButton } from "grammy/types";
import { grantsOf } from "../db/repo/staff.js";
import { isStaff, rolesFor } from "../domain/roles.js";
import { isLocale, type Locale, type Translate, translator } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import type { BotDeps } from "./context.js";

/** A refusal (they blocked the bot, or never started it) is logged, not fatal. */
async function setMenuButton(api: Api, logger: Logger, userId: number, menu_button: MenuButton) {
  try {
    await api.setChatMenuButton({ chat_id: userId, menu_button });
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    logger.warn("menu button not set", { userId, error: error.description });
  }
}

const workspaceButton = (t: Translate, url: string): MenuButton => ({
  type: "web_app",
  text: t("app.title"),
  web_app: { url },
});

/**
 * The menu button of a staff member's private chat opens the workspace; once their last role is
 * revoked it is Telegram's default again. Set per chat, so citizens never see it. The role change
 * itself has already happened when this runs.
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
  await setMenuButton(
    api,
    deps.logger,
    userId,
    isStaff(roles) ? workspaceButton(t, url) : { type: "default" },
  );
}

/**
 * The admins of ADMIN_IDS never accept an invite, which is what sets the button for other staff:
 * theirs is set at start-up (and by the Worker's set-webhook script), in the language the bot
 * knows them by, else the default one.
 */
export async function showWorkspaceToAdmins(
  deps: Pick<BotDeps, "config" | "logger">,
  api: Api,
  localeOf: (userId: number) => Promise<string | null | undefined> = async () => undefined,
): Promise<void> {
  const url = deps.config.miniAppUrl;
  if (!url) return;
  for (const userId of deps.config.adminIds) {
    const stored = await localeOf(userId);
    const locale: Locale = isLocale(stored) ? stored : deps.config.defaultLocale;
    await setMenuButton(api, deps.logger, userId, workspaceButton(translator(locale), url));
  }
}
