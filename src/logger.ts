export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON object per line, so that journald, Docker and Workers logs can be searched by field.
 * Secrets handed in `redact` are masked wherever they appear, including error messages.
 */
export function createLogger(
  level: LogLevel,
  options: { redact?: string[]; write?: (line: string) => void } = {},
): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const secrets = (options.redact ?? []).filter((s) => s.length > 0);
  const mask = (text: string) => secrets.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
  const log =
    (at: LogLevel) =>
    (message: string, fields: Fields = {}) => {
      if (rank[at] < rank[level]) return;
      const entry = { time: new Date().toISOString(), level: at, message, ...fields };
      write(
        mask(
          JSON.stringify(entry, (_key, value) => (value instanceof Error ? serializeError(value) : value)),
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
