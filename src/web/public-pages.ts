import { Hono } from "hono";
import type { Database } from "../db/database.js";
import { findMunicipalityBySlug } from "../db/repo/municipalities.js";
import { publicInitiatives, publicRounds } from "../db/repo/public-page.js";
import { readStatisticsInput } from "../db/repo/statistics.js";
import { countStatistics, publishStatistics } from "../domain/statistics.js";
import { isLocale, type Locale } from "../i18n/index.js";
import { municipalityPage, notFoundPage } from "./municipality-page.js";

export interface PublicPagesOptions {
  database: Database;
  now: () => number;
  /** The language when neither `?lang=` nor the browser names one the bot speaks. */
  defaultLocale?: Locale;
}

/** `?lang=` first, then the browser's languages in order, then the default. */
export function pageLocale(
  query: string | undefined,
  acceptLanguage: string | undefined,
  fallback: Locale,
): Locale {
  if (query && isLocale(query)) return query;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const code = part.split(";")[0]!.trim().slice(0, 2).toLowerCase();
    if (isLocale(code)) return code;
  }
  return fallback;
}

/**
 * Public, read-only pages per municipality: results and counts anyone may see, no personal data.
 * Short caching: results change when a round closes, and a stale minute harms nobody.
 */
export function publicPages({ database, now, defaultLocale = "ky" }: PublicPagesOptions) {
  const app = new Hono();
  app.get("/m/:slug", async (c) => {
    c.header("Cache-Control", "public, max-age=60");
    c.header("Vary", "Accept-Language");
    c.header("X-Content-Type-Options", "nosniff");
    const municipality = await findMunicipalityBySlug(database.db, c.req.param("slug"));
    if (!municipality?.active) return c.html(notFoundPage(), 404);
    const locale = pageLocale(c.req.query("lang"), c.req.header("accept-language"), defaultLocale);
    const scope = { municipalityId: municipality.id, from: 0, to: now() + 1 };
    const [rounds, initiatives, input] = await Promise.all([
      publicRounds(database.db, municipality.id),
      publicInitiatives(database.db, municipality.id),
      readStatisticsInput(database.db, scope),
    ]);
    const statistics = publishStatistics(countStatistics(input));
    return c.html(municipalityPage(locale, { municipality, rounds, initiatives, statistics }));
  });
  return app;
}
