import { Composer, InlineKeyboard } from "grammy";
import { isBlockedAccount } from "../../db/repo/blocks.js";
import { findMunicipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { redeemInvite } from "../../db/repo/staff.js";
import { createUserWithConsent } from "../../db/repo/users.js";
import { isLocale, LOCALE_CODE, localeFromTelegram, type Translate, translator } from "../../i18n/index.js";
import { callbackData, callbackPattern } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { PROFILE } from "../conversations/profile.js";
import { HTML } from "../html.js";
import { languageKeyboard } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { updateStaffMenuButton } from "../staff-menu.js";
import { privacyNotice, privacySummary } from "../views/privacy-notice.js";

const INVITE_PREFIX = "inv-";

/** Agree (carrying an invite's token), decline, and the full notice unless it is shown already. */
function consentKeyboard(t: Translate, locale: string, token: string | undefined, more: boolean) {
  const withToken = token ? [token] : [];
  const keyboard = new InlineKeyboard()
    .text(t("privacy.agree"), callbackData("ob", "ok", locale, ...withToken))
    .row()
    .text(t("privacy.decline"), callbackData("ob", "no", locale));
  if (more) keyboard.row().text(t("privacy.more"), callbackData("ob", "more", locale, ...withToken));
  return keyboard;
}

export function inviteLink(botUsername: string, token: string) {
  return `https://t.me/${botUsername}?start=${INVITE_PREFIX}${token}`;
}

/**
 * /start: language, welcome and privacy notice with consent, then the profile conversation.
 * Until consent these steps are stateless buttons, so nothing about the person is stored.
 */
export function onboardingFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();
  const { database } = deps;

  feature.command("start", async (ctx) => {
    const payload = typeof ctx.match === "string" ? ctx.match.trim() : "";
    const inviteToken = payload.startsWith(INVITE_PREFIX) ? payload.slice(INVITE_PREFIX.length) : undefined;
    if (ctx.user?.onboardedAt) {
      if (inviteToken) await acceptInvite(ctx, inviteToken);
      return sendMainMenu(ctx, ctx.t("onboarding.welcomeBack"));
    }
    if (ctx.user) {
      const place = inviteToken ? await acceptInvite(ctx, inviteToken) : undefined;
      return ctx.conversation.enter(PROFILE, ctx.locale, false, place);
    }
    const suggested = localeFromTelegram(ctx.from?.language_code) ?? deps.config.defaultLocale;
    const extra = inviteToken && /^[\w-]{1,40}$/.test(inviteToken) ? [inviteToken] : [];
    await ctx.reply(translator(suggested)("onboarding.chooseLanguage"), {
      reply_markup: languageKeyboard("ob", "lang", suggested, deps.config.defaultLocale, ...extra),
    });
  });

  feature.callbackQuery(
    new RegExp(`^1\\|ob\\|lang\\|(${LOCALE_CODE})(?:\\|([\\w-]{1,40}))?$`),
    async (ctx) => {
      const locale = ctx.match[1]!;
      if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
      const token = ctx.match[2];
      const t = translator(locale);
      await ctx.answerCallbackQuery();
      if (ctx.user) return sendMainMenu(ctx);
      // The first screen is short: three lines, a privacy summary and the emergency numbers; "More"
      // shows the full notice in its place. Consent is always a press of its own.
      const text = [
        t("onboarding.welcome"),
        privacySummary(t, deps.config.operatorName),
        t("emergency.line"),
      ];
      await ctx.editMessageText(text.join("\n\n"), {
        ...HTML,
        reply_markup: consentKeyboard(t, locale, token, true),
      });
    },
  );

  feature.callbackQuery(
    new RegExp(`^1\\|ob\\|more\\|(${LOCALE_CODE})(?:\\|([\\w-]{1,40}))?$`),
    async (ctx) => {
      const locale = ctx.match[1]!;
      if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
      const t = translator(locale);
      await ctx.answerCallbackQuery();
      if (ctx.user) return sendMainMenu(ctx);
      await ctx.editMessageText(privacyNotice(t, deps.config.operatorName), {
        ...HTML,
        reply_markup: consentKeyboard(t, locale, ctx.match[2], false),
      });
    },
  );

  feature.callbackQuery(callbackPattern("ob", "no", LOCALE_CODE), async (ctx) => {
    const locale = ctx.match[1]!;
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(translator(locale)("privacy.declined"), HTML);
  });

  feature.callbackQuery(new RegExp(`^1\\|ob\\|ok\\|(${LOCALE_CODE})(?:\\|([\\w-]{1,40}))?$`), async (ctx) => {
    const locale = ctx.match[1]!;
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    const token = ctx.match[2];
    await ctx.answerCallbackQuery();
    if (ctx.user?.onboardedAt) return sendMainMenu(ctx);
    if (ctx.conversation.active(PROFILE) > 0) return;
    const blocked = await isBlockedAccount(database.db, deps.hashes.account(ctx.from.id));
    ctx.user = await createUserWithConsent(database.db, ctx.from.id, locale, deps.now(), blocked);
    ctx.locale = locale;
    ctx.t = translator(locale);
    if (!token) return ctx.conversation.enter(PROFILE, locale, true);
    // The invite's answer comes first; the questions follow it, below, in a message of their own.
    await ctx.editMessageText(ctx.t("privacy.accepted"), HTML);
    const place = await acceptInvite(ctx, token);
    await ctx.conversation.enter(PROFILE, locale, false, place);
  });

  /**
   * Grants the invite's role and names the officer's municipality. Returns that municipality's id,
   * which the profile then takes as the person's place instead of asking.
   */
  async function acceptInvite(ctx: BotContext, token: string): Promise<number | undefined> {
    const result = await redeemInvite(database, token, ctx.from!.id, deps.now());
    if (!result.ok) return void (await ctx.reply(ctx.t(`staff.invite.${result.reason}`), HTML));
    deps.logger.info("staff role granted by invite", { userId: ctx.from!.id, role: result.role });
    await updateStaffMenuButton(deps, ctx.api, ctx.from!.id, ctx.t);
    const place = result.municipalityId
      ? await findMunicipality(database.db, result.municipalityId)
      : undefined;
    const name = place ? municipalityLabel(place, ctx.locale) : "";
    await ctx.reply(ctx.t(`staff.invite.accepted.${result.role}`, { municipality: name }), HTML);
    return place?.id;
  }

  return feature;
}
