import { describe, expect, it } from "vitest";
import { auditLog, municipalityContacts } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { draftId } from "../support/reports.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const CRISIS = "Crisis centre Balykchy: +996 3944 5 00 00 (every day 9–18)";
const AKSAKAL = "Aksakal court: ask at the aiyl okmotu, room 3 <free>";

describe("local support contacts per municipality", () => {
  it("an admin adds, lists and removes them, audited; a citizen cannot", async () => {
    const h = await createHarness();
    const admin = person(900, "en");
    const citizen = person(8601, "en");
    await onboard(h, citizen);
    await h.send(text(citizen, `/muni_contact balykchy add ${CRISIS}`));
    expect(texts(h.take())).toEqual([en("errors.notAllowed")]);
    expect(await h.db.select().from(municipalityContacts)).toEqual([]);

    await h.send(
      text(admin, `/muni_contact balykchy add ${CRISIS}`),
      text(admin, `/muni_contact balykchy add ${AKSAKAL}`),
      text(admin, "/muni_contact nowhere add Someone: 123456"),
      text(admin, "/muni_contact balykchy del 7"),
    );
    const replies = texts(h.take());
    expect(replies[1]).toContain(
      `1. ${CRISIS}\n2. Aksakal court: ask at the aiyl okmotu, room 3 &lt;free&gt;`,
    );
    expect(replies[2]).toBe(en("admin.municipalityUnknown", { slug: "nowhere" }));
    expect(replies[3]).toBe(en("admin.contacts.help"));

    await h.send(text(admin, "/muni_contact balykchy del 1"));
    expect(texts(h.take())[0]).not.toContain(CRISIS);
    expect((await h.db.select().from(municipalityContacts)).map((c) => c.text)).toEqual([AKSAKAL]);
    const audit = (await h.db.select().from(auditLog)).map((a) => [a.action, a.subject]);
    expect(audit).toEqual([
      ["municipality.contactAdded", "balykchy"],
      ["municipality.contactAdded", "balykchy"],
      ["municipality.contactRemoved", "balykchy"],
    ]);
  });

  it("shows them with the emergency numbers when /report starts, on danger now and when a report is resumed", async () => {
    const h = await createHarness();
    const admin = person(900, "en");
    await h.send(text(admin, `/muni_contact balykchy add ${CRISIS}`));
    const here = person(8602, "en");
    const elsewhere = person(8603, "en");
    await onboard(h, here, 1);
    await onboard(h, elsewhere, 2);
    h.take();

    await h.send(text(here, "/report"));
    const safety = texts(h.take())[0]!;
    expect(safety).toContain(en("report.safety"));
    expect(safety).toContain(CRISIS);
    await h.send(text(elsewhere, "/report"));
    expect(texts(h.take()).join("\n")).not.toContain(CRISIS);

    const id = await draftId(h, here);
    await h.send(press(here, `1|rf|cat|${id}|family`), press(here, `1|rf|urg|${id}|danger`));
    const danger = texts(h.take()).find((t) => t.includes(en("report.emergency")));
    expect(danger).toContain(CRISIS);

    await h.send(text(here, "/help"), text(here, "/report"));
    const resumed = texts(h.take()).at(-1)!;
    expect(resumed).toContain(en("report.resumed"));
    expect(resumed).toContain(CRISIS);
  });
});
