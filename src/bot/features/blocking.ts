import {
  blockAccount,
  blockedUserIds,
  findBlockedAccount,
  listBlockedAccounts,
  unblockAccount,
} from "../../db/repo/blocks.js";
import { findInitiative } from "../../db/repo/initiatives.js";
import { findReport, referenceOfReport, reporterOf } from "../../db/repo/reports.js";
import { canModerate } from "../../domain/roles.js";
import { formatDateTime, referenceOf } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { Block } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { type BlockTarget, blockConfirmKeyboard, blockedListKeyboard } from "../keyboards/blocking.js";
import { inPrivateOrModeratorsGroup, refuse, requireAdmin } from "./guards.js";

/** The stored subject in the reader's language: `report R-2026-0042` reads "R-2026-0042 кабары". */
function subjectLabel(t: Translate, subject: string): string {
  const [kind, reference] = subject.split(" ");
  if ((kind === "report" || kind === "initiative") && reference)
    return t(`blocking.subject.${kind}`, { reference });
  return t("blocking.subject.command");
}

/**
 * Moderators and admins block an account from a report card, an initiative card or with
 * `/block <telegram id>`; admins lift blocks from /admin. The cards' buttons name the report or
 * initiative only: the server finds the sender, and the presser never learns who it is. Only a
 * keyed hash of the id is stored, so the block survives /forget and a new /start.
 */
export function blockingFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;
  const { moderationChatId } = deps.config;

  // Private chats, and the moderators' group where initiative cards carry the button.
  const here = feature.filter(inPrivateOrModeratorsGroup(moderationChatId));

  /** Checked for every press and command: plain officers cannot block, whatever the button says. */
  async function requireModerator(ctx: BotContext): Promise<boolean> {
    if (canModerate(ctx.roles)) return true;
    deps.logger.warn("block refused", { actorId: ctx.from?.id, action: ctx.callbackQuery?.data });
    await refuse(ctx, ctx.t("errors.notAllowed"));
    return false;
  }

  /** The sent report or initiative a button names, with its reference and sender (if still known). */
  async function target(kind: BlockTarget, id: number) {
    if (kind === "report") {
      const report = await findReport(db, id);
      if (!report || report.status === "draft") return undefined;
      const reference = referenceOfReport(report);
      return { reference, subject: `report ${reference}`, userId: (await reporterOf(db, id))?.userId };
    }
    const initiative = await findInitiative(db, id);
    const reference = initiative ? referenceOf(initiative) : undefined;
    if (!initiative || initiative.status === "draft" || !reference) return undefined;
    return { reference, subject: `initiative ${reference}`, userId: initiative.authorId ?? undefined };
  }

  /** The card's button: asks first, naming the report or initiative. */
  async function ask(ctx: BotContext, kind: BlockTarget, id: number) {
    if (!(await requireModerator(ctx))) return;
    const found = await target(kind, id);
    if (!found) return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("blocking.confirm", { reference: found.reference }), {
      ...HTML,
      reply_markup: blockConfirmKeyboard(ctx.t, kind, id),
    });
  }

  async function block(ctx: BotContext, kind: BlockTarget, id: number) {
    if (!(await requireModerator(ctx))) return;
    const found = await target(kind, id);
    if (!found) return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (found.userId === undefined) return ctx.reply(ctx.t("blocking.senderGone"));
    const blocked = await blockAccount(database, {
      accountHash: deps.hashes.account(found.userId),
      subject: found.subject,
      blockedBy: ctx.from!.id,
      userId: found.userId,
      now: deps.now(),
    });
    // Never the sender's id: the log must not tie a person to a report.
    if (blocked) deps.logger.info("account blocked", { subject: found.subject, actorId: ctx.from!.id });
    await ctx.reply(
      blocked ? ctx.t("blocking.done", { reference: found.reference }) : ctx.t("blocking.already"),
      HTML,
    );
  }

  here.callbackQuery(Block.askReport.pattern, (ctx) =>
    ask(ctx, "report", Block.askReport.read(ctx.match).report),
  );
  here.callbackQuery(Block.askInitiative.pattern, (ctx) =>
    ask(ctx, "initiative", Block.askInitiative.read(ctx.match).initiative),
  );
  here.callbackQuery(Block.report.pattern, (ctx) =>
    block(ctx, "report", Block.report.read(ctx.match).report),
  );
  here.callbackQuery(Block.initiative.pattern, (ctx) =>
    block(ctx, "initiative", Block.initiative.read(ctx.match).initiative),
  );

  here.callbackQuery(Block.cancel.pattern, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("blocking.cancelled") });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });

  const inPrivate = here.chatType("private");

  inPrivate.command("block", async (ctx) => {
    if (!(await requireModerator(ctx))) return;
    const id = ctx.match.trim();
    if (!/^\d{1,15}$/.test(id)) return ctx.reply(ctx.t("blocking.usage"), HTML);
    const blocked = await blockAccount(database, {
      accountHash: deps.hashes.account(Number(id)),
      subject: "command",
      blockedBy: ctx.from.id,
      userId: Number(id),
      now: deps.now(),
    });
    if (blocked) deps.logger.info("account blocked", { subject: "command", actorId: ctx.from.id });
    await ctx.reply(blocked ? ctx.t("blocking.commandDone", { id }) : ctx.t("blocking.already"), HTML);
  });

  async function showList(ctx: BotContext, edit: boolean) {
    const rows = await listBlockedAccounts(db);
    const lines = rows.map((row, i) =>
      ctx.t("blocking.line", {
        n: i + 1,
        subject: subjectLabel(ctx.t, row.subject),
        date: formatDateTime(row.createdAt),
      }),
    );
    const text = [
      ctx.t("blocking.title"),
      lines.length > 0 ? lines.join("\n") : ctx.t("blocking.empty"),
    ].join("\n\n");
    const options = {
      ...HTML,
      reply_markup: blockedListKeyboard(
        ctx.t,
        rows.map((r) => r.id),
      ),
    };
    if (edit) return ctx.editMessageText(text, options).catch(() => ctx.reply(text, options));
    return ctx.reply(text, options);
  }

  inPrivate.callbackQuery(Block.list.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    await ctx.answerCallbackQuery();
    await showList(ctx, false);
  });

  inPrivate.callbackQuery(Block.unblock.pattern, async (ctx) => {
    if (!(await requireAdmin(ctx))) return;
    const found = await findBlockedAccount(db, Block.unblock.read(ctx.match).block);
    if (!found) return refuse(ctx, ctx.t("errors.staleButton"));
    // Only the hash is stored: the blocked users (few) are hashed to find the one it names.
    const userIds = (await blockedUserIds(db)).filter((id) => deps.hashes.account(id) === found.accountHash);
    await unblockAccount(database, { block: found, userIds, by: ctx.from.id });
    deps.logger.info("account unblocked", { subject: found.subject, actorId: ctx.from.id });
    await ctx.answerCallbackQuery({ text: ctx.t("blocking.unblocked") });
    await showList(ctx, true);
  });

  return feature;
}
