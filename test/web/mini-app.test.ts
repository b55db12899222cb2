import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findInitiative } from "../../src/db/repo/initiatives.js";
import { roundEntries } from "../../src/db/repo/rounds.js";
import { auditLog, municipalities, reports, staff } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { workspacePass } from "../../src/staff/signature.js";
import { INIT_DATA_HEADER } from "../../src/web/app/routes.js";
import { createHarness, onboard } from "../support/harness.js";
import { submitInitiative } from "../support/initiatives.js";
import { signedInitData, workspace } from "../support/mini-app.js";
import { grantRole, outboxRows } from "../support/reports.js";
import { openRoundNow, roundCast } from "../support/rounds.js";
import { person } from "../support/updates.js";

const ky = translator("ky");

const get = (app: Awaited<ReturnType<typeof workspace>>["app"], path: string, initData?: string) =>
  app.request(path, { headers: initData === undefined ? {} : { [INIT_DATA_HEADER]: initData } });

describe("staff workspace (Mini App): who may see what", () => {
  it("refuses with 401 and an empty body: no init data, a bad hash, expired, another bot's, a citizen", async () => {
    const w = await workspace();
    const good = w.initDataOf(w.officer);
    expect((await get(w.app, "/app/v/reports", good)).status).toBe(200);
    const tampered = good.replace(encodeURIComponent(`"id":${w.officer.id}`), encodeURIComponent('"id":900'));
    expect(tampered).not.toBe(good);
    const refused = [
      undefined,
      "",
      tampered,
      good.replace(/hash=[0-9a-f]+/, `hash=${"0".repeat(64)}`),
      w.initDataOf(w.officer, 3601 * 1000),
      signedInitData(w.officer, w.h.deps.now(), "654321:ANOTHER-bot-token-000000000000000000"),
      w.initDataOf(w.citizen),
      w.initDataOf(w.reporter),
    ];
    for (const initData of refused) {
      for (const path of ["/app/v/reports", `/app/v/reports/${w.reports.urgent}`]) {
        const response = await get(w.app, path, initData);
        expect(response.status).toBe(401);
        expect(await response.text()).toBe("");
      }
    }
    // Just within the hour is still accepted.
    expect((await get(w.app, "/app/v/reports", w.initDataOf(w.officer, 3599 * 1000))).status).toBe(200);
  });

  it("the page itself holds no data; the views follow the staff member's language", async () => {
    const w = await workspace();
    const shell = await (await get(w.app, "/app")).text();
    expect(shell).toContain("X-Telegram-Init-Data");
    expect(shell).not.toContain("№");
    const list = await (await get(w.app, "/app/v/reports", w.initDataOf(w.officer))).text();
    expect(list).toContain('lang="ky"');
    expect(list).toContain("Кабарлар");
  });

  it("an officer sees only their municipality; another's report by id is 404, and cannot be acted on", async () => {
    const w = await workspace();
    const officer = w.initDataOf(w.officer);
    const list = await (await get(w.app, "/app/v/reports", officer)).text();
    expect(list).toContain(`data-report="${w.reports.urgent}"`);
    expect(list).not.toContain(`data-report="${w.reports.other}"`);
    for (const id of [w.reports.other, 999_999, "abc"]) {
      expect((await get(w.app, `/app/v/reports/${id}`, officer)).status).toBe(404);
    }
    const act = await w.app.request(`/app/v/reports/${w.reports.other}/act`, {
      method: "POST",
      headers: { [INIT_DATA_HEADER]: officer, "content-type": "application/x-www-form-urlencoded" },
      body: "action=acknowledge",
    });
    expect(act.status).toBe(404);
    const [other] = await w.h.db.select().from(reports).where(eq(reports.id, w.reports.other));
    expect(other!.status).toBe("new");
    // The statistics as CSV, at a signed address: their municipality's only.
    const link = (html: string) => html.match(/href="(\/app\/f\/[^"]+)"/)![1]!.replaceAll("&amp;", "&");
    const csv = await w.app.request(link(await (await get(w.app, "/app/v/stats", officer)).text()));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const signedForElsewhere = link(
      await (await get(w.app, "/app/v/stats", w.initDataOf(w.elsewhere))).text(),
    );
    expect(signedForElsewhere).toMatch(/^\/app\/f\/2\//);
    expect((await w.app.request(signedForElsewhere.replace("/f/2/", "/f/1/"))).status).toBe(401);
    // The officer of municipality 2 sees it.
    expect((await get(w.app, `/app/v/reports/${w.reports.other}`, w.initDataOf(w.elsewhere))).status).toBe(
      200,
    );
  });

  it("filters by status, category and urgency; urgent first", async () => {
    const w = await workspace();
    const officer = w.initDataOf(w.officer);
    const ids = (html: string) => [...html.matchAll(/data-report="(\d+)"/g)].map((m) => Number(m[1]));
    const all = await (await get(w.app, "/app/v/reports", officer)).text();
    expect(ids(all)[0]).toBe(w.reports.urgent);
    expect(ids(all).sort()).toEqual([w.reports.urgent, w.reports.family, w.reports.youth].sort());
    expect(ids(await (await get(w.app, "/app/v/reports?category=family", officer)).text())).toEqual([
      w.reports.family,
    ]);
    expect(ids(await (await get(w.app, "/app/v/reports?urgency=tension", officer)).text())).toEqual([
      w.reports.youth,
    ]);
    expect(ids(await (await get(w.app, "/app/v/reports?status=resolved", officer)).text())).toEqual([]);
  });
});

