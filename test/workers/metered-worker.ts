import type { D1Database, ExecutionContext, ScheduledController } from "@cloudflare/workers-types";
import { meteredD1 } from "../../src/db/d1.js";
import worker, { type Env } from "../../src/worker.js";
import { ROUND_TRIPS_HEADER } from "./metering.js";

/**
 * src/worker.ts with its D1 binding metered, for the benchmark and the tests under `wrangler dev`:
 * each response to a request carries the D1 round trips it made (`x-d1-round-trips`), and
 * `GET /__metered` tells those of the last scheduled run. With the variable `D1_DELAY_MS`, each
 * round trip first waits that long, as a database across the network does. Invocations are counted
 * one at a time: the benchmark and the tests send the next only when the last has ended.
 */
let roundTrips = 0;
let lastScheduled = 0;
let metered: D1Database | undefined;

function withMeteredDb(env: Env): Env {
  const delayMs = Number(env.D1_DELAY_MS ?? 0);
  // The Worker builds its database once per isolate, from the binding of the first invocation.
  metered ??= meteredD1(env.DB, async () => {
    roundTrips += 1;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  });
  return { ...env, DB: metered };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === "/__metered") return Response.json({ roundTrips: lastScheduled });
    roundTrips = 0;
    const response = await worker.fetch(request, withMeteredDb(env), ctx);
    const counted = new Response(response.body, response);
    counted.headers.set(ROUND_TRIPS_HEADER, String(roundTrips));
    return counted;
  },

  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    roundTrips = 0;
    await worker.scheduled(controller, withMeteredDb(env));
    lastScheduled = roundTrips;
  },
};
