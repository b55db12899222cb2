/**
 * CSV as RFC 4180 writes it (CRLF, quotes doubled, fields with `,` `"` or line breaks quoted),
 * in UTF-8 with a byte-order mark: without it Excel reads Cyrillic as mojibake.
 */
export type CsvValue = string | number | boolean | null | undefined;

const BOM = "\uFEFF";

/** Text starting like a formula is run by spreadsheets; a leading apostrophe keeps it text. */
const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return String(value);
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return `${BOM}${lines.join("\r\n")}\r\n`;
}
