import BetterSqlite3 from "better-sqlite3";

const METHODS = ["run", "all", "get", "iterate"] as const;

/**
 * Counts the SQL statements better-sqlite3 runs in this process, whoever prepared them: every
 * `run`, `all`, `get` and `iterate` of a prepared statement is one (a batch counts each of its
 * own). `statements()` is the count so far; `restore()` puts the driver back as it was.
 */
export function countSqliteStatements(): { statements(): number; restore(): void } {
  const probe = new BetterSqlite3(":memory:");
  const prototype = Object.getPrototypeOf(probe.prepare("select 1"));
  probe.close();
  const originals = METHODS.map((method) => [method, prototype[method]] as const);
  let statements = 0;
  for (const [method, original] of originals)
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  return {
    statements: () => statements,
    restore() {
      for (const [method, original] of originals) prototype[method] = original;
    },
  };
}
