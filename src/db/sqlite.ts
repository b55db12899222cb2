import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { type Database, type Db, isRawQuery, type Read, type Statement } from "./database.js";
import * as schema from "./schema.js";

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

export interface SqliteDatabase extends Database {
  close(): void;
}

/** Opens (creating its folder) and migrates the embedded SQLite file; ":memory:" works for tests. */
export function openSqlite(path: string): SqliteDatabase {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new BetterSqlite3(path);
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  reusePreparedStatements(client);
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const runStatement = (statement: Statement) => {
    if (isRawQuery(statement)) client.prepare(statement.sql).run(...statement.params);
    else (statement as unknown as { run(): unknown }).run();
  };
  // Statements built on `db` share this one connection, so running them inside a better-sqlite3
  // transaction makes the group atomic, as D1's batch does. Made once: better-sqlite3 builds a
  // transaction function with its variants at every `transaction` call.
  const runInTransaction = client.transaction((statements: readonly Statement[]) => {
    for (const statement of statements) runStatement(statement);
  });
  const readAll = (reads: readonly Read<unknown>[]) => reads.map(({ query, values }) => query.all(values));
  const readAllInTransaction = client.transaction(readAll);
  return {
    db: db as unknown as Db,
    async batch(statements) {
      if (statements.length === 1) runStatement(statements[0]!);
      else runInTransaction(statements);
    },
    async rows(queries, reads) {
      // Run back to back, synchronously: nothing else runs between them, and the callers' writes
      // (the update's bookkeeping) need no rollback together, so no transaction is spent on them.
      const rows = queries.map((query) => {
        const statement = client.prepare(query.sql);
        if (statement.reader) return statement.all(...query.params) as Record<string, unknown>[];
        statement.run(...query.params);
        return [];
      });
      return [rows, readAll(reads) as never];
    },
    async read(reads) {
      // better-sqlite3 answers each at the call: no round trip to save.
      return readAll(reads) as never;
    },
    async write(reads) {
      return (reads.length === 1 ? readAll(reads) : readAllInTransaction(reads)) as never;
    },
    close: () => client.close(),
  };
}

/** Distinct SQL texts kept prepared; `inArray` lists make a few texts per list length. */
const PREPARED_STATEMENTS_KEPT = 500;

/**
 * drizzle-orm prepares every query anew, and SQLite's compiling costs more than running most of
 * our queries: the same SQL text gets the statement compiled the first time. Statements run to
 * completion synchronously, so one statement is never used by two queries at once.
 */
function reusePreparedStatements(client: BetterSqlite3.Database) {
  const prepare = client.prepare.bind(client);
  const prepared = new Map<string, BetterSqlite3.Statement>();
  client.prepare = ((source: string) => {
    let statement = prepared.get(source);
    if (statement) {
      // drizzle switches a statement to arrays for its own row mapping (`raw()`) and expects
      // objects when it asks for them later.
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(source);
    if (changesData(source)) markFirstWrite(client, statement);
    if (prepared.size >= PREPARED_STATEMENTS_KEPT) prepared.delete(prepared.keys().next().value!);
    prepared.set(source, statement);
    return statement;
  }) as typeof client.prepare;
}

/**
 * Tables whose writes change nothing a person meant and are harmless when repeated: the duplicate
 * check's claims, the intake itself, flood counts.
 */
const BOOKKEEPING = new Set(["processed_updates", "intake", "flood_counters"]);
const WRITE = /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|update|delete\s+from)\s+["`]?(\w+)/i;

function changesData(source: string): boolean {
  const table = WRITE.exec(source)?.[1];
  return table !== undefined && !BOOKKEEPING.has(table.toLowerCase());
}

const firstWrite = new AsyncLocalStorage<{ pending?: () => void }>();

/**
 * Runs `task` so that `atFirstWrite` runs in the same transaction as the first statement of the
 * task that changes data (a write outside the bookkeeping tables), whether alone or inside a
 * batch. `atFirstWrite` must run its statements synchronously, as better-sqlite3 does. The durable
 * intake uses it to tell an update that has changed nothing yet, which can be handled again from
 * its start after a crash, from one whose step is already stored, which must not be.
 */
export function withFirstWrite<T>(atFirstWrite: () => void, task: () => Promise<T>): Promise<T> {
  return firstWrite.run({ pending: atFirstWrite }, task);
}

function markFirstWrite(client: BetterSqlite3.Database, statement: BetterSqlite3.Statement) {
  for (const method of ["run", "get", "all"] as const) {
    const original = statement[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(statement, method, {
      value(this: BetterSqlite3.Statement, ...args: unknown[]) {
        const scope = firstWrite.getStore();
        const pending = scope?.pending;
        if (!pending) return original.apply(this, args);
        const result = client.transaction(() => {
          pending();
          return original.apply(this, args);
        })();
        scope.pending = undefined;
        return result;
      },
    });
  }
}
