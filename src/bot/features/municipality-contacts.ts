import { findMunicipalityBySlug, municipalityLabel } from "../../db/repo/municipalities.js";
import { addContact, listContacts, removeContact } from "../../db/repo/municipality-contacts.js";
import { cleanText } from "../../domain/text.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { contactLines } from "../views/local-support.js";
import { requireAdmin } from "./guards.js";

const CONTACT_MIN = 5;
const CONTACT_MAX = 300;

/**
 * `/muni_contact <slug>` lists a municipality's local support contacts (crisis centre, social
 * worker, aksakal court), `… add <name and how to reach them>` adds one, `… del <n>` removes the
 * n-th of the list. Admins only, checked on every command; each change is audited in its batch.
 */
export function municipalityContactsFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;

  feature.command("muni_contact", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const [, slug = "", action = "", rest = ""] =
      /^(\S+)(?:\s+(add|del)\b\s*(.*))?$/s.exec(ctx.match.trim()) ?? [];
    if (!slug) return ctx.reply(ctx.t("admin.contacts.help"), HTML);
    const municipality = await findMunicipalityBySlug(database.db, slug);
    if (!municipality) return ctx.reply(ctx.t("admin.municipalityUnknown", { slug }), HTML);
    const contacts = await listContacts(database.db, municipality.id);
    const actorId = ctx.from!.id;
    if (action === "add") {
      const text = cleanText(rest).replace(/\s*\n\s*/g, " ");
      if (text.length < CONTACT_MIN || text.length > CONTACT_MAX)
        return ctx.reply(ctx.t("admin.contacts.help"), HTML);
      await addContact(database, { municipalityId: municipality.id, slug, text, actorId, now: deps.now() });
    } else if (action === "del") {
      const contact = contacts[Number(rest.trim()) - 1];
      if (!/^\d+$/.test(rest.trim()) || !contact) return ctx.reply(ctx.t("admin.contacts.help"), HTML);
      await removeContact(database, contact, { slug, actorId });
    }
    const now = action ? await listContacts(database.db, municipality.id) : contacts;
    const name = municipalityLabel(municipality, ctx.locale);
    await ctx.reply(
      now.length > 0
        ? ctx.t("admin.contacts.list", { name, list: contactLines(now) })
        : ctx.t("admin.contacts.none", { name }),
      HTML,
    );
  });

  return feature;
}
