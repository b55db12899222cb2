import { InlineKeyboard } from "grammy";
import {
  findMunicipality,
  listMunicipalities,
  type Municipality,
  municipalityLabel,
} from "../../db/repo/municipalities.js";
import { redeemInvite } from "../../db/repo/staff.js";
import { recordConsent } from "../../db/repo/users.js";
import { isLocale, type Locale, localeFromTelegram, type Translate, translator } from "../../i18n/index.js";
import { Onboarding } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { askMunicipality, PROFILE, placeChoice } from "../conversations/profile.js";
import { HTML } from "../html.js";
import { languageKeyboard } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { updateStaffMenuButton } from "../staff-menu.js";
import { privacyNotice, privacySummary } from "../views/privacy-notice.js";

const INVITE_PREFIX = "inv-";

/** Agree (carrying an invite's token), decline, and the full notice unless it is shown already. */
function consentKeyboard(t: Translate, locale: string, invite: string | undefined, more: boolean) {
  const keyboard = new InlineKeyboard()
    .text(t("privacy.agree"), Onboarding.agree.pack({ locale, invite }))
    .row()
    .text(t("privacy.decline"), Onboarding.decline.pack({ locale }));
  if (more) keyboard.row().text(t("privacy.more"), Onboarding.more.pack({ locale, invite }));
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
  const feature = new FeatureComposer<BotContext>();
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
      return startProfile(ctx, ctx.locale, place);
    }
    const suggested = localeFromTelegram(ctx.from?.language_code) ?? deps.config.defaultLocale;
    // A token that could not ride on a button (too long, odd characters) is no invite we made.
    const invite = inviteToken && /^[\w-]{1,40}$/.test(inviteToken) ? inviteToken : undefined;
    await ctx.reply(translator(suggested)("onboarding.chooseLanguage"), {
      reply_markup: languageKeyboard(suggested, deps.config.defaultLocale, (locale) =>
        Onboarding.language.pack({ locale, invite }),
      ),
    });
  });

  feature.callbackQuery(Onboarding.language.pattern, async (ctx) => {
    const { locale, invite } = Onboarding.language.read(ctx.match);
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    const t = translator(locale);
    await ctx.answerCallbackQuery();
    if (ctx.user) return sendMainMenu(ctx);
    // The first screen is short: three lines, a privacy summary and the emergency numbers; "More"
    // shows the full notice in its place. Consent is always a press of its own.
    const text = [t("onboarding.welcome"), privacySummary(t, deps.config.operatorName), t("emergency.line")];
    await ctx.editMessageText(text.join("\n\n"), {
      ...HTML,
      reply_markup: consentKeyboard(t, locale, invite, true),
    });
  });

  feature.callbackQuery(Onboarding.more.pattern, async (ctx) => {
    const { locale, invite } = Onboarding.more.read(ctx.match);
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    const t = translator(locale);
    await ctx.answerCallbackQuery();
    if (ctx.user) return sendMainMenu(ctx);
    await ctx.editMessageText(privacyNotice(t, deps.config.operatorName), {
      ...HTML,
      reply_markup: consentKeyboard(t, locale, invite, false),
    });
  });

  feature.callbackQuery(Onboarding.decline.pattern, async (ctx) => {
    const { locale } = Onboarding.decline.read(ctx.match);
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(translator(locale)("privacy.declined"), HTML);
  });

  feature.callbackQuery(Onboarding.agree.pattern, async (ctx) => {
    const { locale, invite: token } = Onboarding.agree.read(ctx.match);
    if (!isLocale(locale)) return ctx.answerCallbackQuery(ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    if (ctx.user?.onboardedAt) return sendMainMenu(ctx);
    if (ctx.conversation.active(PROFILE) > 0) return;
    const { user, places } = await recordConsent(database, {
      id: ctx.from.id,
      locale,
      now: deps.now(),
      accountHash: deps.hashes.account(ctx.from.id),
    });
    ctx.user = user;
    ctx.locale = locale;
    ctx.t = translator(locale);
    if (!token) return startProfile(ctx, locale, undefined, places, true);
    // The invite's answer comes first; the questions follow it, below, in a message of their own.
    await ctx.editMessageText(ctx.t("privacy.accepted"), HTML);
    const place = await acceptInvite(ctx, token);
    await startProfile(ctx, locale, place, places);
  });

  /**
   * The profile conversation, from the place an invite names when it is active, or else from the
   * municipality question (`inPlace`: in the consent message just pressed). `places`: the active
   * municipalities, when read already.
   */
  async function startProfile(
    ctx: BotContext,
    locale: Locale,
    invited: Municipality | undefined,
    places?: Municipality[],
    inPlace = false,
  ) {
    const start = invited?.active
      ? { given: placeChoice(invited, locale) }
      : await askMunicipality(ctx, locale, places ?? (await listMunicipalities(database.db)), inPlace);
    await ctx.conversation.enter(PROFILE, locale, start);
  }

  /**
   * Grants the invite's role and names the officer's municipality. Returns that municipality,
   * which the profile then takes as the person's place instead of asking.
   */
  async function acceptInvite(ctx: BotContext, token: string): Promise<Municipality | undefined> {
    const result = await redeemInvite(database, token, ctx.from!.id, deps.now());
    if (!result.ok) return void (await ctx.reply(ctx.t(`staff.invite.${result.reason}`), HTML));
    deps.logger.info("staff role granted by invite", { userId: ctx.from!.id, role: result.role });
    await updateStaffMenuButton(deps, ctx.api, ctx.from!.id, ctx.t);
    const place = result.municipalityId
      ? await findMunicipality(database.db, result.municipalityId)
      : undefined;
    const name = place ? municipalityLabel(place, ctx.locale) : "";
    await ctx.reply(ctx.t(`staff.invite.accepted.${result.role}`, { municipality: name }), HTML);
    return place;
  }

  return feature;
}
