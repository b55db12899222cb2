import { InputFile } from "grammy";
import { closedRoundsForExport, initiativesForExport, reportsForExport } from "../../db/repo/exports.js";
import type { StatisticsScope } from "../../db/repo/statistics.js";
import { initiativesCsv, participationCsv, reportsCsv, roundResultsCsv } from "../../exports/csv-files.js";
import type { BotContext, BotDeps } from "../context.js";
import { readPublishedStatistics } from "./send-statistics.js";

/** The four CSV files of /export, one document each, named so that they sort together in a folder. */
export async function sendExports(ctx: BotContext, deps: BotDeps, scope: StatisticsScope, prefix: string) {
  const { db } = deps.database;
  const files: [string, string][] = [
    ["initiatives", initiativesCsv(await initiativesForExport(db, scope))],
    ["round-results", roundResultsCsv(await closedRoundsForExport(db, scope))],
    ["reports", reportsCsv(await reportsForExport(db, scope))],
    ["participation", participationCsv(await readPublishedStatistics(deps, scope))],
  ];
  for (const [name, csv] of files) {
    await ctx.replyWithDocument(new InputFile(new TextEncoder().encode(csv), `${prefix}-${name}.csv`), {
      caption: ctx.t(`export.files.${name}`),
    });
  }
}
