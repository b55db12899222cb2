import { LOCALES, type Locale, languageName } from "../i18n/index.js";

/** Plain CSS inline: one request, readable on a cheap phone, no framework, no script. */
const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c1c1c;background:#fafafa;line-height:1.45}
main{max-width:46rem;margin:0 auto;padding:.75rem}
h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:2px solid #1b6ca8}
h3{font-size:1rem;margin:1rem 0 .3rem}
nav{display:flex;gap:.75rem;flex-wrap:wrap;padding:.5rem 1rem;background:#1b6ca8}
nav a{color:#fff;text-decoration:none;padding:.2rem .4rem}nav a[aria-current]{font-weight:bold;border-bottom:2px solid #fff}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem;font-size:.95rem}
th,td{text-align:left;padding:.3rem .25rem;overflow-wrap:anywhere;border-bottom:1px solid #ddd;vertical-align:top}
td.n,th.n{text-align:right}td.n{white-space:nowrap}th{font-size:.85rem;overflow-wrap:anywhere}
.muted{color:#555;font-size:.9rem}`;

export interface PageShell {
  locale: Locale;
  title: string;
  /** Links to the same page in each language, e.g. `/m/sumbula?lang=`. */
  languageHref?: (locale: Locale) => string;
  languageLabel: string;
  body: string;
}

/** `body` and `title` must already be escaped HTML. */
export function pageShell({ locale, title, languageHref, languageLabel, body }: PageShell): string {
  const languages = languageHref
    ? `<nav aria-label="${languageLabel}">${LOCALES.map(
        (l) =>
          `<a href="${languageHref(l)}" hreflang="${l}" lang="${l}"${l === locale ? ' aria-current="page"' : ""}>${languageName(l)}</a>`,
      ).join("")}</nav>`
    : "";
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${STYLE}</style></head><body>${languages}<main>${body}</main></body></html>`;
}
