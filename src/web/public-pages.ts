import { Hono } from "hono";
import type { Database } from "../db/database.js";
import { findPublicPage, readPublicPage } from "../db/repo/public-page.js";
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
    const code = part.split(";")[0]!.trim().toLowerCase().split("-")[0];
    if (isLocale(code)) return code;
  }
  return fallback;
}

/** How long a rendered page is served again before its rounds and initiatives are read anew. */
export const PAGE_CACHE_MS = 60_000;

/**
 * Public, read-only pages per municipality: results and counts anyone may see, no personal data.
 * The counts are the daily snapshot (jobs/public-snapshots.ts), never computed for a request:
 * all-time statistics of a large municipality take a noticeable time on the bot's event loop.
 * The page is rendered at most once a minute per municipality and language, from everything it
 * shows read by its slug in one round trip; within that minute a request reads the municipality
 * with the time of its snapshot (one query), and a new snapshot renders the page at once. A stale
 * minute of rounds and initiatives harms nobody: results change when a round closes.
 */
export function publicPages({ database, now, defaultLocale = "ky" }: PublicPagesOptions) {
  const app = new Hono();
  // Keyed by slug and language; only slugs of real municipalities get in, so it stays small.
  const rendered = new Map<string, { until: number; snapshotAt: number | null; html: string }>();
  app.get("/m/:slug", async (c) => {
    c.header("Cache-Control", "public, max-age=60");
    c.header("Vary", "Accept-Language");
    c.header("X-Content-Type-Options", "nosniff");
    const slug = c.req.param("slug");
    const locale = pageLocale(c.req.query("lang"), c.req.header("accept-language"), defaultLocale);
    const key = `${slug}\n${locale}`;
    const at = now();
    const cached = rendered.get(key);
    if (cached && cached.until > at) {
      const page = await findPublicPage(database.db, slug);
      if (!page?.municipality.active) return c.html(notFoundPage(), 404);
      if (cached.snapshotAt === page.snapshotAt) return c.html(cached.html);
    }
    const page = await readPublicPage(database, slug);
    if (!page?.municipality.active) return c.html(notFoundPage(), 404);
    const { municipality, snapshotAt, rounds, initiatives, snapshot } = page;
    const html = municipalityPage(locale, { municipality, rounds, initiatives, snapshot });
    rendered.set(key, { until: at + PAGE_CACHE_MS, snapshotAt, html });
    return c.html(html);
  });
  return app;
}
