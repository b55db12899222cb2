import { type Context, Hono } from "hono";
import { statisticsChart } from "../../charts/statistics-model.js";
import { findInitiative, type Initiative, listForStaff, listQueue } from "../../db/repo/initiatives.js";
import { findMunicipality, listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { publicRounds } from "../../db/repo/public-page.js";
import { findRound, roundEntries } from "../../db/repo/rounds.js";
import { grantsOf } from "../../db/repo/staff.js";
import { readStatisticsInput } from "../../db/repo/statistics.js";
import { tallyRound } from "../../db/repo/votes.js";
import { INITIATIVE_STATUSES, NOTE_MAX, NOTE_MIN } from "../../domain/initiative-status.js";
import { type Period, parsePeriod, periodFromToken, periodLabel, presetPeriod } from "../../domain/period.js";
import { canActFor, canModerate, isStaff, type Roles, rolesFor } from "../../domain/roles.js";
import { countStatistics, publishStatistics } from "../../domain/statistics.js";
import { escapeHtml } from "../../domain/text.js";
import { participationCsv } from "../../exports/csv-files.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { decideInitiative } from "../../staff/initiative-actions.js";
import { enterPaperVotes } from "../../staff/paper-votes.js";
import { roundSection, statisticsTables } from "../municipality-page.js";
import { CHART_STYLE, chartHtml } from "./chart.js";
import type { StaffAppOptions, StaffEnv } from "./routes.js";
import { LINK_SECONDS, signedLink, signedUser } from "./signed-link.js";
import {
  type Flash,
  flashLine,
  fragment,
  initiativeDetail,
  PAGE_SIZE,
  pageOffset,
  pager,
  paperVoteForms,
} from "./views.js";

const PRESETS = ["month", "quarter", "all"] as const;

/** The period on a row of its own, the two days under it side by side, each with its name shown. */
const PERIOD_STYLE = `form.p select{flex-basis:100%}label.d{flex:1 1 40%;display:flex;flex-direction:column;gap:.1rem}label.d input{flex:none;width:100%;box-sizing:border-box}`;

/** The municipalities whose data the person may read: officers theirs, moderators and admins all. */
async function municipalitiesOf(options: StaffAppOptions, roles: Roles) {
  const all = await listMunicipalities(options.database.db, { includeInactive: true });
  return canModerate(roles) ? all : all.filter((m) => roles.officerOf.includes(m.id));
}

function initiativeLines(t: Translate, rows: readonly Initiative[]) {
  if (rows.length === 0) return `<p class="h">—</p>`;
  const items = rows.map((i) => {
    const reference = referenceOf(i);
    return `<li><a href="#" data-v="/app/v/initiatives/${i.id}" data-initiative="${i.id}">${escapeHtml(i.title ?? "—")} <span class="h">${reference} · ${t(`initiative.status.${i.status}`)}</span></a></li>`;
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
    const queueOffset = pageOffset(c.req.query("queue"));
    const offset = pageOffset(c.req.query("offset"));
    // Each list pages on its own; the link keeps the other list's page and the filter.
    const url = (keep: string, at: number) =>
      `/app/v/initiatives?${new URLSearchParams({ status, [keep]: String(at) })}`;
    const parts: string[] = [];
    if (canModerate(roles)) {
      const queue = await listQueue(db, { limit: PAGE_SIZE, offset: queueOffset });
      parts.push(
        `<h3>${t("app.moderate")} (${formatNumber(queue.total)})</h3>`,
        initiativeLines(t, queue.rows),
        pager(t, url("offset", offset), "queue", {
          offset: queueOffset,
          total: queue.total,
          size: PAGE_SIZE,
        }),
      );
    }
    const municipalityIds = canModerate(roles) ? null : roles.officerOf;
    const list = await listForStaff(db, { municipalityIds, status }, { limit: PAGE_SIZE, offset });
    const options_ = INITIATIVE_STATUSES.filter((s) => s !== "draft").map(
      (s) => `<option value="${s}"${s === status ? " selected" : ""}>${t(`initiative.status.${s}`)}</option>`,
    );
    parts.push(
      `<h3>${t("app.ofMunicipality")}</h3>`,
      `<form class="f" method="get" action="/app/v/initiatives"><select name="status" aria-label="${escapeHtml(t("app.filter.status"))}">${options_.join("")}</select></form>`,
      `<p class="h">${t("app.count", { count: list.total })}</p>`,
      initiativeLines(t, list.rows),
      pager(t, url("queue", queueOffset), "offset", { offset, total: list.total, size: PAGE_SIZE }),
    );
    return c.html(fragment(t, locale, "initiatives", parts.join("")));
  });

  /** Moderators and admins see any sent initiative; officers those of their municipalities. */
  async function visibleInitiative(roles: Roles, idText: string) {
    const id = Number(idText);
    const initiative = Number.isSafeInteger(id) ? await findInitiative(db, id) : undefined;
    if (!initiative || initiative.status === "draft") return undefined;
    const ours = initiative.municipalityId !== null && roles.officerOf.includes(initiative.municipalityId);
    return canModerate(roles) || ours ? initiative : undefined;
  }

  async function initiativePage(c: Context<StaffEnv>, initiative: Initiative, flash?: Flash) {
    const { t, locale, roles } = c.get("staff");
    const municipality = initiative.municipalityId
      ? await findMunicipality(db, initiative.municipalityId)
      : undefined;
    const body = initiativeDetail(t, locale, {
      initiative,
      municipality,
      mayDecide: canModerate(roles),
      flash,
    });
    return c.html(fragment(t, locale, "initiatives", body));
  }

  app.get("/initiatives/:id", async (c) => {
    const initiative = await visibleInitiative(c.get("staff").roles, c.req.param("id"));
    if (!initiative) return c.html(fragment(c.get("staff").t, c.get("staff").locale, "initiatives", ""), 404);
    return initiativePage(c, initiative);
  });

  app.post("/initiatives/:id/decide", async (c) => {
    const { t, locale, roles, userId, firstName } = c.get("staff");
    const initiative = canModerate(roles) ? await visibleInitiative(roles, c.req.param("id")) : undefined;
    if (!initiative) return c.html(fragment(t, locale, "initiatives", ""), 404);
    const body = await c.req.parseBody();
    // The version the moderator read: a decision on a since-edited initiative is refused.
    if (Number(body.version) !== initiative.version)
      return initiativePage(c, initiative, { ok: false, text: t("errors.staleButton") });
    const action = String(body.action ?? "");
    const text = String(body.text ?? "").trim();
    const reasonCode = String(body.reason ?? "");
    const input =
      action === "approve"
        ? ({ action } as const)
        : action === "reject" && !text
          ? ({ action, reasonCode } as const)
          : action === "reject" || action === "requestChanges"
            ? ({ action, reasonText: text } as const)
            : undefined;
    if (!input) return c.body(null, 400);
    const result = await decideInitiative(options.initiatives, {
      initiative,
      actorId: userId,
      actorName: firstName,
      ...input,
    });
    if (result.ok)
      return initiativePage(c, result.initiative, {
        ok: true,
        text: t(`moderation.decided.${result.initiative.status}`, {
          reference: referenceOf(result.initiative),
        }),
      });
    const failure =
      "invalid" in result
        ? result.invalid === "reason"
          ? t("moderation.chooseReason")
          : t(`initiative.errors.${result.invalid}`, { min: NOTE_MIN, max: NOTE_MAX, length: result.length })
        : t("moderation.alreadyDecided", {
            status: t(`initiative.status.${result.current?.status ?? "withdrawn"}`),
          });
    return initiativePage(
      c,
      result.ok === false && "current" in result && result.current ? result.current : initiative,
      {
        ok: false,
        text: failure,
      },
    );
  });

  async function roundsPage(c: Context<StaffEnv>, flash?: Flash) {
    const { t, locale, roles } = c.get("staff");
    const parts: string[] = [flashLine(flash)];
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
        if (canActFor(roles, m.id)) parts.push(paperVoteForms(t, round.id, await roundEntries(db, round.id)));
      }
    }
    const body = parts.join("") || `<p>${t("web.noRounds")}</p>`;
    return c.html(fragment(t, locale, "rounds", body));
  }

  app.get("/rounds", (c) => roundsPage(c));

  /** Paper votes, as from the bot's round panel: officers of the municipality and admins. */
  app.post("/rounds/:id/paper", async (c) => {
    const { t, locale, roles, userId } = c.get("staff");
    const round = await findRound(db, Number(c.req.param("id")));
    if (!round || !canActFor(roles, round.municipalityId))
      return c.html(fragment(t, locale, "rounds", ""), 404);
    const body = await c.req.parseBody();
    const count = Number(body.count);
    const initiativeId = Number(body.initiative);
    if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(initiativeId))
      return c.body(null, 400);
    const result = await enterPaperVotes(
      { database: options.database, now: options.now, paperVotesMax: options.paperVotesMax },
      { roundId: round.id, municipalityId: round.municipalityId, initiativeId, count, actorId: userId },
    );
    const entry = (await roundEntries(db, round.id)).find((e) => e.initiativeId === initiativeId);
    const text = result.ok
      ? t("round.paperSaved", { title: entry?.title ?? "", count: formatNumber(count) })
      : result.over
        ? t(`round.errors.paperOver.${result.over.from}`, {
            max: formatNumber(result.over.max),
            municipality: result.over.municipality ? municipalityLabel(result.over.municipality, locale) : "",
          })
        : t("errors.staleButton");
    return roundsPage(c, { ok: result.ok, text });
  });

  app.get("/stats", async (c) => {
    const { t, locale, roles, userId } = c.get("staff");
    const period = chosenPeriod(c.req.query(), options.now());
    const parts = [`<style>${PERIOD_STYLE}${CHART_STYLE}</style>`, periodForm(t, period)];
    // Per municipality, each through the same suppression as /stats, with the bot's chart.
    for (const m of await municipalitiesOf(options, roles)) {
      const input = await readStatisticsInput(db, { municipalityId: m.id, from: period.from, to: period.to });
      const published = publishStatistics(countStatistics(input));
      const name = municipalityLabel(m, locale);
      const heading = t("stats.heading", { name, period: periodLabel(period) });
      const link = await signedLink(options.botToken, csvPath(m.id, period), userId, options.now());
      parts.push(
        `<h2>${escapeHtml(name)}</h2>`,
        chartHtml(statisticsChart(t, published, heading)),
        statisticsTables(t, published),
        `<p><a href="${escapeHtml(link)}" download="${csvName(m.slug, period)}" data-ttl="${LINK_SECONDS}">${t("app.csv")}</a></p>`,
      );
    }
    return c.html(fragment(t, locale, "stats", parts.join("")));
  });

  return app;
}

