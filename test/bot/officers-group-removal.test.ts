import type { User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { findMunicipality, municipalityLabel } from "../../src/db/repo/municipalities.js";
import { staff } from "../../src/db/schema.js";
import { type Locale, translator } from "../../src/i18n/index.js";
import { createLogger } from "../../src/logger.js";
import { BOT_INFO, createHarness, type Harness, onboard, texts } from "../support/harness.js";
import { grant } from "../support/initiatives.js";
import { groupChat, person, press, text } from "../support/updates.js";

const GROUP = -100_777_001;
const TITLE = "Balykchy officers & staff";
const officer = person(9701, "ky");

/**
 * An officer of municipality 1 with its officers' group set; Telegram says the officer is a member
 * and the bot is `bot` there. Log lines are kept to check that no id appears in clear.
 */
async function setting(adminLocale: Locale, bot: Record<string, unknown>) {
  const h = await createHarness();
  const admin = person(900, adminLocale);
  await onboard(h, admin);
  await onboard(h, officer);
  await grant(h, officer.id, "officer", 1);
  await h.send(text(admin, "/officers_here balykchy", groupChat(GROUP)));
  const lines: string[] = [];
  h.deps.logger = createLogger("debug", { write: (line) => lines.push(line), hashId: h.deps.hashes.chat });
  h.answerWith("getChat", (p) => ({ id: p.chat_id, type: "supergroup", title: TITLE }));
  h.answerWith("getChatMember", (p) =>
    p.user_id === BOT_INFO.id
      ? { status: "member", user: BOT_INFO, ...bot }
      : { status: "member", user: { id: p.user_id, is_bot: false, first_name: "Officer" } },
  );
  h.take();
  return { h, admin, lines };
}

async function revoke(h: Harness, admin: User) {
  const [grantRow] = await h.db.select().from(staff);
  await h.send(press(admin, `1|adm|rv|${grantRow!.id}`));
  return h.take();
}

async function groupName(h: Harness, locale: Locale, title?: string) {
  const t = translator(locale);
  const municipality = municipalityLabel((await findMunicipality(h.db, 1))!, locale);
  return title
    ? t("admin.officersGroup.named", { title, municipality })
    : t("admin.officersGroup.unnamed", { municipality });
}

const calls = (made: { method: string; payload: Record<string, unknown> }[], method: string) =>
  made.filter((c) => c.method === method).map((c) => c.payload);

describe("revoking an officer and the officers' group", () => {
  it("removes them when the bot may ban there, so that they can be invited again, and says so", async () => {
    const { h, admin, lines } = await setting("en", { status: "administrator", can_restrict_members: true });
    const made = await revoke(h, admin);
    expect(calls(made, "banChatMember")).toEqual([{ chat_id: GROUP, user_id: officer.id }]);
    expect(calls(made, "unbanChatMember")).toEqual([
      { chat_id: GROUP, user_id: officer.id, only_if_banned: true },
    ]);
    expect(made.findIndex((c) => c.method === "banChatMember")).toBeLessThan(
      made.findIndex((c) => c.method === "unbanChatMember"),
    );
    const en = translator("en");
    expect(texts(made)).toEqual([
      en("admin.officersGroup.removed", { id: officer.id, group: await groupName(h, "en", TITLE) }),
    ]);
    expect(texts(made)[0]).toContain("“Balykchy officers &amp; staff”");
    expect(lines.some((l) => l.includes("revoked officer removed"))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(String(officer.id));
      expect(line).not.toContain(String(-GROUP));
    }
  });

  it("tells the admin in their language to remove them by hand when the bot is no administrator", async () => {
    const { h, admin, lines } = await setting("ru", {});
    const made = await revoke(h, admin);
    expect(calls(made, "banChatMember")).toEqual([]);
    expect(texts(made)).toEqual([
      translator("ru")("admin.officersGroup.byHand", {
        id: officer.id,
        group: await groupName(h, "ru", TITLE),
      }),
    ]);
    for (const line of lines) expect(line).not.toContain(String(officer.id));
  });

  it("tells the admin to do it by hand when Telegram refuses the ban, naming the group by its municipality if need be", async () => {
    const { h, admin, lines } = await setting("ky", { status: "administrator", can_restrict_members: true });
    h.refuseNext("banChatMember", { error_code: 400, description: "Bad Request: not enough rights" });
    h.refuseNext("getChat", { error_code: 400, description: "Bad Request: chat not found" });
    const made = await revoke(h, admin);
    expect(calls(made, "unbanChatMember")).toEqual([]);
    expect(texts(made)).toEqual([
      translator("ky")("admin.officersGroup.byHand", { id: officer.id, group: await groupName(h, "ky") }),
    ]);
    expect(lines.some((l) => l.includes("not enough rights"))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(String(officer.id));
      expect(line).not.toContain(String(-GROUP));
    }
  });

  it("does nothing in the group when the officer already left it, or when an admin loses an officer grant", async () => {
    const { h, admin } = await setting("en", { status: "administrator", can_restrict_members: true });
    h.answerWith("getChatMember", (p) =>
      p.user_id === BOT_INFO.id
        ? { status: "administrator", can_restrict_members: true, user: BOT_INFO }
        : { status: "left", user: { id: p.user_id, is_bot: false, first_name: "Officer" } },
    );
    const made = await revoke(h, admin);
    expect(calls(made, "banChatMember")).toEqual([]);
    expect(texts(made)).toEqual([]);
    // An admin keeps acting for every municipality: revoking their officer grant leaves them in.
    await grant(h, admin.id, "officer", 1);
    const [adminGrant] = await h.db.select().from(staff);
    await h.send(press(admin, `1|adm|rv|${adminGrant!.id}`));
    expect(h.take().map((c) => c.method)).toEqual(["answerCallbackQuery"]);
  });
});
