import type { Translate } from "../../i18n/index.js";

/**
 * The privacy notice of /privacy and of the consent screen, naming who runs the bot
 * (`OPERATOR_NAME`); without that setting it says where to ask.
 */
export function privacyNotice(t: Translate, operatorName: string | undefined): string {
  return t("privacy.notice", { operator: operatorName ?? t("privacy.operatorUnknown") });
}

/** The few sentences of the consent screen; the full notice is one press away ("More"). */
export function privacySummary(t: Translate, operatorName: string | undefined): string {
  return t("privacy.summary", { operator: operatorName ?? t("privacy.operatorUnknown") });
}
