export { escapeHtml } from "../domain/text.js";

export const HTML = { parse_mode: "HTML" } as const;
