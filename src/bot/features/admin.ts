import { InlineKeyboard } from "grammy";
import {
  addMunicipality,
  findMunicipality,
  listMunicipalities,
  municipalityLabel,
  renameMunicipality,
  setMunicipalityActive,
} from "../../db/repo/municipalities.js";
import { listRecentFailures } from "../../db/repo/outbox.js";
import { createInvite, listStaff, revokeGrant, type StaffRole } from "../../db/repo/staff.js";
import { type MunicipalityNames, parseNameInLanguage } from "../../domain/municipality-names.js";
import { formatDateTime } from "../../i18n/format.js";
import { isLocale } from "../../i18n/index.js";
import { Admin, Block, Menu } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { withWorkspace } from "../keyboards/workspace.js";
import { removeFromOfficersGroup } from "../officers-group.js";
import { updateStaffMenuButton } from "../staff-menu.js";
import { requireAdmin } from "./guards.js";
import { inviteLink } from "./onboarding.js";

const SLUG = /^[a-z0-9][a-z0-9-]{1,40}$/;

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Staff and municipalities, managed from Telegram by the ADMIN_IDS; every entry point checks the role. */
export function adminFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;

  const panel = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (!(await requireAdmin(ctx))) return;
    const keyboard = new InlineKeyboard()
      .text(ctx.t("admin.inviteOfficer"), Admin.inviteOfficer.pack())
      .row()
      .text(ctx.t("admin.inviteModerator"), Admin.inviteModerator.pack())
      .row()
      .text(ctx.t("admin.staff"), Admin.staff.pack())
      .row()
      .text(ctx.t("admin.municipalities"), Admin.municipalities.pack())
      .row()
      .text(ctx.t("admin.failures"), Admin.failures.pack())
      .row()
      .text(ctx.t("blocking.title"), Block.list.pack());
    await ctx.reply(ctx.t("admin.title"), {
      ...HTML,
      reply_markup: await withWorkspace(keyboard, ctx, deps),
    });
  };
  feature.command("admin", panel);
  feature.callbackQuery(Menu.admin.pattern, panel);

  feature.callbackQuery(Admin.inviteOfficer.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    await ctx.answerCallbackQuery();
    const places = await listMunicipalities(db);
    await ctx.reply(`${ctx.t("admin.chooseMunicipality")}${municipalityNote(places, ctx.locale)}`, {
      ...HTML,
      reply_markup: municipalityKeyboard(places, ctx.locale, (m) =>
        Admin.inviteOfficerTo.pack({ municipality: m.id }),
      ),
    });
  });

  const sendInvite = async (ctx: BotContext, role: StaffRole, municipalityId: number | null) => {
    const invite = await createInvite(database, {
      token: newToken(),
      role,
      municipalityId,
      createdBy: ctx.from!.id,
      now: deps.now(),
    });
    const place = municipalityId ? await findMunicipality(db, municipalityId) : undefined;
    await ctx.reply(
      ctx.t(`admin.inviteCreated.${role}`, {
        link: inviteLink(ctx.me.username, invite.token),
        municipality: place ? municipalityLabel(place, ctx.locale) : "",
      }),
      { ...HTML, link_preview_options: { is_disabled: true } },
    );
  };

  feature.callbackQuery(Admin.inviteOfficerTo.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    await ctx.answerCallbackQuery();
    const place = await findMunicipality(db, Admin.inviteOfficerTo.read(ctx.match).municipality);
    if (!place?.active) return ctx.reply(ctx.t("errors.staleButton"));
    await sendInvite(ctx, "officer", place.id);
  });

  feature.callbackQuery(Admin.inviteModerator.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    await ctx.answerCallbackQuery();
    await sendInvite(ctx, "moderator", null);
  });

  feature.callbackQuery(Admin.staff.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    await ctx.answerCallbackQuery();
    const grants = await listStaff(db);
    if (grants.length === 0) return ctx.reply(ctx.t("admin.noStaff"));
    const places = new Map((await listMunicipalities(db, { includeInactive: true })).map((m) => [m.id, m]));
    const keyboard = new InlineKeyboard();
    const lines = grants.map((g, i) => {
      const place = g.municipalityId ? places.get(g.municipalityId) : undefined;
      keyboard.text(ctx.t("admin.revokeButton", { n: i + 1 }), Admin.revoke.pack({ grant: g.id }));
      if (i % 3 === 2) keyboard.row();
      return ctx.t(`admin.staffLine.${g.role}`, {
        n: i + 1,
        id: g.userId,
        municipality: place ? municipalityLabel(place, ctx.locale) : "",
      });
    });
    await ctx.reply(`${ctx.t("admin.staff")}\n\n${lines.join("\n")}`, { ...HTML, reply_markup: keyboard });
  });

  feature.callbackQuery(Admin.revoke.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const revoked = await revokeGrant(database, Admin.revoke.read(ctx.match).grant, ctx.from.id);
    await ctx.answerCallbackQuery({ text: ctx.t(revoked ? "admin.revoked" : "errors.staleButton") });
    if (!revoked) return;
    deps.logger.info("staff role revoked", { userId: revoked.userId, role: revoked.role });
    await updateStaffMenuButton(deps, ctx.api, revoked.userId, ctx.t);
    const removal = await removeFromOfficersGroup(deps, ctx.api, revoked, {
      t: ctx.t,
      locale: ctx.locale,
      botId: ctx.me.id,
    });
    if (removal.kind !== "nothing")
      await ctx.reply(
        ctx.t(`admin.officersGroup.${removal.kind}`, { id: revoked.userId, group: removal.group }),
        HTML,
      );
  });

  feature.callbackQuery(Admin.municipalities.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    await ctx.answerCallbackQuery();
    const lines = (await listMunicipalities(db, { includeInactive: true })).map((m) =>
      ctx.t(m.active ? "admin.municipalityLine" : "admin.municipalityLineDisabled", {
        slug: m.slug,
        name: municipalityLabel(m, ctx.locale),
      }),
    );
    await ctx.reply(`${lines.join("\n")}\n\n${ctx.t("admin.municipalityHelp")}`, HTML);
  });

  const showFailures = async (ctx: BotContext) => {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (!(await requireAdmin(ctx))) return;
    const failures = await listRecentFailures(db, 20);
    if (failures.length === 0) return ctx.reply(ctx.t("admin.noFailures"));
    const lines = failures.map((f) =>
      f.toReporter
        ? ctx.t("admin.failureLineReporter", { attempts: f.attempts, error: f.error ?? "" })
        : ctx.t("admin.failureLine", {
            time: f.failedAt ? formatDateTime(f.failedAt) : "",
            chat: f.chatId,
            attempts: f.attempts,
            error: f.error ?? "",
            key: f.dedupeKey ?? "",
          }),
    );
    await ctx.reply(`${ctx.t("admin.failures")}\n\n${lines.join("\n")}`, HTML);
  };
  feature.command("failures", showFailures);
  feature.callbackQuery(Admin.failures.pattern, showFailures);

  /** `/muni_add slug; ky Name | District; ru Name | District; …`: any languages, the default one required. */
  feature.command("muni_add", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const [slug = "", ...languages] = ctx.match.split(";").map((p) => p.trim());
    const entries = languages.map((l) => parseNameInLanguage(l, isLocale));
    const names: MunicipalityNames = Object.fromEntries(entries.filter((e) => e !== undefined));
    if (!SLUG.test(slug) || entries.includes(undefined) || !names[deps.config.defaultLocale])
      return ctx.reply(ctx.t("admin.municipalityHelp"), HTML);
    const added = await addMunicipality(database, { slug, names }, ctx.from!.id);
    if (!added) return ctx.reply(ctx.t("admin.municipalityExists", { slug }), HTML);
    await ctx.reply(ctx.t("admin.municipalityAdded", { name: municipalityLabel(added, ctx.locale) }), HTML);
  });

  /** `/muni_rename slug uz New name | District`: the district is kept when none is given. */
  feature.command("muni_rename", async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const [, slug = "", rest = ""] = /^(\S+)\s+(.+)$/s.exec(ctx.match.trim()) ?? [];
    const parsed = parseNameInLanguage(rest, isLocale);
    if (!slug || !parsed) return ctx.reply(ctx.t("admin.municipalityHelp"), HTML);
    const [locale, { name, district }] = parsed;
    const renamed = await renameMunicipality(database, {
      slug,
      locale,
      name,
      district,
      actorId: ctx.from!.id,
    });
    if (!renamed) return ctx.reply(ctx.t("admin.municipalityUnknown", { slug }), HTML);
    await ctx.reply(
      ctx.t("admin.municipalityRenamed", { name: municipalityLabel(renamed, ctx.locale) }),
      HTML,
    );
  });

  for (const [command, active] of [
    ["muni_disable", false],
    ["muni_enable", true],
  ] as const) {
    feature.command(command, async (ctx) => {
      if (!(await requireAdmin(ctx))) return;
      const slug = ctx.match.trim();
      const changed = await setMunicipalityActive(database, slug, active, ctx.from!.id);
      if (!changed) return ctx.reply(ctx.t("admin.municipalityUnknown", { slug }), HTML);
      await ctx.reply(
        ctx.t(active ? "admin.municipalityEnabled" : "admin.municipalityDisabled", {
          name: municipalityLabel(changed, ctx.locale),
        }),
        HTML,
      );
    });
  }

  return feature;
}
