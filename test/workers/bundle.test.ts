import { describe, expect, it } from "vitest";
import { buildWorkerBundle, GZIP_BUDGET_BYTES, occurrences } from "../../bench/bundle.js";

describe("the Worker bundle (wrangler deploy --dry-run)", () => {
  it("stays within 1 MiB gzipped and holds nothing Node-only", async () => {
    const bundle = await buildWorkerBundle();
    expect(bundle.gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    expect(occurrences(bundle.code, "better-sqlite3")).toBe(0);
    expect(occurrences(bundle.code, "node:fs")).toBe(0);
    // esbuild marks each source file it bundles; the Node entry and its SQLite stay out.
    expect(bundle.code).toContain("// src/worker.ts");
    expect(bundle.code).not.toContain("// src/node.ts");
    expect(bundle.code).not.toContain("// src/db/sqlite.ts");
  });
});
