import { findMunicipality, listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { moveToMunicipality } from "../../db/repo/users.js";
import { Menu, Municipality } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { sendMainMenu } from "../keyboards/main-menu.js";
import { refuse, requireRegistered } from "./guards.js";

export function municipalityFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;
  const ask = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (!(await requireRegistered(ctx))) return;
    const current = ctx.user?.municipalityId
      ? await findMunicipality(db, ctx.user.municipalityId)
      : undefined;
    const lead = current
      ? ctx.t("municipality.current", { name: municipalityLabel(current, ctx.locale) })
      : "";
    const places = await listMunicipalities(db);
    const note = municipalityNote(places, ctx.locale);
    await ctx.reply(`${lead}${lead ? "\n\n" : ""}${ctx.t("profile.municipalityPrompt")}${note}`, {
      ...HTML,
      reply_markup: municipalityKeyboard(
        places,
        ctx.locale,
        (m) => Municipality.set.pack({ municipality: m.id }),
        ctx.user?.municipalityId,
      ),
    });
  };
  feature.command("municipality", ask);
  feature.callbackQuery(Menu.municipality.pattern, ask);

  feature.callbackQuery(Municipality.set.pattern, async (ctx) => {
    if (!(await requireRegistered(ctx))) return;
    const chosen = await findMunicipality(db, Municipality.set.read(ctx.match).municipality);
    if (!chosen?.active) return refuse(ctx, ctx.t("errors.staleButton"));
    const withdrawn = await moveToMunicipality(deps.database, ctx.from.id, chosen.id);
    await ctx.answerCallbackQuery();
    const chosenText = ctx.t("profile.municipalityChosen", { name: municipalityLabel(chosen, ctx.locale) });
    await ctx.editMessageText(
      withdrawn > 0 ? `${chosenText}\n\n${ctx.t("municipality.votesWithdrawn")}` : chosenText,
      HTML,
    );
    await sendMainMenu(ctx);
  });
  return feature;
}
