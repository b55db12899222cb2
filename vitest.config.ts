import { defineConfig } from "vitest/config";

/** The repository tests, run a second time on D1 (TEST_DATABASE=d1) so the backends cannot drift. */
const REPOSITORY_TESTS = [
  "test/db/**/*.test.ts",
  "test/notify/enqueue.test.ts",
  "test/notify/dispatcher.test.ts",
  "test/notify/dispatcher-faults.test.ts",
  "test/notify/dispatcher-restart.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // test/db/d1-*.test.ts hold what only D1 does: they run in the d1 project alone.
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**", "test/db/d1-*.test.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "d1",
          include: REPOSITORY_TESTS,
          env: { TEST_DATABASE: "d1" },
          setupFiles: ["test/db/d1-setup.ts"],
        },
      },
      {
        extends: true,
        // wrangler dev starts workerd, which takes seconds: one per file, files one at a time.
        test: { name: "workers", include: ["test/workers/**/*.test.ts"], fileParallelism: false },
      },
    ],
  },
});
