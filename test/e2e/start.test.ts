import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeBotApi, startFakeBotApi } from "../support/fake-bot-api.js";
import { TOKEN } from "../support/harness.js";

const ROOT = join(import.meta.dirname, "../..");

/** Starts the program exactly as the README says, with settings from the environment. */
function npmStart(env: Record<string, string>) {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, ...env, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a signal reaches npm and the program, as Ctrl+C in a terminal does.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitForOutput = async (pattern: RegExp, timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return output;
  };
  return { child, exited, waitForOutput, output: () => output };
}

let api: FakeBotApi | undefined;
let running: ChildProcess | undefined;
afterEach(async () => {
  if (running?.exitCode === null && running.pid) process.kill(-running.pid, "SIGKILL");
  await api?.close();
});

describe("npm start", () => {
  it("starts against a local Bot API, answers /start with the language choice and stops on SIGTERM", async () => {
    api = await startFakeBotApi();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const folder = mkdtempSync(join(tmpdir(), "yntymak-e2e-"));
    const program = npmStart({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      DATABASE_PATH: join(folder, "data", "bot.sqlite"),
      LOG_LEVEL: "warn",
      PORT: String(port),
    });
    running = program.child;
    const output = await program.waitForOutput(
      /Yntymak is running as @\w+ \(long polling, pages on port \d+\), database .*bot\.sqlite/,
    );
    expect(output).not.toContain(TOKEN);
    expect(api.callsTo("setMyCommands").map((c) => c.params.language_code)).toEqual([
      "ky",
      "ru",
      "en",
      undefined,
    ]);
    expect(api.callsTo("setMyDescription")).toHaveLength(4);

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
    expect(labels).toEqual(["✅ Русский", "Кыргызча", "English"]);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const page = await fetch(`http://127.0.0.1:${port}/m/kurama?lang=ky`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Курама айыл аймагы");

    process.kill(-program.child.pid!, "SIGTERM");
    await program.exited;
    expect(program.output()).toMatch(/Yntymak stopped\.\s*$/);
  });

  it("refuses to start without a token, with one sentence naming it", async () => {
    const program = npmStart({ BOT_TOKEN: "", DATABASE_PATH: ":memory:" });
    running = program.child;
    expect(await program.exited).toBe(1);
    expect(program.output()).toContain(
      "Cannot start Yntymak: BOT_TOKEN is required (get one from @BotFather).",
    );
  });
});
