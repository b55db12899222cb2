import { type Context, Hono } from "hono";
import type { Database } from "../../db/database.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import { listReportEvents } from "../../db/repo/report-history.js";
import { listReportsForStaff } from "../../db/repo/report-lists.js";
import { findReport, referenceOfReport, reporterOf } from "../../db/repo/reports.js";
import { grantsOf } from "../../db/repo/staff.js";
import { findUser } from "../../db/repo/users.js";
import { isCategory, URGENCIES } from "../../domain/report-form.js";
import { isListedStatus, isModeratorAction, isOfficerAction, NOTE_MAX } from "../../domain/report-status.js";
import { canModerate, isStaff, type Roles, rolesFor } from "../../domain/roles.js";
import { isLocale, type Locale, type Translate, translator } from "../../i18n/index.js";
import type { InitiativeActionDeps } from "../../staff/initiative-actions.js";
import {
  changeReportStatus,
  mayActOn,
  maySee,
  type ReportActionDeps,
  reportScope,
  sendReportNote,
} from "../../staff/report-actions.js";
import { PASS_PARAMETER, passHolder } from "../../staff/signature.js";
import { signedInFrom } from "./init-data.js";
import { downloads, overviewViews } from "./overview.js";
import {
  appPage,
  fragment,
  PAGE_SIZE,
  pageOffset,
  pager,
  type ReportListFilter,
  reportDetail,
  reportList,
  SHELL_VERSION,
  type Tab,
} from "./views.js";

export interface StaffAppOptions {
  database: Database;
  now: () => number;
  botToken: string;
  adminIds: readonly number[];
  defaultLocale: Locale;
  maxAgeSeconds: number;
  /** Paper votes for one initiative where the municipality's residents are unknown. */
  paperVotesMax: number;
  /** The same actions as the bot's buttons, with the bot's notices (wired by the server). */
  actions: ReportActionDeps;
  initiatives: InitiativeActionDeps;
}

/** The header the page script sends the init data in, on every request. */
export const INIT_DATA_HEADER = "x-telegram-init-data";
const SHELL = appPage();

interface Staff {
  userId: number;
  firstName: string;
  roles: Roles;
  locale: Locale;
  t: Translate;
}

export type StaffEnv = { Variables: { staff: Staff } };
type Env = StaffEnv;

/**
 * The staff workspace (Telegram Mini App) at /app. The page itself carries no data; every view is
 * fetched with the init data, checked here on each request: the signed user id is the only
 * identity, roles and municipality come from the database as in the bot. Anything else is 401
 * with an empty body, and a report outside the person's reach is 404 whether it exists or not.
 * The one exception is the page opened with a pass from a bot button (workspacePass), which holds
 * the reports list already: the pass names the person as the init data would.
 */
