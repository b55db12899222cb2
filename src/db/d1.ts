import type { D1Database, D1PreparedStatement } from "@cloudflare/workers-types";
import { Column, fillPlaceholders, is, SQL, StringChunk } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Database, type Db, isRawQuery, type RawQuery, type Read } from "./database.js";
import * as schema from "./schema.js";

/**
 * The repository on Cloudflare D1. Migrations are applied by `wrangler d1 migrations apply`, not
 * here: a Worker cannot read the migrations folder.
 */
export function openD1(binding: D1Database): Database {
  const db = drizzle(binding, { schema });
  return {
    db: db as unknown as Db,
    async batch(statements) {
      // D1 runs a batch as one transaction. A drizzle query goes as drizzle's own batch sends it
      // (its SQL and values, as `toSQL` gives them), a filled prepared query as it is.
      if (statements.length === 0) return;
      await binding.batch(
        statements.map((statement) => {
          const { sql, params } = isRawQuery(statement)
            ? statement
            : (statement as unknown as Buildable).toSQL();
          return binding.prepare(sql).bind(...params);
        }),
      );
    },
    rows: (queries, reads) => roundTrip(queries, reads),
    read: async (reads) => (await roundTrip([], reads))[1],
    // D1 runs every batch as one transaction.
    write: async (reads) => (await roundTrip([], reads))[1],
  };

  /** `queries`, then `reads`, in one batch (see `Database.rows`). */
  async function roundTrip<T extends readonly unknown[]>(
    queries: readonly RawQuery[],
    reads: { [K in keyof T]: Read<T[K]> },
  ): Promise<[Record<string, unknown>[][], T]> {
    if (queries.length === 0 && reads.length === 0) return [[], [] as never];
    // drizzle's own batch takes query builders, not prepared queries with placeholders: the
    // same steps here (bind the statement, map the batch's result as drizzle's batch does).
    const prepared = reads.map((item) => item.query as unknown as D1Prepared);
    // Before the batch: a `write` refused after it would have committed its writes.
    for (const query of prepared) checkColumnNames(query);
    const results = await binding.batch<Record<string, unknown>>([
      ...queries.map((query) => binding.prepare(query.sql).bind(...query.params)),
      ...prepared.map((query, i) =>
        query.stmt.bind(...fillPlaceholders(query.query.params, reads[i]!.values)),
      ),
    ]);
    const rows = results.slice(0, queries.length).map((result) => result.results ?? []);
    const read = results.slice(queries.length).map((result, i) => prepared[i]!.mapAllResult(result, true));
    return [rows, read as never];
  }
}

/** Every drizzle query of a batch: its SQL and values as the driver gets them. */
interface Buildable {
  toSQL(): { sql: string; params: unknown[] };
}

/** What drizzle's D1 prepared query holds (drizzle-orm/d1/session.js), used by `read`. */
interface D1Prepared {
  stmt: D1PreparedStatement;
  query: { sql: string; params: unknown[] };
  /** What it selects, in the order drizzle maps a row's values; none for a relational query. */
  fields?: readonly { field: unknown }[];
  mapAllResult(result: unknown, isFromBatch: boolean): unknown;
}

/** Prepared queries whose column names are known to be distinct: checked once each. */
const distinctColumns = new WeakSet<D1Prepared>();

/**
 * Refuses a query that selects two columns of one name (two tables' `updated_at`). A D1 batch
 * gives rows as objects keyed by column name, where the second takes the first's place, and
 * drizzle maps a row's values by position: every later field would be silently misread.
 */
function checkColumnNames(query: D1Prepared): void {
  if (distinctColumns.has(query)) return;
  const names = new Set<string>();
  for (const { field } of query.fields ?? []) {
    const name = columnName(field);
    if (name === undefined) continue;
    if (names.has(name)) {
      throw new Error(
        `A D1 batch gives rows by column name, and "${name}" is selected twice (name one apart with .as()): ${query.query.sql.slice(0, 80)}`,
      );
    }
    names.add(name);
  }
  distinctColumns.add(query);
}

/**
 * The name SQLite gives a selected field's column. An expression other than a bare column is
 * named by its text, which differs unless the same expression is selected twice: left out.
 */
function columnName(field: unknown): string | undefined {
  if (is(field, Column)) return field.name;
  if (is(field, SQL.Aliased)) return field.fieldAlias;
  if (is(field, SQL)) {
    const chunks = field.queryChunks.filter(
      (chunk) => !(is(chunk, StringChunk) && chunk.value.join("") === ""),
    );
    if (chunks.length === 1 && is(chunks[0], Column)) return chunks[0].name;
  }
  return undefined;
}

/**
 * `binding` calling `beforeRoundTrip` (and waiting for it) before every call that goes to the
 * database: a statement's `run`, `all`, `raw` or `first`, a `batch` (one, however many
 * statements), an `exec`. Workers count each as a subrequest of the invocation, so a cron run
 * counts its own against its budget; a benchmark counts them per update or adds latency.
 */
export function meteredD1(binding: D1Database, beforeRoundTrip: () => void | Promise<void>): D1Database {
  const originals = new WeakMap<object, D1PreparedStatement>();
  const roundTrip =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await beforeRoundTrip();
      return call(...args);
    };
  const meterStatement = (statement: D1PreparedStatement): D1PreparedStatement => {
    const metered = {
      bind: (...values: unknown[]) => meterStatement(statement.bind(...values)),
      run: roundTrip(statement.run.bind(statement)),
      all: roundTrip(statement.all.bind(statement)),
      raw: roundTrip(statement.raw.bind(statement)),
      first: roundTrip(statement.first.bind(statement)),
    } as unknown as D1PreparedStatement;
    originals.set(metered, statement);
    return metered;
  };
  return {
    prepare: (query: string) => meterStatement(binding.prepare(query)),
    batch: roundTrip((statements: D1PreparedStatement[]) =>
      binding.batch(statements.map((statement) => originals.get(statement) ?? statement)),
    ),
    exec: roundTrip(binding.exec.bind(binding)),
    dump: roundTrip(binding.dump.bind(binding)),
    withSession: binding.withSession.bind(binding),
  } as D1Database;
}
