import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");

export interface RunningProgram {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  /** Resolves with the output once it matches; rejects if the program ends or time runs out first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGKILL to npm and the program: the process dies mid-work, as on a power cut or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, as an operator stops it. */
  stop(): Promise<void>;
}

/**
 * `npm start`, as the README says, in its own process group (so that a signal reaches npm and the
 * program, as Ctrl+C in a terminal does), without waiting for anything.
 */
export function spawnNpmStart(env: Record<string, string>): RunningProgram {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, ...env, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return output;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
      await exited;
    },
    async stop() {
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

/** `npm start`; resolves once it says it is running. */
export async function npmStart(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningProgram> {
  const program = spawnNpmStart(env);
  try {
    await program.waitForOutput(/Yntymak is running as/, timeoutMs);
  } catch (error) {
    await program.kill();
    throw new Error(`the program did not start: ${error instanceof Error ? error.message : error}`);
  }
  return program;
}

/** Lines the program logged at level error (logs are one JSON object per line). */
export function loggedErrors(output: string): string[] {
  return output.split("\n").filter((line) => line.includes('"level":"error"'));
}
