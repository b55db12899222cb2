/** A municipality's name and its district (or oblast, for a city) in one language. */
export interface NameInLanguage {
  name: string;
  district?: string;
}

/** Per language code; a language the operator has not named it in yet falls back. */
export type MunicipalityNames = Record<string, NameInLanguage>;

/**
 * The name in `locale`, else in the first of `fallbacks` that has one, else any: a municipality
 * added before a language was never left without a name.
 */
export function nameIn(
  names: MunicipalityNames,
  locale: string,
  fallbacks: readonly string[],
): NameInLanguage {
  for (const code of [locale, ...fallbacks]) {
    const entry = names[code];
    if (entry?.name) return entry;
  }
  return Object.values(names).find((n) => n.name) ?? { name: "" };
}

/**
 * `uz Lenin ovul aymogʻi | Oloy tumani` -> ["uz", { name, district }]: a language code, the name
 * and, after a bar, the district. Undefined when the code is not one of `known` or the name is empty.
 */
export function parseNameInLanguage(
  text: string,
  known: (code: string) => boolean,
): [code: string, entry: NameInLanguage] | undefined {
  const [, code, rest] = /^(\S+)\s+(.+)$/s.exec(text.trim()) ?? [];
  if (!code || !rest || !known(code)) return undefined;
  const [name = "", district] = rest.split("|").map((part) => part.trim());
  if (!name) return undefined;
  return [code, district === undefined ? { name } : { name, district }];
}
