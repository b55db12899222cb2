import { InlineKeyboard } from "grammy";
import { canModerate, type Roles } from "../../domain/roles.js";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { HTML } from "../html.js";

/**
 * Only what exists: features add their entries here as they ship. The entries whose words are
 * long in some language (proposing, the initiatives, reporting, privacy) have a row each, so that
 * no label is cut on a phone; short ones share a row.
 */
export function mainMenuKeyboard(t: Translate, roles: Roles) {
  const keyboard = new InlineKeyboard()
    .text(t("initiative.menu"), callbackData("menu", "propose"))
    .row()
    .text(t("catalog.menu"), callbackData("menu", "pub"))
    .row()
    .text(t("my.menu"), callbackData("menu", "my"))
    .row()
    .text(t("vote.menu"), callbackData("menu", "vote"))
    .text(t("results.menu"), callbackData("menu", "results"))
    .row()
    .text(t("report.menu"), callbackData("menu", "report"))
    .row()
    .text(t("report.myMenu"), callbackData("menu", "myreports"))
    .text(t("menu.help"), callbackData("menu", "help"))
    .row()
    .text(t("menu.language"), callbackData("menu", "language"))
    .text(t("menu.municipality"), callbackData("menu", "municipality"))
    .row()
    .text(t("menu.privacy"), callbackData("menu", "privacy"));
  if (roles.officerOf.length > 0 || canModerate(roles))
    keyboard.row().text(t("officer.menu"), callbackData("menu", "reports"));
  if (roles.officerOf.length > 0 || roles.admin)
    keyboard
      .row()
      .text(t("round.menu"), callbackData("menu", "rounds"))
      .row()
      .text(t("stats.menu"), callbackData("menu", "stats"))
      .text(t("export.menu"), callbackData("menu", "export"));
  if (canModerate(roles)) keyboard.row().text(t("moderation.menu"), callbackData("menu", "queue"));
  if (roles.admin) keyboard.row().text(t("menu.admin"), callbackData("menu", "admin"));
  return keyboard;
}

export async function sendMainMenu(ctx: BotContext, lead?: string) {
  const text = lead ? `${lead}\n\n${ctx.t("menu.title")}` : ctx.t("menu.title");
  await ctx.reply(text, { ...HTML, reply_markup: mainMenuKeyboard(ctx.t, ctx.roles) });
}
