import { listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { updateUser } from "../../db/repo/users.js";
import type { Locale } from "../../i18n/index.js";
import { translator } from "../../i18n/index.js";
import { callbackData, callbackPattern } from "../callback-data.js";
import type { BotDeps, FlowContext } from "../context.js";
import { HTML } from "../html.js";
import { ageKeyboard, genderKeyboard, municipalityKeyboard } from "../keyboards/choices.js";
import { mainMenuKeyboard } from "../keyboards/main-menu.js";
import { type Flow, waitForButton } from "./wait.js";

export const PROFILE = "profile";

/**
 * The part of onboarding after consent: municipality, then optional gender and age band. Each
 * answer is saved at once, so nothing is lost if the person stops halfway.
 */
export function profileConversation(deps: BotDeps) {
  const { db } = deps.database;
  return async function profile(flow: Flow, ctx: FlowContext, locale: Locale) {
    const t = translator(locale);
    const userId = ctx.from!.id;

    const places = await flow.external(() => listMunicipalities(db));
    await ctx.reply(t("profile.municipalityPrompt"), {
      ...HTML,
      reply_markup: municipalityKeyboard(places, locale, (m) => callbackData("ob", "mun", m.id)),
    });
    let chosen = places[0];
    for (;;) {
      const press = await waitForButton(flow, t, "ob", callbackPattern("ob", "mun", "\\d+"));
      chosen = places.find((m) => m.id === Number(press.match[1]));
      if (chosen) {
        await press.answerCallbackQuery();
        await press.editMessageText(
          t("profile.municipalityChosen", { name: municipalityLabel(chosen, locale) }),
          HTML,
        );
        break;
      }
      await press.answerCallbackQuery({ text: t("errors.staleButton") });
    }
    const municipalityId = chosen!.id;
    await flow.external(() => updateUser(db, userId, { municipalityId }));

    await ctx.reply(t("profile.genderPrompt"), { ...HTML, reply_markup: genderKeyboard(t, "ob") });
    const gender = await waitForButton(
      flow,
      t,
      "ob",
      callbackPattern("ob", "gender", "woman|man|undisclosed|skip"),
    );
    await gender.answerCallbackQuery();
    await gender.editMessageText(t(`profile.genderChosen.${gender.match[1]}`), HTML);
    const genderValue = gender.match[1] === "skip" ? null : gender.match[1]!;
    await flow.external(() => updateUser(db, userId, { gender: genderValue }));

    await ctx.reply(t("profile.agePrompt"), { ...HTML, reply_markup: ageKeyboard(t, "ob") });
    const age = await waitForButton(
      flow,
      t,
      "ob",
      callbackPattern("ob", "age", "under18|18-28|29-35|36-55|56plus|undisclosed|skip"),
    );
    await age.answerCallbackQuery();
    const band = age.match[1]!;
    await age.editMessageText(
      band === "skip" ? t("profile.ageSkipped") : t("profile.ageChosen", { band: t(`profile.age.${band}`) }),
      HTML,
    );
    const now = await flow.now();
    await flow.external(() =>
      updateUser(db, userId, { ageBand: band === "skip" ? null : band, onboardedAt: now }),
    );

    const roles = await flow.external((outside) => outside.roles);
    await ctx.reply(`${t("profile.done")}\n\n${t("menu.title")}`, {
      ...HTML,
      reply_markup: mainMenuKeyboard(t, roles),
    });
  };
}
