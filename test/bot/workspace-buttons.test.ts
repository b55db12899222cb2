import { describe, expect, it } from "vitest";
import { showWorkspaceToAdmins } from "../../src/bot/staff-menu.js";
import { findUser } from "../../src/db/repo/users.js";
import { translator } from "../../src/i18n/index.js";
import { PASS_PARAMETER, passHolder } from "../../src/staff/signature.js";
import { type ApiCall, createHarness, type Harness, onboard, TOKEN, texts } from "../support/harness.js";
import { submitInitiative } from "../support/initiatives.js";
import { grantRole } from "../support/reports.js";
import { groupChat, person, press, text } from "../support/updates.js";

const APP_URL = "https://bot.example.kg/app";
const admin = person(900, "en");
const ky = translator("ky");

/** The web_app buttons of the calls' reply keyboards. */
const webApps = (calls: ApiCall[]) =>
  calls.flatMap((c) =>
    ((c.payload.reply_markup?.inline_keyboard ?? []) as { text: string; web_app?: { url: string } }[][])
      .flat()
      .filter((b) => b.web_app)
      .map((b) => ({ text: b.text, url: b.web_app!.url })),
  );

/** A button's address without its pass, and whom the pass names (undefined when it fails). */
async function opened(h: Harness, button: { text: string; url: string }, afterSeconds = 0) {
  const url = new URL(button.url);
  const pass = url.searchParams.get(PASS_PARAMETER) ?? undefined;
  url.searchParams.delete(PASS_PARAMETER);
  const holder = await passHolder(TOKEN, pass, h.deps.now() + afterSeconds * 1000);
  return { text: button.text, url: url.href, holder };
}

async function setting(env: Record<string, string> = { WEBHOOK_URL: "https://bot.example.kg/telegram" }) {
  const h = await createHarness({ env });
  const officer = person(8601, "ky");
  const citizen = person(8602, "ky");
  for (const who of [officer, citizen]) await onboard(h, who);
  await grantRole(h, officer.id, "officer", 1);
  return { h, officer, citizen };
}

async function inviteAccepted(h: Harness, who: ReturnType<typeof person>) {
  await h.send(press(admin, "1|adm|im"));
  const payload = texts(h.take())
    .join("\n")
    .match(/start=(inv-[\w-]+)/)![1]!;
  await h.send(text(who, `/start ${payload}`));
}

describe("the workspace from the bot", () => {
  it("staff get 'Open workspace' under /reports, /rounds, /admin and /queue in private; citizens and groups do not", async () => {
    const { h, officer, citizen } = await setting();
    // Each address carries a pass signed for the person then, valid as long as init data (an hour).
    const expected = [{ text: ky("app.openWorkspace"), url: APP_URL, holder: officer.id }];
    for (const command of ["/reports", "/rounds"]) {
      await h.send(text(officer, command));
      const [button] = webApps(h.take());
      expect([await opened(h, button!)]).toEqual(expected);
      expect((await opened(h, button!, 3601)).holder).toBeUndefined();
      await h.send(text(citizen, command));
      expect(webApps(h.take())).toEqual([]);
    }
    await h.send(text(admin, "/admin"));
    const [button] = webApps(h.take());
    expect(await opened(h, button!)).toEqual({
      text: translator("en")("app.openWorkspace"),
      url: APP_URL,
      holder: admin.id,
    });
    await submitInitiative(h, citizen);
    await h.send(text(admin, "/queue"));
    expect((await Promise.all(webApps(h.take()).map((b) => opened(h, b)))).map((b) => b.holder)).toEqual([
      admin.id,
    ]);
    // A web_app button is refused by Telegram outside private chats.
    await h.send(text(officer, "/reports", groupChat(-100_555)));
    expect(webApps(h.take())).toEqual([]);
  });

  it("no setting, no button", async () => {
    const { h, officer } = await setting({});
    await h.send(text(officer, "/reports"));
    expect(webApps(h.take())).toEqual([]);
  });

  it("a granted role sets the chat's menu button to the workspace; the last revoked role removes it", async () => {
    const { h } = await setting({ MINI_APP_URL: "https://staff.example.kg/app" });
    const mod = person(8603, "ru");
    await onboard(h, mod);
    await inviteAccepted(h, mod);
    const set = h.take().filter((c) => c.method === "setChatMenuButton");
    await h.send(press(admin, "1|adm|staff"));
    const list = h.take().find((c) => c.payload.reply_markup);
    // The moderator's grant is the newest, so their revoke button is the last.
    const revoke = (list!.payload.reply_markup.inline_keyboard as { callback_data: string }[][])
      .flat()
      .filter((b) => b.callback_data.includes("|adm|rv|"))
      .at(-1)!;
    await h.send(press(admin, revoke.callback_data));
    const unset = h.take().filter((c) => c.method === "setChatMenuButton");
    expect([...set, ...unset].map((c) => c.payload)).toEqual([
      {
        chat_id: mod.id,
        menu_button: {
          type: "web_app",
          text: translator("ru")("app.title"),
          web_app: { url: "https://staff.example.kg/app" },
        },
      },
      { chat_id: mod.id, menu_button: { type: "default" } },
    ]);
  });

  it("at start-up the admins of ADMIN_IDS get the workspace as their menu button, in their language; nobody else", async () => {
    const h = await createHarness({
      env: { ADMIN_IDS: "900, 901", DEFAULT_LOCALE: "ky", MINI_APP_URL: "https://staff.example.kg/app" },
    });
    await onboard(h, admin);
    h.take();
    await showWorkspaceToAdmins(h.deps, h.bot.api, async (id) => (await findUser(h.db, id))?.locale);
    const calls = h.take();
    expect(calls.map((c) => c.method)).toEqual(["setChatMenuButton", "setChatMenuButton"]);
    // 900 chose English; 901 never wrote to the bot, so the default language.
    expect(calls.map((c) => c.payload)).toEqual(
      [
        [900, "en"],
        [901, "ky"],
      ].map(([chat_id, locale]) => ({
        chat_id,
        menu_button: {
          type: "web_app",
          text: translator(locale as "en" | "ky")("app.title"),
          web_app: { url: "https://staff.example.kg/app" },
        },
      })),
    );
    const without = await createHarness({ env: { ADMIN_IDS: "900" } });
    await showWorkspaceToAdmins(without.deps, without.bot.api);
    expect(without.take()).toEqual([]);
  });
});
