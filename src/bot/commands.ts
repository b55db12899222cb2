import type { Api } from "grammy";
import type { LanguageCode } from "grammy/types";
import { LOCALES, translator } from "../i18n/index.js";
import type { Locale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";

/** In the order people see them; each with the locale key of its description. */
const CITIZEN_COMMANDS: [command: string, descriptionKey: string][] = [
  ["start", "commands.start"],
  ["menu", "commands.menu"],
  ["propose", "commands.propose"],
  ["vote", "commands.vote"],
  ["report", "report.commands.report"],
  ["my", "commands.my"],
  ["myreports", "report.commands.myreports"],
  ["initiatives", "commands.initiatives"],
  ["results", "commands.results"],
  ["clear", "report.commands.clear"],
  ["language", "commands.language"],
  ["municipality", "commands.municipality"],
  ["help", "commands.help"],
  ["privacy", "commands.privacy"],
  ["forget", "commands.forget"],
  ["cancel", "commands.cancel"],
];

/**
 * The command list and descriptions people see before they write, in their Telegram language;
 * the default locale serves everyone else. A failure is logged: the bot works without them.
 */
export async function publishBotProfile(api: Api, defaultLocale: Locale, logger: Logger): Promise<void> {
  const targets = [
    ...LOCALES.map((locale) => ({ locale, language_code: locale })),
    { locale: defaultLocale },
  ];
  // Every locale file is named by an ISO 639-1 code, which is what Telegram's LanguageCode lists.
  for (const { locale, language_code } of targets as { locale: Locale; language_code?: LanguageCode }[]) {
    const t = translator(locale);
    try {
      await api.setMyCommands(
        CITIZEN_COMMANDS.map(([command, key]) => ({ command, description: t(key) })),
        { language_code, scope: { type: "all_private_chats" } },
      );
      await api.setMyDescription(t("bot.description"), { language_code });
      await api.setMyShortDescription(t("bot.shortDescription"), { language_code });
    } catch (error) {
      logger.warn("could not publish the bot's commands and description", { locale, error });
    }
  }
}
