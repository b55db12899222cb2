/**
 * Callback data is written by the client and can be forged: it only names an action and ids,
 * every handler re-checks rights and state on the server. The leading version lets a changed
 * format refuse old buttons cleanly instead of misreading them.
 *
 * Every button's data is declared once in `callbacks.ts` as a typed action: its prefix, its
 * fields, and from them the pattern a handler listens to, `pack` for keyboards and `read` for
 * handlers. The worst case of every action is checked against Telegram's 64 bytes when it is
 * declared, so a new field that could overflow fails at start-up, not on a villager's phone.
 */
const VERSION = "1";
const MAX_BYTES = 64;

/** One field of an action: how it looks in the data, its longest form in bytes, its value. */
export interface Field<T> {
  readonly source: string;
  readonly maxBytes: number;
  readonly optional: boolean;
  parse(raw: string): T;
  format(value: T): string;
}

/** A database id: a non-negative integer of at most 12 digits. */
export const id: Field<number> = {
  source: "\\d{1,12}",
  maxBytes: 12,
  optional: false,
  parse: Number,
  format: (value) => {
    if (!Number.isSafeInteger(value) || value < 0 || value > 999_999_999_999)
      throw new Error(`callback id out of range: ${value}`);
    return String(value);
  },
};

/** A short token of letters, digits, `_` and `-` (a step name, a language code, a payload). */
export function word(maxLength: number): Field<string> {
  return {
    source: `[\\w-]{1,${maxLength}}`,
    maxBytes: maxLength,
    optional: false,
    parse: (raw) => raw,
    format: (value) => {
      if (!new RegExp(`^[\\w-]{1,${maxLength}}$`).test(value))
        throw new Error(`callback word not allowed: ${value}`);
      return value;
    },
  };
}

/** One of a fixed list of values. */
export function oneOf<const V extends string>(values: readonly V[]): Field<V> {
  return {
    source: values.map((v) => v.replace(/[^\w-]/g, "\\$&")).join("|"),
    maxBytes: Math.max(...values.map((v) => new TextEncoder().encode(v).length)),
    optional: false,
    parse: (raw) => raw as V,
    format: (value) => {
      if (!values.includes(value)) throw new Error(`callback value not allowed: ${value}`);
      return value;
    },
  };
}

/** A field that may be left out; only the last fields of an action may be optional. */
export function optional<T>(field: Field<T>): Field<T | undefined> {
  return {
    source: field.source,
    maxBytes: field.maxBytes,
    optional: true,
    parse: (raw) => field.parse(raw),
    format: (value) => (value === undefined ? "" : field.format(value)),
  };
}

type Fields = Record<string, Field<unknown>>;
type RequiredKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends Field<infer T> ? (undefined extends T ? never : K) : never;
}[keyof F];
type OptionalKeys<F extends Fields> = Exclude<keyof F, RequiredKeys<F>>;
export type Values<F extends Fields> = { [K in RequiredKeys<F>]: F[K] extends Field<infer T> ? T : never } & {
  [K in OptionalKeys<F>]?: F[K] extends Field<infer T> ? T : never;
};

export interface CallbackAction<F extends Fields> {
  readonly feature: string;
  readonly action: string;
  /** What a handler listens to: `composer.callbackQuery(action.pattern, …)`. */
  readonly pattern: RegExp;
  /** The data of one button; an action without required fields is packed with `pack()`. */
  pack(...values: [RequiredKeys<F>] extends [never] ? [Values<F>?] : [Values<F>]): string;
  /** The typed values of a matched pattern (`ctx.match`). */
  read(match: RegExpMatchArray | string): Values<F>;
}

const declared = new Set<string>();

export function callbackAction<F extends Fields = Record<never, never>>(
  feature: string,
  action: string,
  fields: F = {} as F,
): CallbackAction<F> {
  const key = `${feature}|${action}`;
  if (declared.has(key)) throw new Error(`callback action declared twice: ${key}`);
  declared.add(key);
  const entries = Object.entries(fields);
  const firstOptional = entries.findIndex(([, field]) => field.optional);
  if (firstOptional >= 0 && entries.slice(firstOptional).some(([, field]) => !field.optional))
    throw new Error(`callback action ${key}: only the last fields may be optional`);
  const head = [VERSION, feature, action].join("|");
  const worst = entries.reduce(
    (bytes, [, field]) => bytes + 1 + field.maxBytes,
    new TextEncoder().encode(head).length,
  );
  if (worst > MAX_BYTES)
    throw new Error(`callback action ${key} can reach ${worst} bytes, over ${MAX_BYTES}`);
  const source = entries
    .map(([name, field]) =>
      field.optional ? `(?:\\|(?<${name}>${field.source}))?` : `\\|(?<${name}>${field.source})`,
    )
    .join("");
  const pattern = new RegExp(`^${head.replaceAll("|", "\\|")}${source}$`);
  return {
    feature,
    action,
    pattern,
    pack(...[values]) {
      const parts = [head];
      for (const [name, field] of entries) {
        const value = (values as Record<string, unknown> | undefined)?.[name];
        if (value === undefined && field.optional) break;
        parts.push(field.format(value));
      }
      return parts.join("|");
    },
    read(match) {
      const groups = (typeof match === "string" ? match.match(pattern) : match)?.groups ?? {};
      const values: Record<string, unknown> = {};
      for (const [name, field] of entries) {
        const raw = groups[name];
        if (raw !== undefined) values[name] = field.parse(raw);
        else if (!field.optional) throw new Error(`callback data of ${key} lacks ${name}`);
      }
      return values as Values<F>;
    },
  };
}

export function callbackFeature(data: string): string | undefined {
  const [version, feature] = data.split("|");
  return version === VERSION ? feature : undefined;
}
