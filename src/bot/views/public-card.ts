import type { InlineKeyboard } from "grammy";
import type { Db } from "../../db/database.js";
import { type Initiative, listAttachments } from "../../db/repo/initiatives.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import type { BotContext } from "../context.js";
import { HTML } from "../html.js";
import { initiativeCard } from "./initiative-card.js";

/** An initiative as anyone may see it (no phone number), with an optional keyboard under it. */
export async function replyWithPublicCard(
  ctx: BotContext,
  db: Db,
  initiative: Initiative,
  keyboard?: InlineKeyboard,
) {
  const municipality = initiative.municipalityId
    ? await findMunicipality(db, initiative.municipalityId)
    : undefined;
  const attachments = await listAttachments(db, initiative.id);
  await ctx.reply(
    initiativeCard({ initiative, municipality, attachments }, ctx.t, ctx.locale, { audience: "public" }),
    { ...HTML, link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) },
  );
}
