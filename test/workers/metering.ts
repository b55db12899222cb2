/** The response header in which test/workers/metered-worker.ts tells a request's D1 round trips. */
export const ROUND_TRIPS_HEADER = "x-d1-round-trips";