describe("staff workspace: spam and abuse", () => {
  it("a moderator hides a report as spam, silently; an officer may not", async () => {
    const h = await createHarness();
    const w = await workspace(h);
    const moderator = person(8900, "en");
    await onboard(h, moderator);
    await grantRole(h, moderator.id, "moderator");
    const mark = (who: { id: number }, action: string) =>
      w.app.request(`/app/v/reports/${w.reports.family}/act`, {
        method: "POST",
        headers: {
          [INIT_DATA_HEADER]: w.initDataOf(who),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: `action=${action}`,
      });
    expect((await mark(w.officer, "spam")).status).toBe(404);
    const before = (await outboxRows(h)).at(-1)?.id ?? 0;
    const response = await mark(moderator, "spam");
    expect(response.status).toBe(200);
    const [row] = await h.db.select().from(reports).where(eq(reports.id, w.reports.family));
    expect(row!.status).toBe("spam");
    expect((await outboxRows(h)).filter((r) => r.id > before)).toEqual([]);
    // Gone from the officer's list and detail.
    expect((await get(w.app, `/app/v/reports/${w.reports.family}`, w.initDataOf(w.officer))).status).toBe(
      404,
    );
  });
});

describe("staff workspace: moderating initiatives", () => {
  it("a moderator approves, rejects with a reason and asks for changes; the author hears as from the bot; officers may not decide", async () => {
    const h = await createHarness();
    const w = await workspace(h);
    const author = person(8700, "en");
    await onboard(h, author);
    const ids = [
      await submitInitiative(h, author),
      await submitInitiative(h, author),
      await submitInitiative(h, author),
    ];
    const moderator = person(8701, "ru");
    await onboard(h, moderator);
    await grantRole(h, moderator.id, "moderator");
    h.take();
    const as = (who: { id: number }) => ({ [INIT_DATA_HEADER]: w.initDataOf(who) });
    const queue = await (await w.app.request("/app/v/initiatives", { headers: as(moderator) })).text();
    for (const id of ids) expect(queue).toContain(`data-initiative="${id}"`);
    const decide = async (who: { id: number }, id: number, body: string) =>
      w.app.request(`/app/v/initiatives/${id}/decide`, {
        method: "POST",
        headers: { ...as(who), "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const version = async (id: number) => (await findInitiative(h.db, id))!.version;

    // An officer sees the initiative of their municipality but cannot decide.
    expect((await w.app.request(`/app/v/initiatives/${ids[0]}`, { headers: as(w.officer) })).status).toBe(
      200,
    );
    expect(
      (await decide(w.officer, ids[0]!, `version=${await version(ids[0]!)}&action=approve`)).status,
    ).toBe(404);
    expect((await findInitiative(h.db, ids[0]!))!.status).toBe("submitted");

    const before = (await outboxRows(h)).at(-1)?.id ?? 0;
    expect(
      await (await decide(moderator, ids[0]!, `version=${await version(ids[0]!)}&action=approve`)).text(),
    ).toContain('data-status="approved"');
    await decide(moderator, ids[1]!, `version=${await version(ids[1]!)}&action=reject&reason=duplicate`);
    const tooShort = await decide(
      moderator,
      ids[2]!,
      `version=${await version(ids[2]!)}&action=requestChanges&text=ok`,
    );
    expect(await tooShort.text()).toContain('data-status="submitted"');
    await decide(
      moderator,
      ids[2]!,
      `version=${await version(ids[2]!)}&action=requestChanges&text=Add+the+budget+please`,
    );
    expect((await Promise.all(ids.map((id) => findInitiative(h.db, id)))).map((i) => i!.status)).toEqual([
      "approved",
      "rejected",
      "changes_requested",
    ]);
    const toAuthor = (await outboxRows(h)).filter((r) => r.id > before && r.chatId === author.id);
    expect(toAuthor).toHaveLength(3);
    expect(toAuthor[2]!.payload.text).toContain("Add the budget please");
    // A second decision on the same version is refused, as a second press in the bot.
    const again = await decide(
      moderator,
      ids[0]!,
      `version=${await version(ids[0]!)}&action=reject&reason=duplicate`,
    );
    expect(await again.text()).toContain('data-status="approved"');
  });
});

describe("staff workspace: rounds", () => {
  it("shows the votes so far without a ranking, and takes paper votes with the bot's limit and audit", async () => {
    const h = await createHarness();
    const w = await workspace(h);
    const author = person(8800, "en");
    const moderator = person(8801, "en");
    const ids = await roundCast(h, { author, moderator, officer: person(8802, "ky") }, 2);
    const round = await openRoundNow(h, w.officer.id);
    await h.db.update(municipalities).set({ residents: 500 }).where(eq(municipalities.id, 1));
    const as = (who: { id: number }) => ({ [INIT_DATA_HEADER]: w.initDataOf(who) });
    const page = await (await w.app.request("/app/v/rounds", { headers: as(w.officer) })).text();
    expect(page).toContain(ky("app.votesSoFar", { count: "0" }));
    expect(page).not.toContain("<table");
    const paper = (who: { id: number }, count: number) =>
      w.app.request(`/app/v/rounds/${round.id}/paper`, {
        method: "POST",
        headers: { ...as(who), "content-type": "application/x-www-form-urlencoded" },
        body: `initiative=${ids[0]}&count=${count}`,
      });
    expect(await (await paper(w.officer, 501)).text()).toContain('class="err"');
    expect(await (await paper(w.officer, 40)).text()).toContain(ky("app.votesSoFar", { count: "40" }));
    // The officer of another municipality may not.
    expect((await paper(w.elsewhere, 1)).status).toBe(404);
    const entries = await roundEntries(h.db, round.id);
    expect(entries.find((e) => e.initiativeId === ids[0])!.paperVotes).toBe(40);
    const audit = (await h.db.select().from(auditLog)).filter((a) => a.action === "round.paper_votes");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(w.officer.id);
  });
});

describe("staff workspace: lists past the first page", () => {
  it("pages through the reports 30 at a time, keeping the filter; a forged offset is the first page", async () => {
    const w = await workspace();
    const [sample] = await w.h.db.select().from(reports).where(eq(reports.id, w.reports.youth));
    const { id: _id, ...fields } = sample!;
    for (let i = 0; i < 33; i++) await w.h.db.insert(reports).values({ ...fields, refSeq: 100 + i });
    const officer = w.initDataOf(w.officer);
    const ids = (html: string) => [...html.matchAll(/data-report="(\d+)"/g)].map((m) => Number(m[1]));
    const next = (html: string) => html.match(/rel="next" data-v="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    const first = await (await get(w.app, "/app/v/reports?category=youth", officer)).text();
    expect(ids(first)).toHaveLength(30);
    expect(first).toContain(ky("app.range", { from: "1", to: "30", total: "34" }));
    const second = await (await get(w.app, next(first)!, officer)).text();
    expect(next(first)).toContain("category=youth");
    expect(ids(second)).toHaveLength(4);
    expect(new Set([...ids(first), ...ids(second)]).size).toBe(34);
    expect(next(second)).toBeUndefined();
    expect(second).toContain('rel="prev"');
    for (const forged of ["7", "-30", "abc", "1e9"])
      expect(ids(await (await get(w.app, `/app/v/reports?offset=${forged}`, officer)).text())).toEqual(
        ids(await (await get(w.app, "/app/v/reports", officer)).text()),
      );
    // Three reports fit one page: no pager.
    expect(await (await get(w.app, "/app/v/reports?category=family", officer)).text()).not.toContain("rel=");
  });
});

describe("staff workspace: statistics", () => {
  const stats = async (w: Awaited<ReturnType<typeof workspace>>, query = "") =>
    (await get(w.app, `/app/v/stats${query}`, w.initDataOf(w.officer))).text();

  it("takes the bot's periods and draws the bot's chart, with the tables' small numbers hidden alike", async () => {
    const w = await workspace();
    const month = await stats(w, "?period=month");
    expect(month).toContain('<option value="month" selected>');
    expect(month).toContain('id="chart"');
    expect(month).toContain(">11.2026<");
    // Every count in the chart is 0, 5 or more, or hidden; hidden ones all have one length.
    const labels = [...month.matchAll(/<b style="width:([\d.]+)%[^"]*"[^>]*>(?:<\/b>)?([^<]*)/g)];
    expect(labels.length).toBeGreaterThan(0);
    for (const [, , label] of labels) expect(label).toMatch(/^$|^0$|^&lt;5$|^\*$|^([5-9]|\d\d+)$/);
    const hidden = labels.filter(([, , label]) => label === "&lt;5" || label === "*");
    expect(hidden.length).toBeGreaterThan(0);
    expect(month).toContain(ky("stats.legend", { small: "<5" }));
    // January 2026 (two days, as /stats 01.01.2026-31.01.2026): no reports in it.
    const january = await stats(w, "?from=2026-01-01&to=2026-01-31");
    expect(january).toContain('value="2026-01-01"');
    expect(january).toContain("01.01.2026 – 31.01.2026");
    expect(january).toContain(ky("stats.chart.noReports"));
    expect(january).toContain("-d20260101-20260131-participation.csv");
    // Dates out of order are no period: all time.
    expect(await stats(w, "?from=2026-02-01&to=2026-01-01")).toContain('<option value="all" selected>');
  });

  it("the CSV's signed address: refused when altered, expired, or once the person's role is gone", async () => {
    const w = await workspace();
    const href = (html: string) => html.match(/href="(\/app\/f\/[^"]+)"/)![1]!.replaceAll("&amp;", "&");
    const link = href(await stats(w, "?period=quarter"));
    expect(link).toMatch(/^\/app\/f\/1\/quarter\.csv\?u=8501&e=\d+&s=[\w-]+$/);
    const ok = await w.app.request(link);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toBe(
      'attachment; filename="yntymak-balykchy-quarter-participation.csv"',
    );
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const refused = [
      link.split("?")[0]!,
      link.replace("quarter.csv", "all.csv"),
      link.replace("u=8501", `u=${w.elsewhere.id}`),
      link.replace(/e=(\d+)/, (_, e) => `e=${Number(e) + 60}`),
      link.replace(/s=[\w-]{4}/, "s=AAAA"),
    ];
    for (const forged of refused) {
      const response = await w.app.request(forged);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe("");
    }
    w.h.advance(601_000);
    expect((await w.app.request(link)).status).toBe(401);
    const fresh = href(await stats(w));
    expect((await w.app.request(fresh)).status).toBe(200);
    await w.h.db.delete(staff).where(eq(staff.userId, w.officer.id));
    expect((await w.app.request(fresh)).status).toBe(401);
  });
});

describe("staff workspace: opened from a bot button (with a pass)", () => {
  it("the page holds the person's reports list, not stored and not passed on", async () => {
    const w = await workspace();
    const response = await w.app.request(await w.passAddressOf(w.officer));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const page = await response.text();
    expect(page).toContain('<html lang="ky" data-shown>');
    expect(page).toContain(`<title>${ky("app.title")}</title>`);
    // The officer's own three, urgent first; not the other municipality's.
    const listed = [...page.matchAll(/data-report="(\d+)"/g)].map((m) => Number(m[1]));
    expect(listed[0]).toBe(w.reports.urgent);
    expect(listed.sort()).toEqual([w.reports.urgent, w.reports.family, w.reports.youth].sort());
    // The same script, which goes on with the init data for everything after.
    expect(page).toContain(`V="${response.headers.get("x-app-version")}"`);
  });

  it("forged, altered, expired, another bot's, a citizen's or a revoked pass: the plain page, no data", async () => {
    const w = await workspace();
    const plain = await (await w.app.request("/app")).text();
    const good = await w.passAddressOf(w.officer);
    const [, user, expires, signature] = good.match(/pass=(\d+)\.(\d+)\.([\w-]+)$/)!;
    const maxAge = w.h.deps.config.miniAppMaxAgeSeconds;
    const refused = [
      "/app?pass=",
      "/app?pass=8501",
      good.replace(`pass=${user}.`, `pass=${w.elsewhere.id}.`),
      good.replace(`.${expires}.`, `.${Number(expires) + 3600}.`),
      good.replace(`.${signature}`, `.${"A".repeat(signature!.length)}`),
      `${good}.1`,
      await w.passAddressOf(w.officer, (maxAge + 1) * 1000),
      `/app?pass=${await workspacePass("654321:ANOTHER-bot-token-000000000000000000", w.officer.id, w.h.deps.now(), maxAge)}`,
      await w.passAddressOf(w.citizen),
      await w.passAddressOf(w.reporter),
    ];
    for (const address of refused) {
      const response = await w.app.request(address);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toBe(plain);
    }
    // Just within its lifetime it still opens; once the role is gone it does not.
    expect(
      await (await w.app.request(await w.passAddressOf(w.officer, (maxAge - 1) * 1000))).text(),
    ).toContain("data-shown");
    // A pass is for the page alone: the views still want the init data.
    expect((await w.app.request(`/app/v/reports?${good.split("?")[1]}`)).status).toBe(401);
    await w.h.db.delete(staff).where(eq(staff.userId, w.officer.id));
    expect(await (await w.app.request(good)).text()).toBe(plain);
  });
});

describe("staff workspace: the page", () => {
  it("is cached by the browser, and every view names the page's version", async () => {
    const w = await workspace();
    const shell = await w.app.request("/app");
    expect(shell.headers.get("cache-control")).toBe("public, max-age=2592000");
    const version = shell.headers.get("x-app-version")!;
    expect(await shell.text()).toContain(`V="${version}"`);
    const view = await get(w.app, "/app/v/reports", w.initDataOf(w.officer));
    expect(view.headers.get("x-app-version")).toBe(version);
    expect(view.headers.get("cache-control")).toBe("no-store");
  });
});
