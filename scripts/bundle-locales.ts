/**
 * Writes src/i18n/bundled-locales.ts: one static import per locales/*.json. Workers have no file
 * system, so the languages are bundled; this file is how the bundle learns which exist. npm runs it
 * before start, dev, tests and Worker builds; test/i18n/discovery.test.ts fails when it is stale.
 * `--check` only reports (exit 1) instead of writing.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "src/i18n/bundled-locales.ts");

export function bundledLocalesSource(): string {
  const codes = readdirSync(join(root, "locales"))
    .filter((f) => /^[a-z]{2,3}\.json$/.test(f))
    .map((f) => f.slice(0, -".json".length))
    .sort();
  // A prefix keeps codes such as "in" from being read as keywords.
  const imports = codes.map((c) => `import locale_${c} from "../../locales/${c}.json" with { type: "json" };`);
  return [
    "// Written by scripts/bundle-locales.ts from locales/*.json (npm run locales): do not edit.",
    ...imports,
    "",
    `export const BUNDLED_LOCALES = { ${codes.map((c) => `${c}: locale_${c}`).join(", ")} };`,
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = bundledLocalesSource();
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== wanted) {
    if (process.argv.includes("--check")) {
      console.error("src/i18n/bundled-locales.ts is stale: run npm run locales");
      process.exit(1);
    }
    writeFileSync(target, wanted);
  }
}
