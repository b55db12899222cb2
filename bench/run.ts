import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBundleBench } from "./bundle.js";
import type { Figures } from "./figures.js";
import { runFlowBench } from "./flows.js";
import { runMemoryBench } from "./memory.js";
import { runOutboxBench } from "./outbox.js";
import { runPublicPageBench } from "./public-page.js";
import { runTallyBench } from "./tally.js";

/** `npm run bench`: every benchmark in one run, printed and written to bench/results/. */
const benches: Record<string, () => Promise<Figures>> = {
  flows: runFlowBench,
  "public-page": runPublicPageBench,
  memory: runMemoryBench,
  outbox: runOutboxBench,
  bundle: runBundleBench,
  tally: runTallyBench,
};

const results: Record<string, Figures> = {};
for (const [name, run] of Object.entries(benches)) {
  console.log(`running ${name}…`);
  results[name] = await run();
  console.table(results[name]);
}

const folder = join(import.meta.dirname, "results");
mkdirSync(folder, { recursive: true });
const ranAt = new Date().toISOString();
writeFileSync(join(folder, "latest.json"), `${JSON.stringify({ ranAt, results }, null, 2)}\n`);
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
