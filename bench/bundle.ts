import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { Figures } from "./figures.js";

const ROOT = join(import.meta.dirname, "..");
/** Workers' limit on the free plan is 3 MiB gzipped; ours is a budget, so that cold starts stay fast. */
export const GZIP_BUDGET_BYTES = 1024 * 1024;

export interface WorkerBundle {
  /** Every module wrangler would upload, concatenated. */
  code: string;
  bytes: number;
  gzipBytes: number;
}

/** The Worker exactly as `wrangler deploy` would upload it, built with `--dry-run` (no account needed). */
export async function buildWorkerBundle(): Promise<WorkerBundle> {
  const outdir = mkdtempSync(join(tmpdir(), "yntymak-bundle-"));
  try {
    await promisify(execFile)(
      join(ROOT, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", `--outdir=${outdir}`],
      { cwd: ROOT, env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
    );
    const modules = readdirSync(outdir).filter((file) => /\.(m?js|wasm)$/.test(file));
    const contents = modules.map((file) => readFileSync(join(outdir, file)));
    const code = contents.map((buffer) => buffer.toString("utf8")).join("\n");
    return {
      code,
      bytes: contents.reduce((sum, buffer) => sum + buffer.length, 0),
      gzipBytes: contents.reduce((sum, buffer) => sum + gzipSync(buffer, { level: 9 }).length, 0),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function occurrences(code: string, text: string): number {
  return code.split(text).length - 1;
}

export async function runBundleBench(): Promise<Figures> {
  const bundle = await buildWorkerBundle();
  const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  return {
    "bundle KiB": kib(bundle.bytes),
    "gzipped KiB": kib(bundle.gzipBytes),
    "gzipped budget KiB": kib(GZIP_BUDGET_BYTES),
    "within budget": bundle.gzipBytes <= GZIP_BUDGET_BYTES ? "yes" : "no",
    "better-sqlite3 occurrences": occurrences(bundle.code, "better-sqlite3"),
    "node:fs occurrences": occurrences(bundle.code, "node:fs"),
  };
}
