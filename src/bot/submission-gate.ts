import type { User } from "../db/repo/users.js";
import { CAP_WINDOW_MS, checkCap } from "../domain/daily-cap.js";
import { formatDateTime } from "../i18n/format.js";
import type { Translate } from "../i18n/index.js";
import type { BotDeps } from "./context.js";

export type SubmissionKind = "report" | "initiative";

/** Why a submission is not taken: a blocked account, or the daily cap with when it frees up. */
export type Refusal = { reason: "blocked" } | { reason: "cap"; limit: number; nextAt: number };

/** Since when the daily cap counts submissions. */
export const capWindowStart = (deps: Pick<BotDeps, "now">) => deps.now() - CAP_WINDOW_MS;

/**
 * Why a submission is refused, from the person's submission times since `capWindowStart`, read by
 * the caller with the other reads of its step. Asked when a form opens and again when it is sent,
 * so that a draft opened earlier cannot pass a cap or a block reached since.
 */
export function refusalFrom(
  deps: Pick<BotDeps, "config">,
  user: User,
  kind: SubmissionKind,
  times: readonly number[],
): Refusal | undefined {
  if (user.status === "blocked") return { reason: "blocked" };
  const limit = kind === "report" ? deps.config.dailyCaps.reports : deps.config.dailyCaps.initiatives;
  const cap = checkCap(times, limit);
  return cap.reached ? { reason: "cap", limit, nextAt: cap.nextAt } : undefined;
}

/** A blocked account hears a neutral sentence, never an accusation; a capped one when to come back. */
export function refusalText(t: Translate, kind: SubmissionKind, refusal: Refusal): string {
  if (refusal.reason === "blocked") return t("blocking.paused");
  return t(`${kind}.capReached`, { count: refusal.limit, time: formatDateTime(refusal.nextAt) });
}
