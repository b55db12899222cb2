import { GrammyError, InlineKeyboard } from "grammy";
import { findInitiative } from "../../db/repo/initiatives.js";
import {
  findRound,
  nextScheduledRoundOf,
  openRoundOf,
  type Round,
  type RoundEntry,
  roundEntries,
} from "../../db/repo/rounds.js";
import { confirmPhone, hasConfirmedPhone } from "../../db/repo/voter-phones.js";
import { ballotOf, castVote, withdrawVote } from "../../db/repo/votes.js";
import { normalizeKyrgyzPhone } from "../../domain/phone.js";
import { toggleChoice, voteRefusal } from "../../domain/voting.js";
import { formatDateTime } from "../../i18n/format.js";
import { Menu, Vote } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { ballotMessage } from "../rounds/ballot.js";
import { replyWithPublicCard } from "../views/public-card.js";
import { refuse, requireRegistered } from "./guards.js";

/** A round someone may vote in, its entries and their choices, as read together. */
interface Ballot {
  round: Round;
  entries: RoundEntry[];
  chosen: number[];
}

/**
 * /vote and the ballot's buttons. Every press is judged again on the server (who, where, when, how
 * many), and the vote itself is one conditional statement, so nothing the client sends can count
 * a vote the rules refuse.
 */
