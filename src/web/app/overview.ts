import { type Context, Hono } from "hono";
import { findInitiative, type Initiative, listForStaff, listQueue } from "../../db/repo/initiatives.js";
import { findMunicipality, listMunicipalities, municipalityLabel } from "../../db/repo/municipalities.js";
import { publicRounds } from "../../db/repo/public-page.js";
import { findRound, roundEntries } from "../../db/repo/rounds.js";
import { readStatisticsInput } from "../../db/repo/statistics.js";
import { tallyRound } from "../../db/repo/votes.js";
import { INITIATIVE_STATUSES, NOTE_MAX, NOTE_MIN } from "../../domain/initiative-status.js";
import { canActFor, canModerate, type Roles } from "../../domain/roles.js";
import { countStatistics, publishStatistics } from "../../domain/statistics.js";
import { escapeHtml } from "../../domain/text.js";
import { participationCsv } from "../../exports/csv-files.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { decideInitiative } from "../../staff/initiative-actions.js";
import { enterPaperVotes } from "../../staff/paper-votes.js";
import { roundSection, statisticsTables } from "../municipality-page.js";
import type { StaffAppOptions, StaffEnv } from "./routes.js";
import { type Flash, flashLine, fragment, initiativeDetail, paperVoteForms } from "./views.js";

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
    const { t, locale, roles } = c.get("staff");
    const parts: string[] = [];
    const to = options.now();
    // All time, per municipality, each through the same suppression as /stats.
    for (const m of await municipalitiesOf(options, roles)) {
      const input = await readStatisticsInput(db, { municipalityId: m.id, from: 0, to });
      const csv = `<p><a href="/app/v/stats/${m.id}.csv" data-download="yntymak-${m.slug}-participation.csv">${t("app.csv")}</a></p>`;
      parts.push(
        `<h2>${escapeHtml(municipalityLabel(m, locale))}</h2>`,
        statisticsTables(t, publishStatistics(countStatistics(input))),
        csv,
      );
    }
    return c.html(fragment(t, locale, "stats", parts.join("")));
  });

  /** The same participation table as /export's, with the same suppression. */
  app.get("/stats/:file{[0-9]+\\.csv}", async (c) => {
    const { roles } = c.get("staff");
    const id = Number.parseInt(c.req.param("file"), 10);
    const municipality = (await municipalitiesOf(options, roles)).find((m) => m.id === id);
    if (!municipality) return c.body(null, 404);
    const input = await readStatisticsInput(db, { municipalityId: id, from: 0, to: options.now() });
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="yntymak-${municipality.slug}-participation.csv"`);
    return c.body(participationCsv(publishStatistics(countStatistics(input))));
  });

  return app;
}
