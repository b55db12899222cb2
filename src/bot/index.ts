import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation } from "@grammyjs/conversations";
import { type Api, Bot, type BotError, type Context, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { enqueue, hasUnsent } from "../db/repo/outbox.js";
import { STALE_CLAIM_MS } from "../db/repo/updates.js";
import { awaitingRouter } from "./awaiting.js";
import { FeatureComposer } from "./composer.js";
import type { BotContext, BotDeps } from "./context.js";
import { PROFILE, profileConversation } from "./conversations/profile.js";
import { conversationStorage } from "./conversations/storage.js";
import { adminFeature } from "./features/admin.js";
import { blockingFeature } from "./features/blocking.js";
import { cancelFeature } from "./features/cancel.js";
import { chatsFeature } from "./features/chats.js";
import { helpFeature } from "./features/help.js";
import { initiativeBudgetFeature } from "./features/initiative-budget.js";
import { languageFeature } from "./features/language.js";
import { menuFeature } from "./features/menu.js";
import { moderationFeature } from "./features/moderation.js";
import { municipalityFeature } from "./features/municipality.js";
import { municipalityContactsFeature } from "./features/municipality-contacts.js";
import { municipalityInitiativesFeature } from "./features/municipality-initiatives.js";
import { myInitiativesFeature } from "./features/my-initiatives.js";
import { onboardingFeature } from "./features/onboarding.js";
import { privacyFeature } from "./features/privacy.js";
import { proposeFeature } from "./features/propose.js";
import { reportGroupsFeature } from "./features/report-groups.js";
import { reportOfficersFeature } from "./features/report-officers.js";
import { reporterFollowUpFeature } from "./features/reporter-follow-up.js";
import { reportsFeature } from "./features/reports.js";
import { resultsFeature } from "./features/results.js";
import { roundDraftsFeature } from "./features/round-drafts.js";
import { roundPanelFeature } from "./features/round-panel.js";
import { statisticsFeature } from "./features/statistics.js";
import { unhandledFeature } from "./features/unhandled.js";
import { votingFeature } from "./features/voting.js";
import { initiativeForm } from "./initiatives/form.js";
import { bookkeeping } from "./middlewares/bookkeeping.js";
import { DEFAULT_FLOOD, type FloodOptions, limitFlood } from "./middlewares/rate-limit.js";
import { trackCallbackAnswers } from "./middlewares/track-answers.js";
import { oneAtATimePerChat, withinBudget } from "./middlewares/update-deadline.js";
import { prefetches } from "./prefetch.js";
import { reportChatLog } from "./reports/chat-log.js";
import { reportForm } from "./reports/form.js";

export interface CreateBotOptions {
  /** Known in advance on Workers and in tests, so that no getMe is needed. */
  botInfo?: UserFromGetMe;
  /** Replaces fetch for Bot API calls: tests capture them at the HTTP level. */
  fetch?: typeof fetch;
  flood?: FloodOptions;
  /**
   * Webhook mode: how long one update may take from its arrival, Bot API calls and retries
   * included, so that it ends before the webhook's deadline (WEBHOOK_TIMEOUT_MS).
   */
  updateBudgetMs?: number;
}

/** How long Telegram's request may take before the webhook answers 500 (grammY's default, explicit). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** An update's share of it: the rest is for storing the apology when Telegram did not answer. */
export const WEBHOOK_UPDATE_BUDGET_MS = 8_000;

/** How long getUpdates waits for news when there is none (the runner's default, made explicit). */
export const LONG_POLL_SECONDS = 30;

/** Updates are handled one at a time per chat, so a flow never sees its own steps out of order. */
export function orderingKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

export function createBot(deps: BotDeps, options: CreateBotOptions = {}) {
  const { config } = deps;
  const bot = new Bot<BotContext>(config.botToken, {
    botInfo: options.botInfo,
    client: {
      apiRoot: config.telegramApiRoot,
      // A request that hangs would otherwise hold its chat, whose updates are handled one at a
      // time, for grammY's default of 500 s; each attempt of a retry has this again. The long poll
      // has an Api of its own (polling.ts).
      timeoutSeconds: config.telegramTimeoutSeconds,
      ...(options.fetch ? { fetch: options.fetch as never } : {}),
    },
  });
  retryTelegramTrouble(bot.api);

  const budget = options.updateBudgetMs;
  if (budget !== undefined) bot.use(withinBudget(budget));
  // Half the budget at most for the update before it, so that this one has time left to answer.
  bot.use(oneAtATimePerChat(orderingKey, budget === undefined ? undefined : budget / 2));
  const flood = options.flood ?? DEFAULT_FLOOD;
  // The features register their steps' reads below; bookkeeping reads them with its own.
  const prefetch = prefetches(deps);
  bot.use(bookkeeping(deps, budget === undefined ? STALE_CLAIM_MS : WEBHOOK_TIMEOUT_MS, flood, prefetch));
  const app = new FeatureComposer<BotContext>();
  bot.errorBoundary((error) => reportError(deps, error), app);
  app.use(trackCallbackAnswers(deps));
  app.use(limitFlood(deps, flood));
  const reportLog = reportChatLog(deps);
  const reportFlow = reportForm(deps, reportLog, prefetch);
  const reporterFollowUp = reporterFollowUpFeature(deps, reportLog);
  const reportOfficers = reportOfficersFeature(deps);
  // Officers' groups: set-up and report buttons, before chats.ts drops other group updates.
  app.use(reportGroupsFeature(deps, reportOfficers.callbacks));
  app.use(chatsFeature(deps));

  // Only private chats have flows; updates without a chat would otherwise share one storage key.
  const inPrivate = app.chatType("private");
  inPrivate.use(storedConversations(deps));
  inPrivate.use(createConversation(profileConversation(deps), PROFILE));

  const form = initiativeForm(deps);
  const moderation = moderationFeature(deps);
  const roundDrafts = roundDraftsFeature(deps);
  const roundPanel = roundPanelFeature(deps);
  // What a person's next message is for: one wait per person, each kind with its handler.
  inPrivate.use(
    awaitingRouter(deps, [
      form.waits,
      moderation.waits,
      reportFlow.waits,
      reporterFollowUp.waits,
      ...reportOfficers.waits,
      roundDrafts.waits,
      roundPanel.waits,
    ]),
  );
  inPrivate.use(
    onboardingFeature(deps),
    cancelFeature(),
    menuFeature(),
    helpFeature(),
    languageFeature(deps),
    municipalityFeature(deps),
    privacyFeature(deps),
    adminFeature(deps),
    municipalityContactsFeature(deps),
    proposeFeature(deps, form),
    myInitiativesFeature(deps),
    municipalityInitiativesFeature(deps),
    initiativeBudgetFeature(deps),
  );
  inPrivate.use(
    reportsFeature(deps, reportFlow, reportLog),
    reporterFollowUp.feature,
    reportOfficers.callbacks,
    reportOfficers.commands,
  );
  inPrivate.use(statisticsFeature(deps));
  inPrivate.use(votingFeature(deps), resultsFeature(deps), roundDrafts.feature, roundPanel.feature);
  // Also outside private chats: their buttons work in the configured moderators' group.
  app.use(blockingFeature(deps));
  app.use(moderation.feature);
  app.use(unhandledFeature());
  return bot;
}

/**
 * The conversations plugin with its state in the database, so that a flow survives a restart.
 * Each replay builds its contexts with a new Api that lacks the bot's transformers: the plugin
 * installs the same retry and deadline on it, so a 429 or 500 during onboarding is retried too.
 */
export function storedConversations(deps: BotDeps) {
  return conversations<BotContext, Context>({
    storage: {
      type: "context",
      // Raised when a conversation's arguments or steps change shape: a state stored by an older
      // build is then dropped, not replayed wrongly (the person's /start asks again).
      version: 2,
      adapter: conversationStorage(deps),
    },
    plugins: [
      (ctx, next) => {
        retryTelegramTrouble(ctx.api);
        return next();
      },
    ],
  });
}

/**
 * Telegram asking to wait (429) or failing (5xx) is retried, each attempt within the client's
 * `timeoutSeconds`. Network errors are not retried here: auto-retry would retry them for up to an
 * hour, holding the chat's later updates back; the person is told through the outbox instead
 * (reportError).
 */
function retryTelegramTrouble(api: Api) {
  api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 10, rethrowHttpErrors: true }));
}

