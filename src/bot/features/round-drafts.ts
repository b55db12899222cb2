import { InlineKeyboard } from "grammy";
import { type Awaiting, clearAwaiting, setAwaiting } from "../../db/repo/awaiting.js";
import { activeCitizensOf } from "../../db/repo/citizens.js";
import { listMunicipalities } from "../../db/repo/municipalities.js";
import {
  createRoundDraft,
  deleteRoundDraft,
  findRound,
  type Round,
  roundEntries,
  scheduleRound,
  setIncluded,
  updateRoundDraft,
} from "../../db/repo/rounds.js";
import { canActFor } from "../../domain/roles.js";
import {
  isRoundTextStep,
  ROUND_FORM,
  type RoundDraftValues,
  type RoundStep,
  validateRoundAnswer,
} from "../../domain/round-draft.js";
import { formatDateTime } from "../../i18n/format.js";
import { RoundDraft, RoundPanel } from "../callbacks.js";
import { FeatureComposer } from "../composer.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { buttonRows, steppedScreens } from "../forms/stepped.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { initiativesScreen, roundSummary } from "../rounds/draft-screens.js";
import { openRound } from "../rounds/lifecycle.js";
import { refuse } from "./guards.js";
import { stillActsFor } from "./round-access.js";

export type RoundDrafts = ReturnType<typeof roundDraftsFeature>;

/**
 * /newround: a short questionnaire kept as a draft row, one step at a time (ROUND_FORM); the
 * staff member's typed answers arrive through its wait (bot/awaiting.ts), which holds the step.
 */
