import { type Municipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { moveToMunicipalityStatements, updateUserStatement } from "../../db/repo/users.js";
import type { Locale, Translate } from "../../i18n/index.js";
import { translator } from "../../i18n/index.js";
import { Onboarding } from "../callbacks.js";
import type { BotContext, BotDeps, FlowContext } from "../context.js";
import { deferWrite } from "../deferred-writes.js";
import { HTML } from "../html.js";
import { ageKeyboard, genderKeyboard, municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { mainMenuKeyboard } from "../keyboards/main-menu.js";
import { type ButtonContext, type Flow, waitForButton } from "./wait.js";

export const PROFILE = "profile";

/** A municipality as the profile shows it: its label in the person's language. */
export interface PlaceChoice {
  id: number;
  label: string;
}

/**
 * Where the profile starts: the place an officer's invite names, chosen for them (they are told in
 * the invite's answer), or the municipality question, already asked (`askMunicipality`), with the
 * places it offers. Only ids and labels go in: the conversation keeps its arguments with its state,
 * which is read and written at every press.
 */
export type ProfileStart = { given: PlaceChoice } | { offered: PlaceChoice[] };

/**
 * The part of onboarding after consent: municipality, then optional gender and age band. Each
 * answer is saved with its step (in the update's one batch of writes, with the conversation's
 * state), so nothing is lost if the person stops halfway. The question message
 * turns into the next question, keeping the answers so far above it: the chat stays short, and
 * each press costs one Bot API call fewer than a new message would.
 */
export function profileConversation(deps: BotDeps) {
  const { db } = deps.database;
  return async function profile(flow: Flow, ctx: FlowContext, locale: Locale, start: ProfileStart) {
    const t = translator(locale);
    const userId = ctx.from!.id;

    const asked = "given" in start ? undefined : await pressedPlace(flow, t, start.offered);
    const place = "given" in start ? start.given : asked!.place;
    const answers = [t("profile.municipalityChosen", { name: place.label })];
    const genderQuestion = [
      `${answers.join("\n")}\n\n${t("profile.genderPrompt")}`,
      {
        ...HTML,
        reply_markup: genderKeyboard(t, (gender) => Onboarding.gender.pack({ gender })),
      },
    ] as const;
    if (asked) {
      await asked.press.answerCallbackQuery();
      await asked.press.editMessageText(...genderQuestion);
    } else await ctx.reply(...genderQuestion);
    // Someone who voted before finishing their profile and now chose another place: see moveToMunicipality.
    await flow.external((outside) =>
      deferWrite(outside, () => moveToMunicipalityStatements(db, userId, place.id)),
    );

    const genderPress = await waitForButton(flow, t, Onboarding.gender);
    const { gender } = Onboarding.gender.read(genderPress.match);
    answers.push(t(`profile.genderChosen.${gender}`));
    await genderPress.answerCallbackQuery();
    await genderPress.editMessageText(`${answers.join("\n")}\n\n${t("profile.agePrompt")}`, {
      ...HTML,
      reply_markup: ageKeyboard(t, (band) => Onboarding.age.pack({ band })),
    });
    await flow.external((outside) =>
      deferWrite(outside, () =>
        updateUserStatement(db, userId, { gender: gender === "skip" ? null : gender }),
      ),
    );

    const age = await waitForButton(flow, t, Onboarding.age);
    const { band } = Onboarding.age.read(age.match);
    answers.push(
      band === "skip" ? t("profile.ageSkipped") : t("profile.ageChosen", { band: t(`profile.age.${band}`) }),
    );
    const now = await flow.now();
    await flow.external((outside) =>
      deferWrite(outside, () =>
        updateUserStatement(db, userId, { ageBand: band === "skip" ? null : band, onboardedAt: now }),
      ),
    );

    const roles = await flow.external((outside) => outside.roles);
    await age.answerCallbackQuery();
    await age.editMessageText(`${answers.join("\n")}\n\n${t("profile.done")}\n\n${t("menu.title")}`, {
      ...HTML,
      reply_markup: mainMenuKeyboard(t, roles),
    });
  };
}

/**
 * Asks for the municipality, in the message the person just pressed (`inPlace`, the consent) or a
 * new one, and gives the places offered, for `ProfileStart`.
 */
export async function askMunicipality(
  ctx: BotContext,
  locale: Locale,
  places: Municipality[],
  inPlace: boolean,
): Promise<ProfileStart> {
  const t = translator(locale);
  const question = {
    ...HTML,
    reply_markup: municipalityKeyboard(places, locale, (m) =>
      Onboarding.municipality.pack({ municipality: m.id }),
    ),
  };
  const prompt = `${t("profile.municipalityPrompt")}${municipalityNote(places, locale)}`;
  if (inPlace) await ctx.editMessageText(`${t("privacy.accepted")}\n\n${prompt}`, question);
  else await ctx.reply(prompt, question);
  return { offered: places.map((m) => placeChoice(m, locale)) };
}

export function placeChoice(place: Municipality, locale: Locale): PlaceChoice {
  return { id: place.id, label: municipalityLabel(place, locale) };
}

/** The answer to the municipality question, waited for until an offered place is pressed. */
async function pressedPlace(
  flow: Flow,
  t: Translate,
  offered: PlaceChoice[],
): Promise<{ place: PlaceChoice; press: ButtonContext }> {
  for (;;) {
    const press = await waitForButton(flow, t, Onboarding.municipality);
    const { municipality } = Onboarding.municipality.read(press.match);
    const place = offered.find((m) => m.id === municipality);
    if (place) return { place, press };
    await press.answerCallbackQuery({ text: t("errors.staleButton") });
  }
}
