import { Composer, InlineKeyboard } from "grammy";
import { isBlockedAccount } from "../../db/repo/blocks.js";
import { redeemInvite } from "../../db/repo/staff.js";
import { createUserWithConsent } from "../../db/repo/users.js";
import { type Locale, localeFromTelegram, translator } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";
import type { BotContext, BotDeps } from "../context.js";
import { PROFILE } from "../conversations/profile.js";
import { HTML } from "../html.js";
import { languageKeyboard } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { updateStaffMenuButton } from "../staff-menu.js";
import { privacyNotice } from "../views/privacy-notice.js";

const INVITE_PREFIX = "inv-";

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
      if (inviteToken) await acceptInvite(ctx, inviteToken);
      return ctx.conversation.enter(PROFILE, ctx.locale);
    }
    const suggested = localeFromTelegram(ctx.from?.language_code) ?? deps.config.defaultLocale;
    const extra = inviteToken && /^[\w-]{1,40}$/.test(inviteToken) ? [inviteToken] : [];
    await ctx.reply(translator(suggested)("onboarding.chooseLanguage"), {
      reply_markup: languageKeyboard("ob", "lang", suggested, ...extra),
    });
  });

  feature.callbackQuery(/^1\|ob\|lang\|(ky|ru|en)(?:\|([\w-]{1,40}))?$/, async (ctx) => {
    const locale = ctx.match[1] as Locale;
    const token = ctx.match[2];
    const t = translator(locale);
    await ctx.answerCallbackQuery();
    if (ctx.user) return sendMainMenu(ctx);
    const keyboard = new InlineKeyboard()
      .text(t("privacy.agree"), callbackData("ob", "ok", locale, ...(token ? [token] : [])))
      .row()
      .text(t("privacy.decline"), callbackData("ob", "no", locale));
    await ctx.editMessageText(`${t("onboarding.welcome")}\n\n${privacyNotice(t, deps.config.operatorName)}`, {
      ...HTML,
      reply_markup: keyboard,
    });
  });

  feature.callbackQuery(/^1\|ob\|no\|(ky|ru|en)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(translator(ctx.match[1] as Locale)("privacy.declined"), HTML);
  });

  feature.callbackQuery(/^1\|ob\|ok\|(ky|ru|en)(?:\|([\w-]{1,40}))?$/, async (ctx) => {
    const locale = ctx.match[1] as Locale;
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
    await acceptInvite(ctx, token);
    await ctx.conversation.enter(PROFILE, locale);
  });

  async function acceptInvite(ctx: BotContext, token: string) {
    const result = await redeemInvite(database, token, ctx.from!.id, deps.now());
    if (!result.ok) return ctx.reply(ctx.t(`staff.invite.${result.reason}`), HTML);
    deps.logger.info("staff role granted by invite", { userId: ctx.from!.id, role: result.role });
    await updateStaffMenuButton(deps, ctx.api, ctx.from!.id, ctx.t);
    return ctx.reply(ctx.t(`staff.invite.accepted.${result.role}`), HTML);
  }

  return feature;
}