export function roundDraftsFeature(deps: BotDeps) {
  const feature = new FeatureComposer<BotContext>();
  const { database } = deps;
  const { db } = database;

  /** The draft a button names, if this person may act for its municipality. */
  async function ownDraft(ctx: BotContext, id: number): Promise<Round | undefined> {
    const round = await findRound(db, id);
    if (round?.status !== "draft") return void (await refuse(ctx, ctx.t("errors.staleButton")));
    if (!(await stillActsFor(deps, ctx, round.municipalityId))) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    return round;
  }

  const form = steppedScreens<Round, RoundDraftValues, RoundStep>({
    walk: ROUND_FORM,
    idOf: (round) => round.id,
    fieldsOf: (round) => round,
    texts: { steps: "round.steps", skip: "round.skip", cancel: "round.cancel" },
    buttons: { skip: RoundDraft.skip, cancel: RoundDraft.cancel },
    screen(ctx, round, step, nav) {
      if (step === "votes")
        return { nav: { ...nav, forward: [[ctx.t("round.useDefault"), nav.forward[0]![1]]] } };
      if (step !== "phone") return {};
      const phone = (value: "1" | "0", label: string) =>
        [ctx.t(label), RoundDraft.phone.pack({ id: round.id, value })] as const;
      return { choices: buttonRows([phone("1", "round.phoneYes"), phone("0", "round.phoneNo")], 2) };
    },
    send: (ctx, text, keyboard) => ctx.reply(text, { ...HTML, reply_markup: keyboard }),
    async summary(ctx, round) {
      const { text, keyboard } = initiativesScreen(ctx.t, round, await roundEntries(db, round.id, false));
      return ctx.reply(text, { ...HTML, reply_markup: keyboard });
    },
    /** The wait holds a typed step; the phone check and the initiatives take buttons only. */
    async store(ctx, round, changes, position) {
      const saved = Object.keys(changes).length > 0 ? await updateRoundDraft(db, round.id, changes) : round;
      if (!saved) return void (await ctx.reply(ctx.t("errors.staleButton")));
      const userId = ctx.from!.id;
      if (isRoundTextStep(position))
        await setAwaiting(
          db,
          userId,
          { kind: "round.draft", subjectId: round.id, step: position },
          deps.now(),
        );
      else await clearAwaiting(db, userId, "round.draft");
      return saved;
    },
  });

  async function begin(ctx: BotContext, municipalityId: number) {
    const round = await createRoundDraft(db, { municipalityId, createdBy: ctx.from!.id, now: deps.now() });
    await ctx.reply(ctx.t("round.intro"), HTML);
    await form.advance(ctx, round, {}, ROUND_FORM.ids[0]!);
  }

  const start = async (ctx: BotContext) => {
    const { roles } = ctx;
    if (!roles.admin && roles.officerOf.length === 0) return refuse(ctx, ctx.t("errors.notAllowed"));
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const all = await listMunicipalities(db);
    const mine = all.filter((m) => canActFor(roles, m.id));
    if (mine.length === 1) return begin(ctx, mine[0]!.id);
    await ctx.reply(`${ctx.t("round.chooseMunicipality")}${municipalityNote(mine, ctx.locale)}`, {
      ...HTML,
      reply_markup: municipalityKeyboard(mine, ctx.locale, (m) =>
        RoundDraft.municipality.pack({ municipality: m.id }),
      ),
    });
  };
  feature.command("newround", start);
  feature.callbackQuery(RoundPanel.create.pattern, start);

  feature.callbackQuery(RoundDraft.municipality.pattern, async (ctx) => {
    const { municipality } = RoundDraft.municipality.read(ctx.match);
    if (!(await stillActsFor(deps, ctx, municipality))) return;
    await ctx.answerCallbackQuery();
    await begin(ctx, municipality);
  });

  /** A typed answer to the step the wait names. */
  async function answer(ctx: BotContext, wait: Awaiting) {
    const round = await findRound(db, wait.subjectId);
    const step = wait.step;
    if (round?.status !== "draft" || !isRoundTextStep(step)) {
      await clearAwaiting(db, ctx.from!.id, "round.draft");
      return ctx.reply(ctx.t("errors.staleButton"));
    }
    if (!(await stillActsFor(deps, ctx, round.municipalityId, true))) return;
    const input = ctx.message?.text;
    const result =
      input === undefined
        ? ({ ok: false, error: "text" } as const)
        : validateRoundAnswer(step, input, round, deps.now());
    if (!result.ok) return form.advance(ctx, round, {}, step, ctx.t(`round.errors.${result.error}`));
    await form.answered(ctx, round, step, result.changes);
  }

  feature.callbackQuery(RoundDraft.skip.pattern, async (ctx) => {
    const { id, step } = RoundDraft.skip.read(ctx.match);
    const round = await ownDraft(ctx, id);
    if (round && isRoundTextStep(step)) await form.skip(ctx, round, step, "errors.staleButton");
  });

  feature.callbackQuery(RoundDraft.phone.pattern, async (ctx) => {
    const { id, value } = RoundDraft.phone.read(ctx.match);
    const round = await ownDraft(ctx, id);
    if (round) await form.answered(ctx, round, "phone", { requirePhone: value === "1" });
  });

  feature.callbackQuery(RoundDraft.include.pattern, async (ctx) => {
    const { id, initiative } = RoundDraft.include.read(ctx.match);
    const round = await ownDraft(ctx, id);
    if (!round) return;
    const entries = await roundEntries(db, round.id, false);
    const entry = entries.find((e) => e.initiativeId === initiative);
    if (!entry) return;
    await setIncluded(db, round.id, entry.initiativeId, !entry.included);
    const { text, keyboard } = initiativesScreen(ctx.t, round, await roundEntries(db, round.id, false));
    await ctx.editMessageText(text, { ...HTML, reply_markup: keyboard }).catch(() => undefined);
  });

  feature.callbackQuery(RoundDraft.summary.pattern, async (ctx) => {
    const round = await ownDraft(ctx, RoundDraft.summary.read(ctx.match).id);
    if (!round) return;
    const entries = await roundEntries(db, round.id, false);
    const problem = !round.title
      ? "title"
      : round.opensAt === null
        ? "opens"
        : round.closesAt === null || round.closesAt <= round.opensAt
          ? "closes"
          : undefined;
    if (problem) return form.advance(ctx, round, {}, problem, ctx.t("round.errors.missing"));
    if (!entries.some((e) => e.included)) return ctx.reply(ctx.t("round.errors.noInitiatives"));
    const reach = (await activeCitizensOf(db, round.municipalityId)).length;
    await ctx.reply(roundSummary(ctx.t, round, entries, reach), {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(ctx.t("round.confirm"), RoundDraft.confirm.pack({ id: round.id }))
        .row()
        .text(ctx.t("round.cancel"), RoundDraft.cancel.pack({ id: round.id })),
    });
  });

  /** Schedules the draft; one whose opening time has come opens at once. */
  async function confirm(ctx: BotContext, round: Round) {
    await scheduleRound(database, round, ctx.from!.id, deps.now());
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const reach = (await activeCitizensOf(db, round.municipalityId)).length;
    await ctx.reply(ctx.t("round.scheduled", { title: round.title ?? "", count: reach }), HTML);
    const now = deps.now();
    const scheduled = await findRound(db, round.id);
    if (scheduled?.status === "scheduled" && scheduled.opensAt !== null && scheduled.opensAt <= now) {
      await openRound(deps, scheduled, now);
      deps.onEnqueued?.();
    }
  }

  feature.callbackQuery(RoundDraft.confirm.pattern, async (ctx) => {
    const round = await ownDraft(ctx, RoundDraft.confirm.read(ctx.match).id);
    if (!round) return;
    const now = deps.now();
    if (round.closesAt !== null && round.closesAt <= now)
      return form.advance(ctx, round, {}, "closes", ctx.t("round.errors.closesPast"));
    if (round.opensAt === null || round.opensAt > now) return confirm(ctx, round);
    // A time typed hours ago may have passed since: opening at once must be the officer's choice.
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("round.pastOpening", { date: formatDateTime(round.opensAt) }), {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(ctx.t("round.openNow"), RoundDraft.openNow.pack({ id: round.id }))
        .row()
        .text(ctx.t("round.otherOpening"), RoundDraft.otherOpening.pack({ id: round.id })),
    });
  });

  feature.callbackQuery(RoundDraft.openNow.pattern, async (ctx) => {
    const round = await ownDraft(ctx, RoundDraft.openNow.read(ctx.match).id);
    if (!round) return;
    const opened = await updateRoundDraft(db, round.id, { opensAt: deps.now() });
    if (opened) await confirm(ctx, opened);
  });

  feature.callbackQuery(RoundDraft.otherOpening.pattern, async (ctx) => {
    const round = await ownDraft(ctx, RoundDraft.otherOpening.read(ctx.match).id);
    if (round) await form.advance(ctx, round, {}, "opens");
  });

  feature.callbackQuery(RoundDraft.cancel.pattern, async (ctx) => {
    const round = await ownDraft(ctx, RoundDraft.cancel.read(ctx.match).id);
    if (!round) return;
    await clearAwaiting(db, ctx.from.id, "round.draft");
    await deleteRoundDraft(db, round.id);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("round.cancelled"));
  });

  const waits: AwaitHandler = { kind: "round.draft", buttons: [RoundDraft.skip.feature], answer };
  return { feature, waits };
}
