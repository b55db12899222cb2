import type { Api } from "grammy";

/**
 * What one Workers invocation may still call out to. Cloudflare counts every Bot API request and
 * every D1 round trip (a batch is one) against a limit per invocation (50 on the Free plan); past
 * it the call fails. The caller meters both into `used` (`meteredD1`, `meterBotApi`) and the
 * outbox stops before `limit`.
 */
export interface SubrequestBudget {
  readonly limit: number;
  used: number;
}

export function subrequestBudget(limit: number): SubrequestBudget {
  return { limit, used: 0 };
}

/**
 * Whether `cost` more subrequests fit in `budget`, leaving `reserve` for what comes after; with no
 * budget (Node), always.
 */
export function fits(budget: SubrequestBudget | undefined, cost: number, reserve = 0): boolean {
  return budget === undefined || budget.used + cost + reserve <= budget.limit;
}

/** Counts every request `api` makes into `budget`. */
export function meterBotApi(api: Api, budget: SubrequestBudget): Api {
  api.config.use((previous, method, payload, signal) => {
    budget.used += 1;
    return previous(method, payload, signal);
  });
  return api;
}
