import { listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { moveToMunicipality, updateUser } from "../../db/repo/users.js";
import type { Locale, Translate } from "../../i18n/index.js";
import { translator } from "../../i18n/index.js";
import { Onboarding } from "../callbacks.js";
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
 * consent message the person just pressed. `municipalityId`: the place an officer's invite names,
 * chosen for them (they are told in the invite's answer), so the question is not asked. `known`:
 * the active municipalities, when read with the consent (in its round trip).
 */
export function profileConversation(deps: BotDeps) {
  const { db } = deps.database;
  return async function profile(
    flow: Flow,
    ctx: FlowContext,
    locale: Locale,
    inPlace = false,
    municipalityId?: number,
    known?: Place[],
  ) {
    const t = translator(locale);
    const userId = ctx.from!.id;

    const places = known ?? (await flow.external(() => listMunicipalities(db)));
    const given = places.find((m) => m.id === municipalityId);
    const asked = given ? undefined : await askMunicipality(flow, ctx, t, locale, places, inPlace);
    const place = given ?? asked!.place;
    const answers = [t("profile.municipalityChosen", { name: municipalityLabel(place, locale) })];
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
    await flow.external(() => moveToMunicipality(deps.database, userId, place.id));

    const genderPress = await waitForButton(flow, t, Onboarding.gender);
    const { gender } = Onboarding.gender.read(genderPress.match);
    answers.push(t(`profile.genderChosen.${gender}`));
    await genderPress.answerCallbackQuery();
    await genderPress.editMessageText(`${answers.join("\n")}\n\n${t("profile.agePrompt")}`, {
      ...HTML,
      reply_markup: ageKeyboard(t, (band) => Onboarding.age.pack({ band })),
    });
    await flow.external(() => updateUser(db, userId, { gender: gender === "skip" ? null : gender }));

    const age = await waitForButton(flow, t, Onboarding.age);
    const { band } = Onboarding.age.read(age.match);
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

type Place = Awaited<ReturnType<typeof listMunicipalities>>[number];

/** The municipality question, asked until a listed place is pressed. */
async function askMunicipality(
  flow: Flow,
  ctx: FlowContext,
  t: Translate,
  locale: Locale,
  places: Place[],
  inPlace: boolean,
): Promise<{ place: Place; press: ButtonContext }> {
  const municipalityQuestion = {
    ...HTML,
    reply_markup: municipalityKeyboard(places, locale, (m) =>
      Onboarding.municipality.pack({ municipality: m.id }),
    ),
  };
  const prompt = `${t("profile.municipalityPrompt")}${municipalityNote(places, locale)}`;
  if (inPlace) await ctx.editMessageText(`${t("privacy.accepted")}\n\n${prompt}`, municipalityQuestion);
  else await ctx.reply(prompt, municipalityQuestion);
  for (;;) {
    const press = await waitForButton(flow, t, Onboarding.municipality);
    const { municipality } = Onboarding.municipality.read(press.match);
    const place = places.find((m) => m.id === municipality);
    if (place) return { place, press };
    await press.answerCallbackQuery({ text: t("errors.staleButton") });
  }
}