export function votingFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps.database;

  /**
   * The round a button names with its entries and the person's choices (one round trip), if this
   * person may vote in it now; otherwise a sentence why not.
   */
  async function votable(ctx: BotContext, roundId: number): Promise<Ballot | undefined> {
    const user = await requireRegistered(ctx);
    if (!user) return undefined;
    const ballot = await ballotOf(deps.database, roundId, user.id);
    const { round } = ballot;
    if (!round || round.status === "draft") return void (await refuse(ctx, ctx.t("errors.staleButton")));
    const reason = voteRefusal(
      { ...round, opensAt: round.opensAt ?? 0, closesAt: round.closesAt ?? 0 },
      user,
      deps.now(),
    );
    if (reason) return void (await refuse(ctx, ctx.t(`vote.refused.${reason}`)));
    if (round.requirePhone && !(await hasConfirmedPhone(db, user.id))) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t("vote.phone.ask"), {
        ...HTML,
        reply_markup: {
          keyboard: [[{ text: ctx.t("vote.phone.button"), request_contact: true }]],
          resize_keyboard: true,
          one_time_keyboard: true,
        },
      });
      return undefined;
    }
    return { ...ballot, round };
  }

  /** `lead` heads the ballot. */
  async function showBallot(
    ctx: BotContext,
    { round, entries, chosen }: Ballot,
    edit: boolean,
    lead?: string,
  ) {
    const ballot = ballotMessage(ctx.t, round, entries, chosen);
    const { keyboard } = ballot;
    const text = lead ? `${lead}\n\n${ballot.text}` : ballot.text;
    if (edit) {
      // Two quick taps may render the same ballot twice; Telegram refuses an edit that changes nothing.
      await ctx.editMessageText(text, { ...HTML, reply_markup: keyboard }).catch((error: unknown) => {
        if (!(error instanceof GrammyError && /message is not modified/.test(error.description))) throw error;
      });
      return;
    }
    await ctx.reply(text, { ...HTML, reply_markup: keyboard });
  }

  const start = async (ctx: BotContext) => {
    const user = await requireRegistered(ctx);
    if (!user) return;
    if (!user.municipalityId) return refuse(ctx, ctx.t("catalog.needMunicipality"));
    const open = await openRoundOf(db, user.municipalityId);
    if (!open) return sayWhenVotingOpens(ctx, user.municipalityId);
    const ballot = await votable(ctx, open.id);
    if (!ballot) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await showBallot(ctx, ballot, false);
  };
  /** A resident told "voting opens at 10:41" who comes early hears when, not that there is none. */
  const sayWhenVotingOpens = async (ctx: BotContext, municipalityId: number) => {
    const next = await nextScheduledRoundOf(db, municipalityId);
    if (!next) return refuse(ctx, ctx.t("vote.noRound"));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("vote.opensAt", { title: next.title, date: formatDateTime(next.opensAt!) }), HTML);
  };
  feature.command("vote", start);
  feature.callbackQuery(Menu.vote.pattern, start);

  feature.callbackQuery(Vote.open.pattern, async (ctx) => {
    const ballot = await votable(ctx, Vote.open.read(ctx.match).round);
    if (!ballot) return;
    await ctx.answerCallbackQuery();
    await showBallot(ctx, ballot, false);
  });

  feature.callbackQuery(Vote.toggle.pattern, async (ctx) => {
    const pressed = Vote.toggle.read(ctx.match);
    const read = await votable(ctx, pressed.round);
    if (!read) return;
    const { round, entries } = read;
    const initiativeId = pressed.initiative;
    if (!entries.some((e) => e.initiativeId === initiativeId))
      return refuse(ctx, ctx.t("vote.refused.notInRound"));
    const voterId = ctx.from.id;
    const ballot = { roundId: round.id, initiativeId, voterId, limit: round.votesPerVoter, now: deps.now() };
    const toggle = toggleChoice(read.chosen, initiativeId, round.votesPerVoter);
    if (toggle.action === "refuse")
      return refuse(ctx, ctx.t("vote.refused.limit", { limit: round.votesPerVoter }));
    const done = toggle.action === "add" ? await castVote(db, ballot) : await withdrawVote(db, ballot);
    // The database had the last word: another tap may have used the last vote in between.
    if (!done)
      return refuse(
        ctx,
        ctx.t(toggle.action === "add" ? "vote.refused.limit" : "errors.staleButton", {
          limit: round.votesPerVoter,
        }),
      );
    await ctx.answerCallbackQuery({ text: ctx.t(toggle.action === "add" ? "vote.added" : "vote.removed") });
    // What was read and written is the ballot now: no second read of entries and choices.
    await showBallot(ctx, { round, entries, chosen: toggle.chosen }, true);
  });

  feature.callbackQuery(Vote.details.pattern, async (ctx) => {
    const pressed = Vote.details.read(ctx.match);
    const round = await findRound(db, pressed.round);
    const initiativeId = pressed.initiative;
    const inRound = round
      ? (await roundEntries(db, round.id)).some((e) => e.initiativeId === initiativeId)
      : false;
    const initiative = inRound ? await findInitiative(db, initiativeId) : undefined;
    if (!round || !initiative) return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await replyWithPublicCard(
      ctx,
      db,
      initiative,
      new InlineKeyboard().text(ctx.t("vote.back"), Vote.open.pack({ round: round.id })),
    );
  });

  /** The phone check: only one's own contact, only a Kyrgyz number, and one number for one account. */
  feature.on("message:contact", async (ctx, next) => {
    const user = ctx.user;
    if (!user?.municipalityId) return next();
    const round = await openRoundOf(db, user.municipalityId);
    if (!round?.requirePhone) return next();
    const remove = { reply_markup: { remove_keyboard: true as const } };
    const { contact } = ctx.message;
    if (contact.user_id !== ctx.from.id) return ctx.reply(ctx.t("vote.phone.notOwn"));
    const phone = normalizeKyrgyzPhone(contact.phone_number);
    if (!phone) return ctx.reply(ctx.t("vote.phone.notKyrgyz"), remove);
    const result = await confirmPhone(db, {
      userId: user.id,
      phone,
      keyedHash: deps.hashes.phone(phone),
      now: deps.now(),
    });
    if (result === "takenByAnother") return ctx.reply(ctx.t("vote.phone.taken"), remove);
    // One answer: the ballot headed by the confirmation. The contact keyboard was one-time, so the
    // phone hides it without a message of its own.
    const ballot = await votable(ctx, round.id);
    if (ballot) await showBallot(ctx, ballot, false, ctx.t("vote.phone.confirmed"));
  });

  return feature;
}
