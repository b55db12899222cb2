import { InlineKeyboard } from "grammy";
import { canModerate, type Roles } from "../../domain/roles.js";
import type { Translate } from "../../i18n/index.js";
import { Menu } from "../callbacks.js";
import type { BotContext } from "../context.js";
import { HTML } from "../html.js";

/**
 * Only what exists: features add their entries here as they ship. The entries whose words are
 * long in some language (proposing, the initiatives, reporting, privacy) have a row each, so that
 * no label is cut on a phone; short ones share a row.
 */
export function mainMenuKeyboard(t: Translate, roles: Roles) {
  const keyboard = new InlineKeyboard()
    .text(t("initiative.menu"), Menu.propose.pack())
    .row()
    .text(t("catalog.menu"), Menu.initiatives.pack())
    .row()
    .text(t("my.menu"), Menu.myInitiatives.pack())
    .row()
    .text(t("vote.menu"), Menu.vote.pack())
    .text(t("results.menu"), Menu.results.pack())
    .row()
    .text(t("report.menu"), Menu.report.pack())
    .row()
    .text(t("report.myMenu"), Menu.myReports.pack())
    .text(t("menu.help"), Menu.help.pack())
    .row()
    .text(t("menu.language"), Menu.language.pack())
    .text(t("menu.municipality"), Menu.municipality.pack())
    .row()
    .text(t("menu.privacy"), Menu.privacy.pack());
  if (roles.officerOf.length > 0 || canModerate(roles))
    keyboard.row().text(t("officer.menu"), Menu.reports.pack());
  if (roles.officerOf.length > 0 || roles.admin)
    keyboard
      .row()
      .text(t("round.menu"), Menu.rounds.pack())
      .row()
      .text(t("stats.menu"), Menu.stats.pack())
      .text(t("export.menu"), Menu.export.pack());
  if (canModerate(roles)) keyboard.row().text(t("moderation.menu"), Menu.queue.pack());
  if (roles.admin) keyboard.row().text(t("menu.admin"), Menu.admin.pack());
  return keyboard;
}

export async function sendMainMenu(ctx: BotContext, lead?: string) {
  const text = lead ? `${lead}\n\n${ctx.t("menu.title")}` : ctx.t("menu.title");
  await ctx.reply(text, { ...HTML, reply_markup: mainMenuKeyboard(ctx.t, ctx.roles) });
}
