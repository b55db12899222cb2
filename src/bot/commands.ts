import type { Api } from "grammy";
import { LOCALES, translator } from "../i18n/index.js";
import type { Locale } from "../i18n/locales.js";
import type { Logger } from "../logger.js";

const CITIZEN_COMMANDS = [
  "start",
  "menu",
  "propose",
  "my",
  "initiatives",
  "language",
  "municipality",
  "help",
  "privacy",
  "forget",
  "cancel",
] as const;

/** The report commands; their descriptions live with the rest of the report texts. */
const REPORT_COMMANDS = ["report", "myreports", "clear"] as const;

/**
 * The command list and descriptions people see before they write, in their Telegram language;
 * the default locale serves everyone else. A failure is logged: the bot works without them.
 */
export async function publishBotProfile(api: Api, defaultLocale: Locale, logger: Logger): Promise<void> {
  const targets = [
    ...LOCALES.map((locale) => ({ locale, language_code: locale })),
    { locale: defaultLocale },
  ];
  for (const { locale, language_code } of targets as { locale: Locale; language_code?: Locale }[]) {
    const t = translator(locale);
    try {
      await api.setMyCommands(
        [
          ...CITIZEN_COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) })),
          ...REPORT_COMMANDS.map((command) => ({ command, description: t(`report.commands.${command}`) })),
        ],
        { language_code, scope: { type: "all_private_chats" } },
      );
      await api.setMyDescription(t("bot.description"), { language_code });
      await api.setMyShortDescription(t("bot.shortDescription"), { language_code });
    } catch (error) {
      logger.warn("could not publish the bot's commands and description", { locale, error });
    }
  }
}
