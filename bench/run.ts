import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBundleBench } from "./bundle.js";
import type { Figures } from "./figures.js";
import { runFlowBench } from "./flows.js";
import { runMemoryBench } from "./memory.js";
import { runMiniAppBench } from "./mini-app.js";
import { runOutboxBench } from "./outbox.js";
import { runPublicPageBench } from "./public-page.js";
import { runRoundTripBench } from "./roundtrips.js";
import { runTallyBench } from "./tally.js";

/**
 * `npm run bench`: every benchmark in one run, printed and written to bench/results/;
 * `npm run bench -- roundtrips flows` runs only those and keeps the others' last results.
 */
const benches: Record<string, () => Promise<Figures>> = {
  flows: runFlowBench,
  roundtrips: runRoundTripBench,
  "public-page": runPublicPageBench,
  memory: runMemoryBench,
  outbox: runOutboxBench,
  bundle: runBundleBench,
  tally: runTallyBench,
  "mini-app": runMiniAppBench,
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length > 0)
  throw new Error(`no benchmark ${unknown.join(", ")}; there are ${Object.keys(benches).join(", ")}`);

const folder = join(import.meta.dirname, "results");
const latest = join(folder, "latest.json");
const kept: { ranAt: string | Record<string, string>; results: Record<string, Figures> } | undefined =
  chosen.length > 0 && existsSync(latest) ? JSON.parse(readFileSync(latest, "utf8")) : undefined;
const results = kept?.results ?? {};
// When each benchmark last ran (files of full runs before this had one time for all).
const ranAt: Record<string, string> =
  typeof kept?.ranAt === "string"
    ? Object.fromEntries(Object.keys(results).map((name) => [name, kept.ranAt as string]))
    : (kept?.ranAt ?? {});
for (const [name, run] of Object.entries(benches)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`running ${name}…`);
  results[name] = await run();
  ranAt[name] = new Date().toISOString();
  console.table(results[name]);
}

mkdirSync(folder, { recursive: true });
writeFileSync(latest, `${JSON.stringify({ ranAt, results }, null, 2)}\n`);
const markdown = [
  `Benchmarks (Node ${process.version}).`,
  "",
  ...Object.entries(results).flatMap(([name, figures]) => [
    `### ${name}`,
    "",
    `Run at ${ranAt[name]}.`,
    "",
    "| figure | value |",
    "| --- | --- |",
    ...Object.entries(figures).map(([key, value]) => `| ${key} | ${value} |`),
    "",
  ]),
].join("\n");
writeFileSync(join(folder, "latest.md"), markdown);
console.log(`written to ${join("bench", "results", "latest.{json,md}")}`);