const csvPath = (municipalityId: number, period: Period) => `/app/f/${municipalityId}/${period.token}.csv`;
const csvName = (slug: string, period: Period) => `yntymak-${slug}-${period.token}-participation.csv`;

/** The bot's periods: this month, the last three, all time, or two days (both included). */
function chosenPeriod(query: Record<string, string>, now: number): Period {
  const day = (iso: string | undefined) => /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  const [from, to] = [day(query.from), day(query.to)];
  const range =
    from && to ? parsePeriod(`${from[3]}.${from[2]}.${from[1]}-${to[3]}.${to[2]}.${to[1]}`) : undefined;
  return range ?? presetPeriod(PRESETS.find((p) => p === query.period) ?? "all", now);
}

function periodForm(t: Translate, period: Period): string {
  const options_ = PRESETS.map(
    (p) => `<option value="${p}"${p === period.token ? " selected" : ""}>${t(`stats.period.${p}`)}</option>`,
  );
  const custom = /^d(\d{4})(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2})$/.exec(period.token);
  const date = (name: string, label: string, value: string) =>
    `<label class="d"><span class="h">${escapeHtml(label)}</span><input type="date" name="${name}" value="${value}"></label>`;
  return [
    `<form class="f p" method="get" action="/app/v/stats">`,
    `<select name="period" aria-label="${escapeHtml(t("app.period"))}">${custom ? `<option value="">${periodLabel(period)}</option>` : ""}${options_.join("")}</select>`,
    date("from", t("app.from"), custom ? `${custom[1]}-${custom[2]}-${custom[3]}` : ""),
    date("to", t("app.to"), custom ? `${custom[4]}-${custom[5]}-${custom[6]}` : ""),
    `</form><p class="h">${periodLabel(period)}</p>`,
  ].join("");
}

