import { Hono } from "hono";
import { type Initiative, listForStaff, listQueue } from "../../db/repo/initiatives.js";
import { listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { publicRounds } from "../../db/repo/public-page.js";
import { readStatisticsInput } from "../../db/repo/statistics.js";
import { tallyRound } from "../../db/repo/votes.js";
import { INITIATIVE_STATUSES } from "../../domain/initiative-status.js";
import { canModerate, type Roles } from "../../domain/roles.js";
import { countStatistics, publishStatistics } from "../../domain/statistics.js";
import { escapeHtml } from "../../domain/text.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { roundSection, statisticsTables } from "../municipality-page.js";
import type { StaffAppOptions, StaffEnv } from "./routes.js";
import { fragment } from "./views.js";

const LIST_SIZE = 30;

/** The municipalities whose data the person may read: officers theirs, moderators and admins all. */
async function municipalitiesOf(options: StaffAppOptions, roles: Roles) {
  const all = await listMunicipalities(options.database.db, { includeInactive: true });
  return canModerate(roles) ? all : all.filter((m) => roles.officerOf.includes(m.id));
}

function initiativeLines(t: Translate, rows: readonly Initiative[]) {
  if (rows.length === 0) return `<p class="h">—</p>`;
  const items = rows.map((i) => {
    const reference = referenceOf(i);
    return `<li><span>${escapeHtml(i.title ?? "—")}</span> <span class="h">${reference} · ${t(`initiative.status.${i.status}`)}</span></li>`;
  });
  return `<ul class="l">${items.join("")}</ul>`;
}

/**
 * Initiatives, rounds and statistics: read-only views over the same repositories the bot reads,
 * each limited to the person's municipalities on the server.
 */
export function overviewViews(options: StaffAppOptions) {
  const { db } = options.database;
  const app = new Hono<StaffEnv>();

  app.get("/initiatives", async (c) => {
    const { t, locale, roles } = c.get("staff");
    const status = INITIATIVE_STATUSES.find((s) => s === c.req.query("status")) ?? "approved";
    const parts: string[] = [];
    if (canModerate(roles)) {
      const queue = await listQueue(db, { limit: LIST_SIZE, offset: 0 });
      parts.push(
        `<h3>${t("app.moderate")} (${formatNumber(queue.total)})</h3>`,
        initiativeLines(t, queue.rows),
      );
    }
    const municipalityIds = canModerate(roles) ? null : roles.officerOf;
    const list = await listForStaff(db, { municipalityIds, status }, { limit: LIST_SIZE, offset: 0 });
    const options_ = INITIATIVE_STATUSES.filter((s) => s !== "draft").map(
      (s) => `<option value="${s}"${s === status ? " selected" : ""}>${t(`initiative.status.${s}`)}</option>`,
    );
    parts.push(
      `<h3>${t("app.ofMunicipality")}</h3>`,
      `<form class="f" method="get" action="/app/v/initiatives"><select name="status" aria-label="${escapeHtml(t("app.filter.status"))}">${options_.join("")}</select></form>`,
      `<p class="h">${t("app.count", { count: list.total })}</p>`,
      initiativeLines(t, list.rows),
    );
    return c.html(fragment(t, locale, "initiatives", parts.join("")));
  });

  app.get("/rounds", async (c) => {
    const { t, locale, roles } = c.get("staff");
    const parts: string[] = [];
    for (const m of await municipalitiesOf(options, roles)) {
      const rounds = await publicRounds(db, m.id);
      if (rounds.length === 0) continue;
      parts.push(`<h2>${escapeHtml(municipalityLabel(m, locale))}</h2>`);
      for (const round of rounds) {
        parts.push(roundSection(t, round));
        if (round.status !== "open") continue;
        // While voting is open only the number of votes so far: a ranking would sway the vote.
        const votes = (await tallyRound(db, round.id)).reduce((sum, c) => sum + c.online + c.paper, 0);
        parts.push(`<p><b>${t("app.votesSoFar", { count: formatNumber(votes) })}</b></p>`);
      }
    }
    const body = parts.length > 0 ? parts.join("") : `<p>${t("web.noRounds")}</p>`;
    return c.html(fragment(t, locale, "rounds", body));
  });

  app.get("/stats", async (c) => {
    const { t, locale, roles } = c.get("staff");
    const parts: string[] = [];
    const to = options.now();
    // All time, per municipality, each through the same suppression as /stats.
    for (const m of await municipalitiesOf(options, roles)) {
      const input = await readStatisticsInput(db, { municipalityId: m.id, from: 0, to });
      parts.push(
        `<h2>${escapeHtml(municipalityLabel(m, locale))}</h2>`,
        statisticsTables(t, publishStatistics(countStatistics(input))),
      );
    }
    return c.html(fragment(t, locale, "stats", parts.join("")));
  });

  return app;
}
