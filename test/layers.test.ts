import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of src/, top to bottom (architecture.md): an import never points to a higher layer.
 * Type imports count too: a type is a dependency all the same.
 */
const LAYERS: [name: string, pattern: RegExp][] = [
  ["entries", /^src\/(node|worker|polling)\.ts$/],
  ["server/web, jobs", /^src\/(server\.ts$|web\/|jobs\/)/],
  ["bot features", /^src\/bot\/(index\.ts$|awaiting\.ts$|features\/|middlewares\/|conversations\/)/],
  ["bot views, keyboards, lifecycle", /^src\/(bot|charts|exports)\//],
  ["staff actions", /^src\/staff\//],
  ["notify", /^src\/notify\//],
  ["db", /^src\/db\//],
  ["i18n, domain, config", /^src\//],
];

/** Beside the order: pages are not the bot's, so web/ shares formatting through i18n, not bot/. */
const APART: [from: RegExp, to: RegExp][] = [[/^src\/web\//, /^src\/bot\//]];

const layerOf = (path: string) => LAYERS.findIndex(([, pattern]) => pattern.test(path));

const breaksOrder = (file: string, target: string) =>
  target.startsWith("src/") &&
  (layerOf(target) < layerOf(file) || APART.some(([from, to]) => from.test(file) && to.test(target)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The files that `file`'s import and export statements name. */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gm)].map((m) =>
    relative(".", resolve(dirname(file), m[1]!)).replace(/\.js$/, ".ts"),
  );
}

function upwardImports(file: string, text: string): string[] {
  return importsOf(file, text)
    .filter((target) => breaksOrder(file, target))
    .map((target) => `${file} -> ${target}`);
}

describe("layers", () => {
  it("no import in src/ points to a higher layer", () => {
    const files = sources("src");
    expect(files.length).toBeGreaterThan(50);
    const upward = files.flatMap((file) => upwardImports(file, readFileSync(file, "utf8")));
    expect(upward.join("\n")).toBe("");
  });

  it("sees the kinds of import that would break the order", () => {
    const named = 'import { advanceRounds } from "../../jobs/rounds.js";\n';
    const typed = 'import type {\n  OutboxPayload,\n} from "../notify/payload.js";\n';
    expect(upwardImports("src/bot/features/x.ts", named)).toEqual([
      "src/bot/features/x.ts -> src/jobs/rounds.ts",
    ]);
    expect(upwardImports("src/db/schema.ts", typed)).toEqual(["src/db/schema.ts -> src/notify/payload.ts"]);
    expect(upwardImports("src/web/page.ts", 'import { t } from "../bot/views/format.js";')).toEqual([
      "src/web/page.ts -> src/bot/views/format.ts",
    ]);
  });
});
