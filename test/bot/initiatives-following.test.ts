import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";
import { buttons, createHarness, lastWithKeyboard, onboard, texts } from "../support/harness.js";
import {
  events,
  fillDraft,
  grant,
  initiative,
  outboxRows,
  submitInitiative,
  TITLE,
} from "../support/initiatives.js";
import { person, press, text } from "../support/updates.js";

const en = translator("en");
const ky = translator("ky");
const MODERATORS = "-100777";

describe("following initiatives", () => {
  it("/my lists the author's initiatives with status and history, and withdraws one until approval", async () => {
    const h = await createHarness({ env: { MODERATION_CHAT_ID: MODERATORS } });
    const ann = person(7401, "en");
    const mod = person(7402, "en");
    await onboard(h, ann);
    await onboard(h, mod);
    await grant(h, mod.id, "moderator");

    await h.send(text(ann, "/my"));
    expect(texts(h.take())).toEqual([en("my.empty")]);

    const first = await submitInitiative(h, ann);
    const second = await submitInitiative(h, ann);
    await h.send(press(mod, `1|mod|ok|${first}|1`));
    h.take();
    await h.send(text(ann, "/propose"));
    h.take();

    await h.send(press(ann, "1|menu|my"));
    const list = lastWithKeyboard(h.take())!;
    expect(list.payload.text).toContain(en("my.title"));
    expect(list.payload.text).toContain(
      en("my.line", {
        n: 1,
        reference: "I-2026-0002",
        status: en("initiative.status.submitted"),
        title: TITLE,
      }),
    );
    expect(list.payload.text).toContain(
      en("my.line", {
        n: 2,
        reference: "I-2026-0001",
        status: en("initiative.status.approved"),
        title: TITLE,
      }),
    );
    expect(list.payload.text).toContain(en("my.draft", { title: en("initiative.untitled") }));
    expect(buttons(list).map((b) => b.data)).toEqual([`1|my|v|${second}`, `1|my|v|${first}`]);

    await h.send(press(ann, `1|my|v|${first}`));
    const approved = h.take().find((c) => c.method === "sendMessage")!;
    expect(approved.payload.text).toContain(`I-2026-0001</b> · ${en("initiative.status.approved")}`);
    expect(approved.payload.text).toContain(`· ${en("initiative.status.approved")}`);
    expect(buttons(approved)).toEqual([]);

    await h.send(press(ann, `1|my|v|${second}`));
    const view = lastWithKeyboard(h.take())!;
    expect(view.payload.text).toContain(en("my.history"));
    expect(view.payload.text).toContain(`29.11.2026 16:00 · ${en("initiative.status.submitted")}`);
    expect(buttons(view).map((b) => b.data)).toEqual([`1|my|wd|${second}|1`]);

    // Approved: no withdraw button, and a forged one is refused.
    await h.send(press(ann, `1|my|wd|${first}|2`));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      en("errors.staleButton"),
    );

    const before = (await outboxRows(h)).length;
    await h.send(press(ann, `1|my|wd|${second}|1`));
    expect(lastWithKeyboard(h.take())?.payload.text).toBe(
      en("my.withdrawConfirm", { reference: "I-2026-0002" }),
    );
    await h.send(press(ann, `1|my|wdy|${second}|1`));
    expect(texts(h.take())).toEqual([en("my.withdrawn", { reference: "I-2026-0002" })]);
    expect(await initiative(h, second)).toMatchObject({ status: "withdrawn", version: 2 });
    expect((await events(h, second)).at(-1)).toMatchObject({
      actorId: ann.id,
      fromStatus: "submitted",
      toStatus: "withdrawn",
    });
    const rows = (await outboxRows(h)).slice(before);
    expect(rows.map((r) => [r.chatId, r.payload.text])).toEqual([
      [-100777, ky("moderation.groupDecision.withdrawn", { reference: "I-2026-0002", title: TITLE })],
    ]);

    // Withdrawn means out of the moderators' hands.
    await h.send(press(mod, `1|mod|ok|${second}|1`), press(ann, `1|my|wdy|${second}|1`));
    const answers = h
      .take()
      .filter((c) => c.method === "answerCallbackQuery")
      .map((c) => c.payload.text);
    expect(answers).toEqual([
      en("moderation.alreadyDecided", { status: en("initiative.status.withdrawn") }),
      en("errors.staleButton"),
    ]);
  });

  it("refuses to withdraw or show someone else's initiative", async () => {
    const h = await createHarness();
    const ann = person(7403, "en");
    const eve = person(7404, "en");
    await onboard(h, ann);
    await onboard(h, eve);
    const id = await submitInitiative(h, ann);
    await h.send(press(eve, `1|my|v|${id}`), press(eve, `1|my|wd|${id}|1`), press(eve, `1|my|wdy|${id}|1`));
    const answers = h
      .take()
      .filter((c) => c.method === "answerCallbackQuery")
      .map((c) => c.payload.text);
    expect(answers).toEqual(Array(3).fill(en("errors.notAllowed")));
    expect(await initiative(h, id)).toMatchObject({ status: "submitted", version: 1 });
  });

  it("/initiatives shows the approved initiatives of the person's municipality, newest first, in pages", async () => {
    const h = await createHarness();
    const mod = person(7405, "en");
    const reader = person(7406, "ky");
    const neighbour = person(7407, "en");
    await onboard(h, mod);
    await onboard(h, reader, 1);
    await onboard(h, neighbour, 2);
    await grant(h, mod.id, "moderator");

    await h.send(text(reader, "/initiatives"));
    expect(texts(h.take())).toEqual([
      ky("catalog.empty", { municipality: "Балыкчы шаары (Ысык-Көл облусу)" }),
    ]);

    const authors = [7410, 7411, 7412, 7413, 7414, 7415, 7416].map((id) => person(id, "en"));
    const ids: number[] = [];
    for (const author of authors) {
      await onboard(h, author);
      ids.push(await submitInitiative(h, author));
    }
    // Six approved (in the order of the ids), one left under review.
    for (const id of ids.slice(0, 6)) {
      h.advance(60_000);
      await h.send(press(mod, `1|mod|ok|${id}|1`));
    }
    h.take();

    await h.send(press(reader, "1|menu|pub"));
    const page1 = lastWithKeyboard(h.take())!;
    expect(page1.payload.text).toContain(
      ky("catalog.title", { municipality: "Балыкчы шаары (Ысык-Көл облусу)" }),
    );
    expect(page1.payload.text).toContain(
      ky("catalog.line", { n: 1, title: TITLE, reference: "I-2026-0006", amount: "45\u00a0000" }),
    );
    expect(page1.payload.text).toContain(ky("my.page", { page: 1, pages: 2 }));
    expect(buttons(page1).map((b) => b.data)).toEqual([
      ...ids
        .slice(1, 6)
        .reverse()
        .map((id) => `1|pub|v|${id}`),
      "1|pub|p|1",
    ]);

    await h.send(press(reader, "1|pub|p|1"));
    const page2 = lastWithKeyboard(h.take())!;
    expect(buttons(page2).map((b) => b.data)).toEqual([`1|pub|v|${ids[0]}`, "1|pub|p|0"]);

    await h.send(press(reader, `1|pub|v|${ids[0]}`));
    const details = texts(h.take())[0]!;
    expect(details).toContain("I-2026-0001");
    expect(details).toContain(ky("initiative.status.approved"));
    expect(details).not.toContain("+996700123456");

    // Not approved: not public, whatever the button says.
    await h.send(press(reader, `1|pub|v|${ids[6]}`));
    expect(h.take().find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe(
      ky("errors.staleButton"),
    );

    // Another municipality sees none of them.
    await h.send(text(neighbour, "/initiatives"));
    expect(texts(h.take())[0]).toBe(
      en("catalog.empty", { municipality: "Tash-Kumyr city (Jalal-Abad oblast)" }),
    );
  });

  it("puts the new entries in the menu, and the queue only for moderators", async () => {
    const h = await createHarness();
    const ann = person(7408, "en");
    const mod = person(7409, "en");
    await onboard(h, ann);
    await onboard(h, mod);
    await grant(h, mod.id, "moderator");
    await h.send(text(ann, "/menu"), text(mod, "/menu"));
    const [citizen, moderator] = h.take().map((c) => buttons(c).map((b) => b.data));
    expect(citizen?.slice(0, 3)).toEqual(["1|menu|propose", "1|menu|pub", "1|menu|my"]);
    expect(citizen).not.toContain("1|menu|queue");
    expect(moderator).toContain("1|menu|queue");
    await h.send(press(ann, "1|menu|propose"));
    expect(texts(h.take())[0]).toBe(en("initiative.intro"));
    const id = await fillDraft(h, ann);
    expect(id).toBeGreaterThan(0);
  });
});
