export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Fields that hold a Telegram chat or user id: logged only as a keyed hash. */
const TELEGRAM_ID_FIELD = /(chat|user|actor|from|reporter|author|voter|member|telegram)Id$/i;

/**
 * One JSON object per line, so that journald, Docker and Workers logs can be searched by field.
 * Secrets handed in `redact` are masked wherever they appear, including error messages. A Telegram
 * id in a field named like `chatId` is written as `hashId(id)` (a keyed hash: lines of one person
 * can be followed, the person cannot be named), or as `[id]` when no hash is given.
 */
export function createLogger(
  level: LogLevel,
  options: { redact?: string[]; write?: (line: string) => void; hashId?: (id: number) => string } = {},
): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const secrets = (options.redact ?? []).filter((s) => s.length > 0);
  const mask = (text: string) => secrets.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
  const hashId = options.hashId ?? (() => "[id]");
  const log =
    (at: LogLevel) =>
    (message: string, fields: Fields = {}) => {
      if (rank[at] < rank[level]) return;
      const entry = { time: new Date().toISOString(), level: at, message, ...fields };
      write(
        mask(
          JSON.stringify(entry, (key, value) => {
            if (value instanceof Error) return serializeError(value);
            if (TELEGRAM_ID_FIELD.test(key) && (typeof value === "number" || typeof value === "string"))
              return hashId(Number(value));
            return value;
          }),
        ),
      );
    };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

/** Query parameters can hold people's ids or text, so they never reach the logs. */
function withoutQueryParams(text: string | undefined) {
  return text?.replace(/\nparams: .*/g, "\nparams: [not logged]");
}

function serializeError(error: Error): Record<string, unknown> {
  return {
    name: error.name,
    message: withoutQueryParams(error.message),
    stack: withoutQueryParams(error.stack),
    ...(error.cause instanceof Error ? { cause: serializeError(error.cause) } : {}),
  };
}
