import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reports } from "../../src/db/schema.js";
import { INIT_DATA_HEADER } from "../../src/web/app/routes.js";
import { signedInitData, workspace } from "../support/mini-app.js";

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
