/**
 * Callback data is written by the client and can be forged: it only names an action and ids,
 * every handler re-checks rights and state on the server. The leading version lets a changed
 * format refuse old buttons cleanly instead of misreading them.
 */
const VERSION = "1";
const MAX_BYTES = 64;

export function callbackData(feature: string, action: string, ...args: (string | number)[]): string {
  const data = [VERSION, feature, action, ...args].join("|");
  if (new TextEncoder().encode(data).length > MAX_BYTES)
    throw new Error(`callback data over ${MAX_BYTES} bytes: ${data}`);
  return data;
}

/** A pattern for one action; `args` are regex sources for the arguments, captured in order. */
export function callbackPattern(feature: string, action: string, ...args: string[]): RegExp {
  return new RegExp(`^${[VERSION, feature, action, ...args.map((a) => `(${a})`)].join("\\|")}$`);
}

export function callbackFeature(data: string): string | undefined {
  const [version, feature] = data.split("|");
  return version === VERSION ? feature : undefined;
}
