import {
  barValue,
  type ChartSeries,
  cellLabel,
  type StatisticsChart,
} from "../../charts/statistics-chart.js";
import type { Cell } from "../../domain/suppression.js";
import { escapeHtml } from "../../domain/text.js";

/**
 * The bot's statistics chart (the same model, so the same suppression) as HTML bars: the SVG is
 * drawn for a 900-pixel picture, whose words shrink to nothing on a phone, while these follow the
 * page's font and width. A hidden count is a hatched stub of one size, as in the picture, so a
 * bar's length never tells what "<5" or "*" stands for.
 */
const HATCH = "repeating-linear-gradient(45deg,#888 0 2px,#ddd 2px 5px)";

const text = (cell: Cell) => escapeHtml(cellLabel(cell));
const share = (cell: Cell, max: number) => `${((barValue(cell) / max) * 100).toFixed(1)}%`;
const paint = (cell: Cell, colour: string) =>
  typeof cell === "number" ? `background:${colour}` : `background:${HATCH};color:#222`;

function legend(series: readonly ChartSeries[]): string {
  const items = series.map(
    (s) => `<span><i style="background:${s.colour}"></i>${escapeHtml(s.label)}</span>`,
  );
  return `<p class="lg">${items.join("")}</p>`;
}

export function chartHtml(chart: StatisticsChart): string {
  const { participation: p, monthly: m } = chart;
  const most = Math.max(1, ...p.groups.flatMap((g) => g.cells.map(barValue)));
  const groups = p.groups.map((group) => {
    const bars = group.cells.map(
      (cell, s) =>
        `<div class="br"><b style="width:${share(cell, most)};${paint(cell, p.series[s]!.colour)}"></b>${text(cell)}</div>`,
    );
    return `<div class="cg"><span>${escapeHtml(group.label)}</span>${bars.join("")}</div>`;
  });
  const stacks = m.months.map((month) => month.cells.reduce<number>((sum, c) => sum + barValue(c), 0));
  const tallest = Math.max(1, ...stacks);
  const months = m.months.map((month) => {
    const parts = month.cells
      .map((cell, c) =>
        cell === 0
          ? ""
          : `<b style="width:${share(cell, tallest)};${paint(cell, m.categories[c]!.colour)}" title="${escapeHtml(`${m.categories[c]!.label}: ${cellLabel(cell)}`)}">${text(cell)}</b>`,
      )
      .join("");
    return `<div class="cg"><span>${escapeHtml(month.label)}</span><div class="st">${parts}</div></div>`;
  });
  return [
    `<figure class="ch" id="chart"><figcaption>${escapeHtml(p.title)}</figcaption>`,
    legend(p.series),
    groups.join(""),
    `<figcaption>${escapeHtml(m.title)}</figcaption>`,
    months.length > 0 ? legend(m.categories) + months.join("") : `<p class="h">${escapeHtml(m.empty)}</p>`,
    "</figure>",
  ].join("");
}

/** Bars in the theme's colours, labels in the page's font. */
export const CHART_STYLE = `.ch{margin:.5rem 0}.ch figcaption{font-weight:bold;margin:.6rem 0 .2rem}
.lg{display:flex;flex-wrap:wrap;gap:.2rem .7rem;font-size:.78rem;margin:.2rem 0}.lg i{display:inline-block;width:.7rem;height:.7rem;margin-right:.25rem;vertical-align:-1px}
.cg{margin:.3rem 0;font-size:.78rem}.br{display:flex;align-items:center;gap:.3rem;height:.8rem}.br b{display:block;height:.6rem;min-width:1px}
.st{display:flex;height:1.1rem}.st b{display:block;overflow:hidden;color:#fff;font-size:.7rem;line-height:1.1rem;text-align:center;font-weight:normal;border-right:1px solid var(--tg-bg-color,#fff)}`;
