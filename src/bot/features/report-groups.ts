import type { Composer } from "grammy";
import {
  findMunicipalityBySlug,
  listMunicipalities,
  municipalityLabel,
} from "../../db/repo/municipalities.js";
import { setOfficerChat } from "../../db/repo/officer-chats.js";
import { callbackFeature } from "../callback-data.js";
import { Officer } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { requireAdmin } from "./guards.js";

/**
 * The officers' group of a municipality: an admin sends `/officers_here <slug>` inside it, and
 * report cards go there too; officers' buttons work there, each press checked for the presser's
 * role. Runs before the group filter of chats.ts, which drops everything else in groups.
 */
export function reportGroupsFeature(deps: BotDeps, officerCallbacks: Composer<BotContext>) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;
  const groups = feature.chatType(["group", "supergroup"]);

  groups.command("officers_here", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const slug = ctx.match.trim();
    const place = slug ? await findMunicipalityBySlug(db, slug) : undefined;
    if (!place) {
      const slugs = (await listMunicipalities(db)).map((m) => m.slug).join(", ");
      return ctx.reply(ctx.t(slug ? "officer.group.unknown" : "officer.group.usage", { slug, slugs }), HTML);
    }
    await setOfficerChat(
      deps.database,
      { municipalityId: place.id, chatId: ctx.chat.id, locale: ctx.locale, setBy: ctx.from.id },
      place.slug,
      deps.now(),
    );
    await ctx.reply(ctx.t("officer.group.set", { municipality: municipalityLabel(place, ctx.locale) }), HTML);
  });

  groups.filter(
    (ctx) => callbackFeature(ctx.callbackQuery?.data ?? "") === Officer.act.feature,
    officerCallbacks,
  );
  return feature;
}
