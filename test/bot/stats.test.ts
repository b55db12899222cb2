import { writeFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../src/charts/render-png.js";
import { translator } from "../../src/i18n/index.js";
import {
  buttons,
  createHarness,
  type Harness,
  lastWithKeyboard,
  onboard,
  texts,
} from "../support/harness.js";
import { answers, grantRole, sendReport } from "../support/reports.js";
import { ADMIN, command, OFFICER } from "../support/statistics.js";
import { person, press } from "../support/updates.js";

const officer = person(OFFICER, "en");
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

describe("/stats", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await onboard(h, officer);
    await grantRole(h, OFFICER, "officer", 1);
    for (const id of [601, 602, 603, 604, 605, 606]) {
      const citizen = person(id, "ky");
      await onboard(h, citizen);
      await sendReport(h, citizen, { category: id < 603 ? "family" : "resources" });
    }
    h.take();
  });

  it("gives an officer the numbers of their municipality for the period chosen with a button", async () => {
    const keyboard = lastWithKeyboard(await command(h, officer, "/stats"));
    expect(buttons(keyboard).map((b) => b.data)).toEqual([
      "1|st|sc|s|1|month",
      "1|st|sc|s|1|quarter",
      "1|st|sc|s|1|all",
    ]);
    await h.send(press(officer, "1|st|sc|s|1|month"));
    const [message] = texts(h.take());
    expect(message).toContain("Statistics: Balykchy city");
    expect(message).toContain("<b>Citizens registered:</b> 7");
    expect(message).toContain("<b>Conflict reports:</b> 6");
    // 2 family and 4 resources reports: both small, so neither can be worked out from the total.
    const category = (c: string) => translator("en")(`report.categories.${c}`);
    expect(message).toContain(`${category("family")} &lt;5 · ${category("resources")} &lt;5`);
    expect(message).toContain("fewer than 5 people");
  });

  it("is offered in the officer's menu and refused to a citizen who forges the menu button", async () => {
    await h.send(press(officer, "1|menu|show"));
    const menu = buttons(lastWithKeyboard(h.take())).map((b) => b.data);
    expect(menu).toEqual(expect.arrayContaining(["1|menu|stats", "1|menu|export"]));
    await h.send(press(officer, "1|menu|export"));
    expect(buttons(lastWithKeyboard(h.take())).map((b) => b.data)).toContain("1|st|sc|e|1|month");
    const citizen = person(601, "ky");
    await h.send(press(citizen, "1|menu|show"));
    expect(buttons(lastWithKeyboard(h.take())).map((b) => b.data)).not.toContain("1|menu|stats");
    await h.send(press(citizen, "1|menu|stats"));
    const refusal = h.take().find((c) => c.method === "answerCallbackQuery" && c.payload.show_alert);
    expect(refusal).toBeDefined();
  });

  it("reads typed dates, and explains the format when they are wrong", async () => {
    expect(texts(await command(h, officer, "/stats 01.11.2026-30.11.2026"))[0]).toContain(
      "01.11.2026 – 30.11.2026",
    );
    expect(texts(await command(h, officer, "/stats 31.11.2026-01.12.2026"))[0]).toContain(
      "01.01.2026-31.03.2026",
    );
  });

  it("refuses a forged button for another municipality or for all of them", async () => {
    for (const data of ["1|st|sc|s|2|all", "1|st|sc|s|0|all", "1|st|sc|e|2|month"]) {
      await h.send(press(officer, data));
      const calls = h.take();
      expect(answers(calls)).toEqual(["You are not allowed to do this."]);
      expect(texts(calls)).toEqual([]);
    }
  });

  it("is not for citizens", async () => {
    const calls = await command(h, person(601, "ky"), "/stats");
    expect(texts(calls)).toEqual(["Бул аракетке уруксатыңыз жок."]);
  });

  it("lets an admin choose one municipality or all", async () => {
    const admin = person(ADMIN, "en");
    await onboard(h, admin);
    const choices = buttons(lastWithKeyboard(await command(h, admin, "/stats")));
    expect(choices).toHaveLength(9);
    expect(choices.at(-1)).toEqual({ text: "All municipalities", data: "1|st|sc|s|0|-" });
    await h.send(press(admin, "1|st|sc|s|0|all"));
    expect(texts(h.take())[0]).toContain("Statistics: All municipalities");
  });

  it("sends the chart as a PNG before the numbers where a renderer is given", async () => {
    h.deps.renderChart = createChartRenderer();
    await h.send(press(officer, "1|st|sc|s|1|all"));
    const calls = h.take();
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendPhoto", "sendMessage"]);
    const photo = calls[1]!.payload.photo as { name: string; bytes: Uint8Array };
    expect([...photo.bytes.slice(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(calls[1]!.payload.caption).toContain("Balykchy city");
    if (process.env.STATS_CHART_OUT) writeFileSync(process.env.STATS_CHART_OUT, photo.bytes);
  });
});