/**
 * The participation table as CSV, the file /export sends, at a signed address: Telegram's app
 * downloads it without the init data header. The signature names the person; their roles are read
 * again, so a link outlives neither its ten minutes nor the person's role.
 */
export function downloads(options: StaffAppOptions) {
  const { db } = options.database;
  const app = new Hono();
  app.get("/:id/:file{[a-z0-9-]+\\.csv}", async (c) => {
    c.header("Cache-Control", "no-store");
    const now = options.now();
    const path = new URL(c.req.url).pathname;
    const userId = await signedUser(options.botToken, path, c.req.query(), now);
    if (userId === undefined) return c.body(null, 401);
    const roles = rolesFor(userId, options.adminIds, await grantsOf(db, userId));
    if (!isStaff(roles)) return c.body(null, 401);
    const id = Number(c.req.param("id"));
    const municipality = (await municipalitiesOf(options, roles)).find((m) => m.id === id);
    const period = periodFromToken(c.req.param("file").replace(/\.csv$/, ""), now);
    if (!municipality || !period) return c.body(null, 404);
    const input = await readStatisticsInput(db, { municipalityId: id, from: period.from, to: period.to });
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${csvName(municipality.slug, period)}"`);
    return c.body(participationCsv(publishStatistics(countStatistics(input))));
  });
  return app;
}