export function staffApp(options: StaffAppOptions) {
  const { database } = options;
  const { db } = database;
  const app = new Hono<Env>();
  app.use("*", async (c, next) => {
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-App-Version", SHELL_VERSION);
    await next();
  });

  /** A staff member as the database knows them now; undefined for anyone else. */
  async function staffOf(
    userId: number,
    languageCode?: string,
    firstName?: string,
  ): Promise<Staff | undefined> {
    const [user, grants] = await Promise.all([findUser(db, userId), grantsOf(db, userId)]);
    const roles = rolesFor(userId, options.adminIds, grants);
    if (!isStaff(roles)) return undefined;
    const locale = [user?.locale, languageCode].find(isLocale) ?? options.defaultLocale;
    return { userId, firstName: firstName ?? String(userId), roles, locale, t: translator(locale) };
  }

  // The same page for everyone, without data: kept by the browser, so that every open after the
  // first costs only the view's request. A stale copy replaces itself (see the script).
  // Opened from a bot button, the address carries a pass, and the page comes with the reports
  // list in it: one request instead of two. That page is the person's own: never stored, and its
  // address (the pass) never sent on as a referrer. A pass that is forged, expired or no longer a
  // staff member's gets the plain page, which then asks with the init data as usual.
  app.get("/", async (c) => {
    const pass = c.req.query(PASS_PARAMETER);
    if (pass === undefined) {
      c.header("Cache-Control", "public, max-age=2592000");
      return c.html(SHELL);
    }
    c.header("Cache-Control", "no-store");
    const userId = await passHolder(options.botToken, pass, options.now());
    const staff = userId === undefined ? undefined : await staffOf(userId);
    if (!staff) return c.html(SHELL);
    const { t, locale } = staff;
    const body = await reportsView(staff, {});
    return c.html(appPage({ locale, title: t("app.title"), view: fragment(t, locale, "reports", body) }));
  });

  app.use("/v/*", async (c, next) => {
    c.header("Cache-Control", "no-store");
    const signed = await signedInFrom(c.req.header(INIT_DATA_HEADER), {
      botToken: options.botToken,
      maxAgeSeconds: options.maxAgeSeconds,
      now: options.now(),
    });
    const staff = signed && (await staffOf(signed.userId, signed.languageCode, signed.firstName));
    if (!staff) return c.body(null, 401);
    c.set("staff", staff);
    await next();
  });

  const view = (c: Context<Env>, tab: Tab, body: string, status: 200 | 404 = 200) => {
    const { t, locale } = c.get("staff");
    return c.html(fragment(t, locale, tab, body), status);
  };
  const notFound = (c: Context<Env>) => view(c, "reports", `<p>${c.get("staff").t("web.notFound")}</p>`, 404);

  /** The reports of the person's reach, filtered and paged as the query asks. */
  async function reportsView({ t, roles }: Staff, query: Record<string, string>) {
    const municipalityIds = reportScope(roles);
    if (municipalityIds === undefined) return `<p>${t("errors.notAllowed")}</p>`;
    const filter = listFilter(query.status, query.category, query.urgency);
    const offset = pageOffset(query.offset);
    const { rows, total } = await listReportsForStaff(db, {
      municipalityIds,
      status: filter.status,
      category: filter.category === "all" ? null : filter.category,
      urgency: filter.urgency === "all" ? null : filter.urgency,
      limit: PAGE_SIZE,
      offset,
    });
    const more = pager(t, `/app/v/reports?${new URLSearchParams({ ...filter })}`, "offset", {
      offset,
      total,
      size: PAGE_SIZE,
    });
    return reportList(t, filter, rows, total) + more;
  }

  app.get("/v/reports", async (c) => view(c, "reports", await reportsView(c.get("staff"), c.req.query())));

  /** The report if the person may see it; the same 404 for a missing one and another's. */
  async function visibleReport(c: Context<Env>) {
    const id = Number(c.req.param("id"));
    const report = Number.isSafeInteger(id) ? await findReport(db, id) : undefined;
    return maySee(c.get("staff").roles, report) ? report : undefined;
  }

  async function detail(c: Context<Env>, id: number, flash?: { ok: boolean; text: string }) {
    const { t, locale, roles } = c.get("staff");
    const report = await findReport(db, id);
    if (!maySee(roles, report)) return notFound(c);
    const [municipality, named, events] = await Promise.all([
      report.municipalityId ? findMunicipality(db, report.municipalityId) : undefined,
      report.anonymous ? undefined : reporterOf(db, report.id),
      listReportEvents(db, report.id),
    ]);
    const reporter = named ? { name: named.name, username: named.username } : undefined;
    const mayAct = mayActOn(roles, report);
    const mayModerate = canModerate(roles);
    return view(
      c,
      "reports",
      reportDetail(t, locale, { report, municipality, reporter, events, mayAct, mayModerate, flash }),
    );
  }

  app.get("/v/reports/:id", async (c) => {
    const report = await visibleReport(c);
    return report ? detail(c, report.id) : notFound(c);
  });

  /** An officer's status change, or a moderator's spam or abuse mark, as the card's buttons. */
  app.post("/v/reports/:id/act", async (c) => {
    const { t, roles, userId } = c.get("staff");
    const report = await visibleReport(c);
    const action = String((await c.req.parseBody()).action ?? "");
    const moderating = isModeratorAction(action);
    const allowed = report && (moderating ? canModerate(roles) : mayActOn(roles, report));
    if (!report || !allowed) return notFound(c);
    if (!moderating && !isOfficerAction(action)) return c.body(null, 400);
    const result = await changeReportStatus(options.actions, {
      report,
      action,
      roles,
      actorId: userId,
      moderating,
    });
    if (!result.ok)
      return detail(c, report.id, {
        ok: false,
        text: t("officer.notPossible", { status: t(`report.status.${result.status}`) }),
      });
    const status = t(`report.status.${result.to}`);
    // A hidden report is gone from every list: back to the list with what was done.
    if (moderating)
      return view(
        c,
        "reports",
        `<p class="ok" role="status">${t("officer.hidden", { reference: referenceOfReport(report), status })}</p><p><a href="#" data-v="/app/v/reports">${t("app.back")}</a></p>`,
      );
    return detail(c, report.id, { ok: true, text: t("app.done", { status }) });
  });

  app.post("/v/reports/:id/note", async (c) => {
    const { t, roles, userId } = c.get("staff");
    const report = await visibleReport(c);
    if (!report || !mayActOn(roles, report)) return notFound(c);
    const body = await c.req.parseBody();
    const kind = body.kind === "question" ? "question" : "comment";
    const result = await sendReportNote(options.actions, {
      report,
      kind,
      text: String(body.text ?? ""),
      roles,
      actorId: userId,
    });
    const text = result.ok
      ? t("app.noteSent")
      : result.reason === "noContact"
        ? t("officer.noContact")
        : result.reason === "tooLong"
          ? t("report.errors.tooLong", { max: NOTE_MAX, length: result.length })
          : result.reason === "empty"
            ? t("report.errors.writeText")
            : t("errors.staleButton");
    return detail(c, report.id, { ok: result.ok, text });
  });

  app.route("/v", overviewViews(options));
  app.route("/f", downloads(options));
  return app;
}

/** Unknown values fall back to the defaults: a forged filter shows the open list, nothing else. */
function listFilter(status?: string, category?: string, urgency?: string): ReportListFilter {
  return {
    status: status && (status === "open" || isListedStatus(status)) ? status : "open",
    category: category && isCategory(category) ? category : "all",
    urgency: URGENCIES.find((u) => u === urgency) ?? "all",
  };
}
