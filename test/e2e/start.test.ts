import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeBotApi, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";
import { type RunningProgram, spawnNpmStart } from "../support/program.js";

let api: FakeBotApi | undefined;
let running: RunningProgram | undefined;
afterEach(async () => {
  await running?.kill();
  await api?.close();
});

describe("npm start", () => {
  it("starts against a local Bot API, answers /start with the language choice, stops on SIGTERM, and keeps its hash key beside the database", async () => {
    api = await startFakeBotApi();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const folder = mkdtempSync(join(tmpdir(), "yntymak-e2e-"));
    const env = {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      DATABASE_PATH: join(folder, "data", "bot.sqlite"),
      LOG_LEVEL: "warn",
    };
    const program = spawnNpmStart({ ...env, PORT: String(port) });
    running = program;
    const output = await program.waitForOutput(
      /Yntymak is running as @\w+ \(long polling, pages on port \d+\), database .*bot\.sqlite/,
    );
    expect(output).not.toContain(TOKEN);
    // One per file in locales/, then the default for every other Telegram language.
    expect(api.callsTo("setMyCommands").map((c) => c.params.language_code)).toEqual([
      "en",
      "ky",
      "ru",
      "uz",
      undefined,
    ]);
    expect(api.callsTo("setMyDescription")).toHaveLength(5);

    api.pushUpdate({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 4242, type: "private", first_name: "Aida" },
        from: { id: 4242, is_bot: false, first_name: "Aida", language_code: "ru" },
        text: "/start",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    const [reply] = await api.waitForCalls((c) => c.method === "sendMessage", { timeoutMs: 30_000 });
    expect(reply!.params.chat_id).toBe(4242);
    const labels = reply!.params.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text);
    expect(labels).toEqual(["✅ Русский", "Кыргызча", "English", "Oʻzbekcha"]);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const page = await fetch(`http://127.0.0.1:${port}/m/kurama?lang=ky`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Курама айыл аймагы");

    await program.stop();
    expect(program.output()).toMatch(/Yntymak stopped\.\s*$/);

    // Without PHONE_HASH_KEY the first start made the key file beside the database, owner-only,
    // and the next start uses the same key.
    const keyFile = join(folder, "data", "hash.key");
    expect(program.output()).toContain(`Created the hash key ${keyFile}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, "utf8");
    const again = spawnNpmStart({ ...env, PORT: String(port + 1) });
    running = again;
    await again.waitForOutput(/Yntymak is running as/);
    await again.stop();
    expect(again.output()).not.toContain("Created the hash key");
    expect(readFileSync(keyFile, "utf8")).toBe(key);
    expect(readFileSync(join(folder, "data", "bot.sqlite")).includes(key.trim())).toBe(false);
  });

  it("refuses to start without a token, with one sentence naming it", async () => {
    const program = spawnNpmStart({ BOT_TOKEN: "", DATABASE_PATH: ":memory:" });
    running = program;
    expect(await program.exited).toBe(1);
    expect(program.output()).toContain(
      "Cannot start Yntymak: BOT_TOKEN is required (get one from @BotFather).",
    );
  });
});
