import { listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { moveToMunicipality, updateUser } from "../../db/repo/users.js";
import type { Locale } from "../../i18n/index.js";
import { translator } from "../../i18n/index.js";
import { callbackData, callbackPattern } from "../callback-data.js";
import type { BotDeps, FlowContext } from "../context.js";
import { HTML } from "../html.js";
import { ageKeyboard, genderKeyboard, municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { mainMenuKeyboard } from "../keyboards/main-menu.js";
import { type ButtonContext, type Flow, waitForButton } from "./wait.js";

export const PROFILE = "profile";

/**
 * The part of onboarding after consent: municipality, then optional gender and age band. Each
 * answer is saved at once, so nothing is lost if the person stops halfway. The question message
 * turns into the next question, keeping the answers so far above it: the chat stays short, and
 * each press costs one Bot API call fewer than a new message would. `inPlace` continues in the
 * consent message the person just pressed.
 */
export function profileConversation(deps: BotDeps) {
  const { db } = deps.database;
  return async function profile(flow: Flow, ctx: FlowContext, locale: Locale, inPlace = false) {
    const t = translator(locale);
    const userId = ctx.from!.id;

    const places = await flow.external(() => listMunicipalities(db));
    const municipalityQuestion = {
      ...HTML,
      reply_markup: municipalityKeyboard(places, locale, (m) => callbackData("ob", "mun", m.id)),
    };
    const prompt = `${t("profile.municipalityPrompt")}${municipalityNote(places, locale)}`;
    if (inPlace) await ctx.editMessageText(`${t("privacy.accepted")}\n\n${prompt}`, municipalityQuestion);
    else await ctx.reply(prompt, municipalityQuestion);
    let chosen = places[0];
    let press: ButtonContext;
    for (;;) {
      press = await waitForButton(flow, t, "ob", callbackPattern("ob", "mun", "\\d+"));
      chosen = places.find((m) => m.id === Number(press.match[1]));
      if (chosen) break;
      await press.answerCallbackQuery({ text: t("errors.staleButton") });
    }
    const answers = [t("profile.municipalityChosen", { name: municipalityLabel(chosen!, locale) })];
    await press.answerCallbackQuery();
    await press.editMessageText(`${answers.join("\n")}\n\n${t("profile.genderPrompt")}`, {
      ...HTML,
      reply_markup: genderKeyboard(t, "ob"),
    });
    const municipalityId = chosen!.id;
    // Someone who voted before finishing their profile and now chose another place: see moveToMunicipality.
    await flow.external(() => moveToMunicipality(deps.database, userId, municipalityId));

    const gender = await waitForButton(
      flow,
      t,
      "ob",
      callbackPattern("ob", "gender", "woman|man|undisclosed|skip"),
    );
    answers.push(t(`profile.genderChosen.${gender.match[1]}`));
    await gender.answerCallbackQuery();
    await gender.editMessageText(`${answers.join("\n")}\n\n${t("profile.agePrompt")}`, {
      ...HTML,
      reply_markup: ageKeyboard(t, "ob"),
    });
    const genderValue = gender.match[1] === "skip" ? null : gender.match[1]!;
    await flow.external(() => updateUser(db, userId, { gender: genderValue }));

    const age = await waitForButton(
      flow,
      t,
      "ob",
      callbackPattern("ob", "age", "under18|18-28|29-35|36-55|56plus|undisclosed|skip"),
    );
    const band = age.match[1]!;
    answers.push(
      band === "skip" ? t("profile.ageSkipped") : t("profile.ageChosen", { band: t(`profile.age.${band}`) }),
    );
    const now = await flow.now();
    await flow.external(() =>
      updateUser(db, userId, { ageBand: band === "skip" ? null : band, onboardedAt: now }),
    );

    const roles = await flow.external((outside) => outside.roles);
    await age.answerCallbackQuery();
    await age.editMessageText(`${answers.join("\n")}\n\n${t("profile.done")}\n\n${t("menu.title")}`, {
      ...HTML,
      reply_markup: mainMenuKeyboard(t, roles),
    });
  };
}
