import { Composer, InlineKeyboard } from "grammy";
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
  nextRoundStep,
  ROUND_TEXT_STEPS,
  type RoundTextStep,
  validateRoundAnswer,
} from "../../domain/round-draft.js";
import { formatDateTime } from "../../i18n/format.js";
import { callbackData, callbackPattern } from "../callback-data.js";
import type { AwaitHandler, BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { municipalityKeyboard, municipalityNote } from "../keyboards/choices.js";
import { initiativesScreen, phoneScreen, RND, roundSummary, stepScreen } from "../rounds/draft-screens.js";
import { openRound } from "../rounds/lifecycle.js";
import { refuse } from "./guards.js";
import { stillActsFor } from "./round-access.js";

const ID = "\\d+";

export type RoundDrafts = ReturnType<typeof roundDraftsFeature>;

/**
 * /newround: a short questionnaire kept as a draft row, one step at a time, like the initiative
 * form; the staff member's typed answers arrive through its wait (bot/awaiting.ts).
 */
export function roundDraftsFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();
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

  async function ask(
    ctx: BotContext,
    round: Round,
    step: RoundTextStep | "phone" | "initiatives",
    lead?: string,
  ) {
    if (step === "phone") {
      await clearAwaiting(db, ctx.from!.id, "round.draft");
      const { text, keyboard } = phoneScreen(ctx.t, round);
      return ctx.reply(text, { ...HTML, reply_markup: keyboard });
    }
    if (step === "initiatives") {
      await clearAwaiting(db, ctx.from!.id, "round.draft");
      const { text, keyboard } = initiativesScreen(ctx.t, round, await roundEntries(db, round.id, false));
      return ctx.reply(text, { ...HTML, reply_markup: keyboard });
    }
    await setAwaiting(db, ctx.from!.id, { kind: "round.draft", subjectId: round.id, step }, deps.now());
    const { text, keyboard } = stepScreen(ctx.t, round, step, lead);
    await ctx.reply(text, { ...HTML, reply_markup: keyboard });
  }

  async function begin(ctx: BotContext, municipalityId: number) {
    const round = await createRoundDraft(db, { municipalityId, createdBy: ctx.from!.id, now: deps.now() });
    await ctx.reply(ctx.t("round.intro"), HTML);
    await ask(ctx, round, ROUND_TEXT_STEPS[0]);
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
      reply_markup: municipalityKeyboard(mine, ctx.locale, (m) => callbackData(RND, "mun", m.id)),
    });
  };
  feature.command("newround", start);
  feature.callbackQuery(callbackPattern(RND, "new"), start);

  feature.callbackQuery(callbackPattern(RND, "mun", ID), async (ctx) => {
    const municipalityId = Number(ctx.match[1]);
    if (!(await stillActsFor(deps, ctx, municipalityId))) return;
    await ctx.answerCallbackQuery();
    await begin(ctx, municipalityId);
  });

  /** A typed answer to the step the prompt names. */
  async function answer(ctx: BotContext, prompt: Awaiting) {
    const round = await findRound(db, prompt.subjectId);
    const step = prompt.step ?? "";
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
    if (!result.ok) return ask(ctx, round, step, ctx.t(`round.errors.${result.error}`));
    const saved = await updateRoundDraft(db, round.id, result.changes);
    if (!saved) return ctx.reply(ctx.t("errors.staleButton"));
    await ask(ctx, saved, nextRoundStep(step));
  }

  feature.callbackQuery(callbackPattern(RND, "skip", ID, "\\w+"), async (ctx) => {
    const step = ctx.match[2]!;
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round || !isRoundTextStep(step)) return;
    await ask(ctx, round, nextRoundStep(step));
  });

  feature.callbackQuery(callbackPattern(RND, "ph", ID, "[01]"), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round) return;
    const saved = await updateRoundDraft(db, round.id, { requirePhone: ctx.match[2] === "1" });
    if (saved) await ask(ctx, saved, "initiatives");
  });

  feature.callbackQuery(callbackPattern(RND, "inc", ID, ID), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round) return;
    const entries = await roundEntries(db, round.id, false);
    const entry = entries.find((e) => e.initiativeId === Number(ctx.match[2]));
    if (!entry) return;
    await setIncluded(db, round.id, entry.initiativeId, !entry.included);
    const { text, keyboard } = initiativesScreen(ctx.t, round, await roundEntries(db, round.id, false));
    await ctx.editMessageText(text, { ...HTML, reply_markup: keyboard }).catch(() => undefined);
  });

  feature.callbackQuery(callbackPattern(RND, "sum", ID), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round) return;
    const entries = await roundEntries(db, round.id, false);
    const problem = !round.title
      ? "title"
      : round.opensAt === null
        ? "opens"
        : round.closesAt === null || round.closesAt <= round.opensAt
          ? "closes"
          : undefined;
    if (problem) return ask(ctx, round, problem, ctx.t("round.errors.missing"));
    if (!entries.some((e) => e.included)) return ctx.reply(ctx.t("round.errors.noInitiatives"));
    const reach = (await activeCitizensOf(db, round.municipalityId)).length;
    await ctx.reply(roundSummary(ctx.t, round, entries, reach), {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(ctx.t("round.confirm"), callbackData(RND, "ok", round.id))
        .row()
        .text(ctx.t("round.cancel"), callbackData(RND, "x", round.id)),
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

  feature.callbackQuery(callbackPattern(RND, "ok", ID), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round) return;
    const now = deps.now();
    if (round.closesAt !== null && round.closesAt <= now)
      return ask(ctx, round, "closes", ctx.t("round.errors.closesPast"));
    if (round.opensAt === null || round.opensAt > now) return confirm(ctx, round);
    // A time typed hours ago may have passed since: opening at once must be the officer's choice.
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("round.pastOpening", { date: formatDateTime(round.opensAt) }), {
      ...HTML,
      reply_markup: new InlineKeyboard()
        .text(ctx.t("round.openNow"), callbackData(RND, "now", round.id))
        .row()
        .text(ctx.t("round.otherOpening"), callbackData(RND, "when", round.id)),
    });
  });

  feature.callbackQuery(callbackPattern(RND, "now", ID), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round) return;
    const opened = await updateRoundDraft(db, round.id, { opensAt: deps.now() });
    if (opened) await confirm(ctx, opened);
  });

  feature.callbackQuery(callbackPattern(RND, "when", ID), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (round) await ask(ctx, round, "opens");
  });

  feature.callbackQuery(callbackPattern(RND, "x", ID), async (ctx) => {
    const round = await ownDraft(ctx, Number(ctx.match[1]));
    if (!round) return;
    await clearAwaiting(db, ctx.from.id, "round.draft");
    await deleteRoundDraft(db, round.id);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("round.cancelled"));
  });

  const waits: AwaitHandler = { kind: "round.draft", buttons: [RND], answer };
  return { feature, waits };
}
