import { InputFile } from "grammy";
import { statisticsChartSvg } from "../../charts/statistics-chart.js";
import { statisticsChart } from "../../charts/statistics-model.js";
import { readStatisticsInput, type StatisticsScope } from "../../db/repo/statistics.js";
import { countStatistics, type PublishedStatistics, publishStatistics } from "../../domain/statistics.js";
import type { BotContext, BotDeps } from "../context.js";
import { HTML } from "../html.js";
import { statisticsText } from "./statistics-text.js";

export async function readPublishedStatistics(
  deps: BotDeps,
  scope: StatisticsScope,
): Promise<PublishedStatistics> {
  return publishStatistics(countStatistics(await readStatisticsInput(deps.database.db, scope)));
}

/** The chart first where a renderer exists (people look before they read), then the numbers. */
export async function sendStatistics(
  ctx: BotContext,
  deps: BotDeps,
  scope: StatisticsScope,
  heading: string,
) {
  const stats = await readPublishedStatistics(deps, scope);
  if (deps.renderChart) {
    try {
      const png = deps.renderChart(statisticsChartSvg(statisticsChart(ctx.t, stats, heading)));
      await ctx.replyWithPhoto(new InputFile(png, "statistics.png"), { caption: heading, ...HTML });
    } catch (error) {
      // The numbers matter more than the picture: they still go out.
      deps.logger.warn("could not render the statistics chart", { error });
    }
  }
  await ctx.reply(statisticsText(ctx.t, stats, `<b>${heading}</b>`), HTML);
}