async function reportError(deps: BotDeps, error: BotError<BotContext>) {
  const { ctx } = error;
  const updateId = ctx.update.update_id;
  // Only a person in a private chat whose language is known (identify ran) can be told.
  const canTell = ctx.chat?.type === "private" && typeof ctx.t === "function";
  if (isTelegramTrouble(error.error)) {
    deps.logger.warn("update failed: the Bot API did not answer", { updateId, error: error.error });
    if (canTell) await apologiseWhenTelegramIsBack(deps, ctx);
    return;
  }
  deps.logger.error("update failed", { updateId, error: error.error });
  if (!canTell) return;
  try {
    if (ctx.callbackQuery && !ctx.callbackAnswered)
      await ctx.answerCallbackQuery({ text: ctx.t("errors.generic"), show_alert: true });
    else await ctx.reply(ctx.t("errors.generic"));
  } catch (replyError) {
    deps.logger.warn("could not tell the person about the error", { error: replyError });
  }
}

/**
 * Telegram down, slow or refusing for load: the same call may work later; our code is not at fault.
 * The conversations plugin wraps the errors of its calls, keeping the original as `cause`.
 */
export function isTelegramTrouble(error: unknown): boolean {
  if (error instanceof HttpError) return true;
  if (error instanceof GrammyError) return error.error_code === 429 || error.error_code >= 500;
  return error instanceof Error && error.cause !== undefined && isTelegramTrouble(error.cause);
}

const APOLOGY_KEY = "telegram-trouble:";

/**
 * What the person sent is stored, but the answer did not reach them, and a reply now would most
 * likely fail too: the outbox delivers the apology, with the way back into their flow, once
 * Telegram answers again. Taps during the outage add nothing while one apology still waits.
 */
async function apologiseWhenTelegramIsBack(deps: BotDeps, ctx: BotContext) {
  const chatId = ctx.chat!.id;
  const { db } = deps.database;
  try {
    if (await hasUnsent(db, chatId, APOLOGY_KEY)) return;
    await enqueue(
      deps.database,
      {
        chatId,
        payload: { text: ctx.t("errors.telegramTrouble") },
        dedupeKey: `${APOLOGY_KEY}${chatId}:${ctx.update.update_id}`,
      },
      deps.now(),
    );
    deps.onEnqueued?.();
  } catch (enqueueError) {
    deps.logger.error("could not queue the apology", { error: enqueueError });
  }
}
