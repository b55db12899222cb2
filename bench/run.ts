import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBundleBench } from "./bundle.js";
import type { Figures } from "./figures.js";
import { runFlowBench } from "./flows.js";
import { runMemoryBench } from "./memory.js";
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
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in benches));
if (unknown.length > 0)
  throw new Error(`no benchmark ${unknown.join(", ")}; there are ${Object.keys(benches).join(", ")}`);

const folder = join(import.meta.dirname, "results");
const latest = join(folder, "latest.json");
const results: Record<string, Figures> =
  chosen.length > 0 && existsSync(latest) ? JSON.parse(readFileSync(latest, "utf8")).results : {};
for (const [name, run] of Object.entries(benches)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`running ${name}…`);
  results[name] = await run();
  console.table(results[name]);
}

mkdirSync(folder, { recursive: true });
const ranAt = new Date().toISOString();
writeFileSync(latest, `${JSON.stringify({ ranAt, results }, null, 2)}\n`);
const markdown = [
  `Benchmarks run at ${ranAt} (Node ${process.version}).`,
  "",
  ...Object.entries(results).flatMap(([name, figures]) => [
    `### ${name}`,
    "",
    "| figure | value |",
    "| --- | --- |",
    ...Object.entries(figures).map(([key, value]) => `| ${key} | ${value} |`),
    "",
  ]),
].join("\n");
writeFileSync(join(folder, "latest.md"), markdown);
console.log(`written to ${join("bench", "results", "latest.{json,md}")}`);
