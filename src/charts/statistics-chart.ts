import { type Cell, SMALL } from "../domain/suppression.js";

/**
 * Bar charts as SVG text, drawn by hand so that the shared code needs no native module; the PNG is
 * rendered where a renderer is injected. A hidden count gets a hatched stub of the same size
 * whatever it is, so a bar's length never reveals what "<5" or "*" stands for.
 */
export interface ChartSeries {
  label: string;
  colour: string;
}

export interface ParticipationChart {
  title: string;
  series: ChartSeries[];
  /** One row per group (Women, 18–28...), one cell per series. */
  groups: { label: string; cells: Cell[] }[];
}

export interface MonthlyChart {
  title: string;
  categories: ChartSeries[];
  months: { label: string; cells: Cell[] }[];
  empty: string;
}

export interface StatisticsChart {
  heading: string;
  participation: ParticipationChart;
  monthly: MonthlyChart;
  legend: string;
}

const WIDTH = 900;
const FONT = "DejaVu Sans";
const STUB = 2.5;

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
/** A hidden count is drawn as a stub of one size, whatever it stands for. */
export const barValue = (cell: Cell) => (typeof cell === "number" ? cell : STUB);
const fill = (cell: Cell, colour: string) => (typeof cell === "number" ? colour : "url(#hatch)");
export const cellLabel = (cell: Cell) => (cell === SMALL ? "<5" : String(cell));

function text(x: number, y: number, body: string, attrs = "") {
  return `<text x="${x}" y="${y}" font-family="${FONT}" ${attrs}>${escapeXml(body)}</text>`;
}

const LEGEND_COLUMNS = 3;
const legendHeight = (series: ChartSeries[]) => Math.ceil(series.length / LEGEND_COLUMNS) * 20;

function legendRow(series: ChartSeries[], top: number): string {
  return series
    .map((s, i) => {
      const x = 20 + (i % LEGEND_COLUMNS) * 290;
      const y = top + Math.floor(i / LEGEND_COLUMNS) * 20;
      return `<rect x="${x}" y="${y - 12}" width="14" height="14" fill="${s.colour}"/>${text(x + 20, y, s.label, 'font-size="14"')}`;
    })
    .join("");
}

function participationPanel(chart: ParticipationChart, top: number): { svg: string; height: number } {
  const barHeight = 12;
  const groupHeight = chart.series.length * (barHeight + 2) + 10;
  const left = 190;
  const plotWidth = WIDTH - left - 70;
  const max = Math.max(1, ...chart.groups.flatMap((g) => g.cells.map(barValue)));
  const parts = [
    text(20, top + 24, chart.title, 'font-size="18" font-weight="bold"'),
    legendRow(chart.series, top + 52),
  ];
  const plotTop = top + 50 + legendHeight(chart.series);
  chart.groups.forEach((group, g) => {
    const y = plotTop + g * groupHeight;
    parts.push(text(20, y + groupHeight / 2, group.label, 'font-size="14"'));
    group.cells.forEach((cell, s) => {
      const width = (barValue(cell) / max) * plotWidth;
      const barY = y + s * (barHeight + 2);
      parts.push(
        `<rect x="${left}" y="${barY}" width="${width.toFixed(1)}" height="${barHeight}" fill="${fill(cell, chart.series[s]!.colour)}"/>`,
        text(left + width + 6, barY + barHeight - 1, cellLabel(cell), 'font-size="12"'),
      );
    });
  });
  return { svg: parts.join(""), height: plotTop - top + 10 + chart.groups.length * groupHeight };
}

function monthlyPanel(chart: MonthlyChart, top: number): { svg: string; height: number } {
  const plotTop = top + 60 + legendHeight(chart.categories);
  const plotHeight = 220;
  const parts = [
    text(20, top + 24, chart.title, 'font-size="18" font-weight="bold"'),
    legendRow(chart.categories, top + 52),
  ];
  if (chart.months.length === 0) {
    parts.push(text(20, plotTop + 30, chart.empty, 'font-size="14" fill="#555"'));
    return { svg: parts.join(""), height: plotTop - top + 50 };
  }
  const stacks = chart.months.map((m) => m.cells.reduce<number>((sum, c) => sum + barValue(c), 0));
  const max = Math.max(1, ...stacks);
  const slot = (WIDTH - 60) / chart.months.length;
  const barWidth = Math.min(60, slot * 0.7);
  chart.months.forEach((month, i) => {
    const x = 40 + i * slot + (slot - barWidth) / 2;
    let y = plotTop + plotHeight;
    month.cells.forEach((cell, c) => {
      if (cell === 0) return;
      const height = (barValue(cell) / max) * plotHeight;
      y -= height;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${fill(cell, chart.categories[c]!.colour)}" stroke="#fff"/>`,
      );
      if (height >= 14)
        parts.push(
          text(
            x + barWidth / 2,
            y + height / 2 + 5,
            cellLabel(cell),
            `font-size="12" text-anchor="middle" fill="${typeof cell === "number" ? "#fff" : "#222"}"`,
          ),
        );
    });
    parts.push(
      text(x + barWidth / 2, plotTop + plotHeight + 18, month.label, 'font-size="12" text-anchor="middle"'),
    );
  });
  parts.push(
    `<line x1="30" y1="${plotTop + plotHeight}" x2="${WIDTH - 20}" y2="${plotTop + plotHeight}" stroke="#333"/>`,
  );
  return { svg: parts.join(""), height: plotTop - top + plotHeight + 40 };
}

export function statisticsChartSvg(chart: StatisticsChart): string {
  const participation = participationPanel(chart.participation, 50);
  const monthly = monthlyPanel(chart.monthly, 50 + participation.height);
  const height = 50 + participation.height + monthly.height + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ddd"/><line x1="0" y1="0" x2="0" y2="6" stroke="#888" stroke-width="3"/></pattern></defs>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(20, 32, chart.heading, 'font-size="20" font-weight="bold"'),
    participation.svg,
    monthly.svg,
    text(20, height - 16, chart.legend, 'font-size="12" fill="#555"'),
    "</svg>",
  ].join("");
}
