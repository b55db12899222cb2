import { InlineKeyboard } from "grammy";
import { type Awaiting, clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import { findMunicipality, municipalityLabel } from "../../db/repo/municipalities.js";
import { enqueueStatements } from "../../db/repo/outbox.js";
import {
  endVotingNow,
  findRound,
  fundedAmountStatement,
  listRounds,
  type Round,
  type RoundEntry,
  reportTextStatement,
  roundEntries,
  stageStatements,
} from "../../db/repo/rounds.js";
import { parseWholeNumber } from "../../domain/form-parsing.js";
import { cleanText } from "../../domain/text.js";
import { formatDateTime, formatNumber } from "../../i18n/format.js";
import { enterPaperVotes as enterPaperVotesFor } from "../../staff/paper-votes.js";
import { Menu, RoundPanel } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { withWorkspace } from "../keyboards/workspace.js";
import { closeRound } from "../rounds/lifecycle.js";
import { type Outcome, outcomeNotices } from "../rounds/notices.js";
import { entryReference, entryTitle, resultsText } from "../rounds/texts.js";
import { refuse } from "./guards.js";
import { stillActsFor } from "./round-access.js";

const REPORT_MAX = 2000;

/** Staff's side of rounds: the list, closing early, paper votes, and the commission's decisions. */
export function roundPanelFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;

  async function staffRound(ctx: BotContext, id: number): Promise<Round | undefined> {
    const round = await findRound(db, id);
    if (!round || round.status === "draft") return void (await refuse(ctx, ctx.t("errors.staleButton")));
    if (!(await stillActsFor(deps, ctx, round.municipalityId))) return;
    return round;
  }

  async function entryOf(
    ctx: BotContext,
    round: Round,
    initiativeId: number,
  ): Promise<RoundEntry | undefined> {
    const entry = (await roundEntries(db, round.id)).find((e) => e.initiativeId === initiativeId);
    if (!entry) await refuse(ctx, ctx.t("errors.staleButton"));
    return entry;
  }

  const list = async (ctx: BotContext) => {
    const { roles } = ctx;
    if (!roles.admin && roles.officerOf.length === 0) return refuse(ctx, ctx.t("errors.notAllowed"));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const rounds = await listRounds(db, roles.admin ? "all" : roles.officerOf);
    const keyboard = new InlineKeyboard();
    for (const round of rounds)
      keyboard
        .text(
          `${ctx.t(`round.status.${round.status}`)} · ${round.title ?? ""}`,
          RoundPanel.view.pack({ round: round.id }),
        )
        .row();
    keyboard.text(ctx.t("round.new"), RoundPanel.create.pack());
    await ctx.reply(ctx.t(rounds.length ? "round.listTitle" : "round.listEmpty"), {
      ...HTML,
      reply_markup: await withWorkspace(keyboard, ctx, deps),
    });
  };
  feature.command("rounds", list);
  feature.callbackQuery(Menu.rounds.pattern, list);

  async function showPanel(ctx: BotContext, round: Round) {
    const entries = await roundEntries(db, round.id);
    const municipality = await findMunicipality(db, round.municipalityId);
    const name = municipality ? municipalityLabel(municipality, ctx.locale) : "";
    const keyboard = new InlineKeyboard();
    const head = ctx.t("round.panel", {
      title: round.title ?? "",
      status: ctx.t(`round.status.${round.status}`),
      opens: formatDateTime(round.opensAt!),
      closes: formatDateTime(round.closesAt!),
      reached: formatNumber(round.reached ?? 0),
    });
    let body: string;
    if (round.status === "closed" && round.results) {
      body = resultsText(ctx.t, round, round.results, entries, name);
      entries.forEach((entry, i) => {
        const n = i + 1;
        if (entry.status === "shortlisted" || entry.status === "not_selected")
          keyboard.text(
            ctx.t("round.select", { n }),
            RoundPanel.select.pack({ round: round.id, initiative: entry.initiativeId }),
          );
        if (entry.status === "shortlisted")
          keyboard.text(
            ctx.t("round.notSelect", { n }),
            RoundPanel.notSelect.pack({ round: round.id, initiative: entry.initiativeId }),
          );
        if (entry.status === "selected")
          keyboard.text(
            ctx.t("round.implemented", { n }),
            RoundPanel.implemented.pack({ round: round.id, initiative: entry.initiativeId }),
          );
        keyboard.row();
      });
    } else {
      body = entries
        .map((entry, i) =>
          ctx.t("round.paperLine", {
            n: i + 1,
            title: entryTitle(entry),
            reference: entryReference(entry),
            paper: formatNumber(entry.paperVotes),
          }),
        )
        .join("\n");
      entries.forEach((entry, i) => {
        keyboard.text(
          ctx.t("round.paper", { n: i + 1 }),
          RoundPanel.paper.pack({ round: round.id, initiative: entry.initiativeId }),
        );
        if (i % 2 === 1) keyboard.row();
      });
      if (round.status === "open")
        keyboard.row().text(ctx.t("round.closeNow"), RoundPanel.close.pack({ round: round.id }));
    }
    const status = entries.map((e, i) => `${i + 1}. ${ctx.t(`initiative.status.${e.status}`)}`).join(" · ");
    await ctx.reply([head, body, status].filter(Boolean).join("\n\n"), { ...HTML, reply_markup: keyboard });
  }

  feature.callbackQuery(RoundPanel.view.pattern, async (ctx) => {
    const round = await staffRound(ctx, RoundPanel.view.read(ctx.match).round);
    if (!round) return;
    await ctx.answerCallbackQuery();
    await showPanel(ctx, round);
  });

  feature.callbackQuery(RoundPanel.close.pattern, async (ctx) => {
    const round = await staffRound(ctx, RoundPanel.close.read(ctx.match).round);
    if (!round) return;
    if (round.status !== "open") return refuse(ctx, ctx.t("errors.staleButton"));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("round.closeConfirm", { title: round.title ?? "" }), {
      ...HTML,
      reply_markup: new InlineKeyboard().text(
        ctx.t("round.closeYes"),
        RoundPanel.closeYes.pack({ round: round.id }),
      ),
    });
  });

  feature.callbackQuery(RoundPanel.closeYes.pattern, async (ctx) => {
    const round = await staffRound(ctx, RoundPanel.closeYes.read(ctx.match).round);
    if (!round) return;
    const now = deps.now();
    const ended = await endVotingNow(db, round.id, now);
    if (!ended) return refuse(ctx, ctx.t("errors.staleButton"));
    await closeRound(deps, ended, now, ctx.from.id);
    deps.onEnqueued?.();
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await showPanel(ctx, (await findRound(db, round.id))!);
  });

  /** Buttons that ask for a typed answer: paper votes, the funded amount, the implementation report. */
  const askFor = (
    button: typeof RoundPanel.paper,
    kind: "paper" | "amount" | "report",
    allowed: (round: Round, entry: RoundEntry) => boolean,
  ) =>
    feature.callbackQuery(button.pattern, async (ctx) => {
      const pressed = button.read(ctx.match);
      const round = await staffRound(ctx, pressed.round);
      if (!round) return;
      const entry = await entryOf(ctx, round, pressed.initiative);
      if (!entry) return;
      if (!allowed(round, entry)) return refuse(ctx, ctx.t("errors.staleButton"));
      await ctx.answerCallbackQuery();
      const wait = {
        kind: "round.panel",
        subjectId: round.id,
        step: kind,
        detailId: entry.initiativeId,
      } as const;
      await setAwaiting(db, ctx.from!.id, wait, deps.now());
      await ctx.reply(
        ctx.t(`round.ask.${kind}`, { title: entryTitle(entry), reference: entryReference(entry) }),
        HTML,
      );
    });
  askFor(RoundPanel.paper, "paper", (r) => r.status !== "closed");
  askFor(
    RoundPanel.select,
    "amount",
    (r, e) => r.status === "closed" && (e.status === "shortlisted" || e.status === "not_selected"),
  );
  askFor(RoundPanel.implemented, "report", (r, e) => r.status === "closed" && e.status === "selected");

  feature.callbackQuery(RoundPanel.notSelect.pattern, async (ctx) => {
    const pressed = RoundPanel.notSelect.read(ctx.match);
    const round = await staffRound(ctx, pressed.round);
    if (!round) return;
    const entry = await entryOf(ctx, round, pressed.initiative);
    if (!entry) return;
    if (round.status !== "closed" || entry.status !== "shortlisted")
      return refuse(ctx, ctx.t("errors.staleButton"));
    await decide(ctx, round, entry, { status: "not_selected" }, []);
  });

  /** The commission's step for one initiative: its status, history and notices in one batch. */
  async function decide(
    ctx: BotContext,
    round: Round,
    entry: RoundEntry,
    outcome: { status: Outcome; amount?: number; report?: string; photoId?: string | null },
    extra: ReturnType<typeof fundedAmountStatement>[],
  ) {
    const now = deps.now();
    const notices = await outcomeNotices(deps, round, entry, outcome);
    await database.batch([
      ...extra,
      ...stageStatements(db, {
        roundId: round.id,
        initiativeIds: [entry.initiativeId],
        from: entry.status,
        to: outcome.status,
        actorId: ctx.from!.id,
        now,
      }),
      ...enqueueStatements(db, notices, now),
    ]);
    deps.onEnqueued?.();
    const text = ctx.t(`round.done.${outcome.status}`, {
      title: entryTitle(entry),
      reference: entryReference(entry),
    });
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
    await ctx.reply(text, {
      ...HTML,
      reply_markup: new InlineKeyboard().text(
        ctx.t("round.backToPanel"),
        RoundPanel.view.pack({ round: round.id }),
      ),
    });
  }

  /** Paper votes from a village meeting; a count above the municipality's residents is refused. */
  async function enterPaperVotes(ctx: BotContext, round: Round, entry: RoundEntry, n: number) {
    const result = await enterPaperVotesFor(
      { database, now: deps.now, paperVotesMax: deps.config.paperVotesMax },
      {
        roundId: round.id,
        municipalityId: round.municipalityId,
        initiativeId: entry.initiativeId,
        count: n,
        actorId: ctx.from!.id,
      },
    );
    // Over the limit, the question keeps waiting for a corrected count.
    if (result.over)
      return ctx.reply(
        ctx.t(`round.errors.paperOver.${result.over.from}`, {
          max: formatNumber(result.over.max),
          municipality: result.over.municipality
            ? municipalityLabel(result.over.municipality, ctx.locale)
            : "",
        }),
        HTML,
      );
    await clearAwaiting(db, ctx.from!.id, "round.panel");
    if (!result.ok) return ctx.reply(ctx.t("errors.staleButton"));
    await ctx.reply(ctx.t("round.paperSaved", { title: entryTitle(entry), count: formatNumber(n) }), HTML);
    return showPanel(ctx, round);
  }

  /** A typed answer to paper votes, an amount or a report; rights and state are checked again. */
  async function answer(ctx: BotContext, prompt: Awaiting) {
    const round = await findRound(db, prompt.subjectId);
    const entry =
      round && prompt.detailId !== null
        ? (await roundEntries(db, round.id)).find((e) => e.initiativeId === prompt.detailId)
        : undefined;
    if (!round || !entry) {
      await clearAwaiting(db, ctx.from!.id, "round.panel");
      return ctx.reply(ctx.t("errors.staleButton"));
    }
    if (!(await stillActsFor(deps, ctx, round.municipalityId, true))) return;
    const message = ctx.message!;
    if (prompt.step === "report") {
      const text = cleanText(message.text ?? message.caption ?? "");
      const photoId = message.photo?.at(-1)?.file_id ?? null;
      if (text.length < 3 || text.length > REPORT_MAX || entry.status !== "selected")
        return ctx.reply(ctx.t("round.errors.report", { max: REPORT_MAX }));
      await clearAwaiting(db, ctx.from!.id, "round.panel");
      return decide(ctx, round, entry, { status: "implemented", report: text, photoId }, [
        reportTextStatement(db, round.id, entry.initiativeId, text, photoId),
      ]);
    }
    const n = message.text === undefined ? undefined : parseWholeNumber(message.text);
    if (n === undefined) return ctx.reply(ctx.t("round.errors.number"));
    if (prompt.step === "paper") return enterPaperVotes(ctx, round, entry, n);
    await clearAwaiting(db, ctx.from!.id, "round.panel");
    if (entry.status !== "shortlisted" && entry.status !== "not_selected")
      return ctx.reply(ctx.t("errors.staleButton"));
    await decide(ctx, round, entry, { status: "selected", amount: n }, [
      fundedAmountStatement(db, round.id, entry.initiativeId, n),
    ]);
  }

  const waits: AwaitHandler = { kind: "round.panel", buttons: [RoundPanel.view.feature], answer };
  return { feature, waits };
}
