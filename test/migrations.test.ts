import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/** Runs the migration files in order, as drizzle does: statements split at its breakpoints. */
function migrate(sqlite: Database.Database, files: string[]) {
  for (const file of files)
    for (const statement of readFileSync(`migrations/${file}`, "utf8").split("--> statement-breakpoint"))
      if (statement.trim()) sqlite.exec(statement);
}

describe("migrations", () => {
  it("move the names of existing municipalities into one JSON column, with the pilots' Uzbek names", () => {
    const files = readdirSync("migrations")
      .filter((f) => f.endsWith(".sql"))
      .sort();
    const copy = files.findIndex((f) => f.startsWith("0009_"));
    const sqlite = new Database(":memory:");
    migrate(sqlite, files.slice(0, copy));
    sqlite
      .prepare(
        "INSERT INTO municipalities (slug, name_ky, name_ru, name_en, district_ky, district_ru, district_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        "kurama",
        "Курама айыл аймагы",
        "Кураминский айылный аймак",
        "Kurama aiyl aimak",
        "Панфилов району",
        "Панфиловский район",
        "Panfilov district",
      );
    sqlite
      .prepare("INSERT INTO municipalities (slug, name_ky, name_ru, name_en) VALUES (?, ?, ?, ?)")
      .run("ak-tal", "Ак-Тал", "Ак-Тал", "Ak-Tal");
    migrate(sqlite, files.slice(copy));

    const rows = sqlite.prepare("SELECT slug, names FROM municipalities ORDER BY id").all() as {
      slug: string;
      names: string;
    }[];
    expect(rows.map((r) => [r.slug, JSON.parse(r.names)])).toEqual([
      [
        "kurama",
        {
          ky: { name: "Курама айыл аймагы", district: "Панфилов району" },
          ru: { name: "Кураминский айылный аймак", district: "Панфиловский район" },
          en: { name: "Kurama aiyl aimak", district: "Panfilov district" },
          uz: { name: "Qurama ovul aymogʻi", district: "Panfilov tumani, Chuy viloyati" },
        },
      ],
      [
        "ak-tal",
        {
          ky: { name: "Ак-Тал", district: "" },
          ru: { name: "Ак-Тал", district: "" },
          en: { name: "Ak-Tal", district: "" },
        },
      ],
    ]);
    const columns = sqlite.prepare("SELECT name FROM pragma_table_info('municipalities')").all() as {
      name: string;
    }[];
    expect(columns.map((c) => c.name)).not.toContain("name_ky");
  });
});
