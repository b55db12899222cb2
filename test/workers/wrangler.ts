import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";

export const ROOT = join(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

/** Offline and non-interactive: no telemetry, no prompts, no login. */
const ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" };

/** Runs one wrangler command to its end, e.g. `d1 migrations apply DB --local`. */
export async function wrangler(args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(WRANGLER, args, {
    cwd: ROOT,
    env: ENV,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface WranglerDev {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `wrangler dev` of the real wrangler.toml: workerd with a local D1 kept in `persistTo`,
 * `vars` passed as `--var` (secrets included, as `.dev.vars` would), scheduled() behind
 * GET /__scheduled.
 */
export async function startWranglerDev(options: {
  persistTo: string;
  vars: Record<string, string>;
  /** Another entry than wrangler.toml's `main`, e.g. test/workers/metered-worker.ts. */
  script?: string;
}): Promise<WranglerDev> {
  const port = await freePort();
  const args = [
    "dev",
    ...(options.script ? [options.script] : []),
    "--local",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--inspector-port=0",
    `--persist-to=${options.persistTo}`,
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    ...Object.entries(options.vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ];
  const child: ChildProcess = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: ENV,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that stopping it also stops workerd.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  };

  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    if (/Ready on http/.test(output)) {
      const healthy = await fetch(`${url}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`wrangler dev did not start in 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}
