/**
 * Addresses the server hands out and later honours without Telegram's init data: signed with
 * HMAC-SHA-256 (Web Crypto: Node and Workers alike) under a key derived from the bot token with a
 * purpose of its own, so that a signature made for one use is worth nothing for another.
 */
export type Purpose = "download" | "workspace";

const encoder = new TextEncoder();

function keyOf(botToken: string, purpose: Purpose) {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(`yntymak-${purpose}:${botToken}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function fromBase64url(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** The signature of `fields` (joined by newlines), base64url. */
export async function sign(botToken: string, purpose: Purpose, fields: readonly (string | number)[]) {
  const signature = await crypto.subtle.sign(
    "HMAC",
    await keyOf(botToken, purpose),
    encoder.encode(fields.join("\n")),
  );
  return base64url(signature);
}

export async function verify(
  botToken: string,
  purpose: Purpose,
  fields: readonly (string | number)[],
  signature: string,
): Promise<boolean> {
  const bytes = fromBase64url(signature);
  if (!bytes || bytes.length === 0) return false;
  return crypto.subtle.verify(
    "HMAC",
    await keyOf(botToken, purpose),
    bytes,
    encoder.encode(fields.join("\n")),
  );
}

/** The query parameter of the workspace's address that carries a pass. */
export const PASS_PARAMETER = "pass";

/**
 * A pass into the staff workspace, written into an "Open workspace" button's address when the bot
 * answers a staff command: `<user id>.<expiry>.<signature>`. Telegram puts the init data in the
 * address's # part, which the browser never sends, so without a pass the first open costs the page
 * and then the view; with one the server can send the list in the page itself. It names a person
 * and lasts as long as init data does (`seconds`, MINI_APP_MAX_AGE_SECONDS), so it grants nothing
 * the init data would not; the person's roles are read again whenever it is used.
 */
export async function workspacePass(botToken: string, userId: number, now: number, seconds: number) {
  const expires = Math.floor(now / 1000) + seconds;
  return `${userId}.${expires}.${await sign(botToken, "workspace", [userId, expires])}`;
}

/** The user id a pass was signed for, or undefined when it is forged, altered or expired. */
export async function passHolder(
  botToken: string,
  pass: string | undefined,
  now: number,
): Promise<number | undefined> {
  const [user, expiry, signature, ...rest] = (pass ?? "").split(".");
  const userId = Number(user);
  const expires = Number(expiry);
  if (rest.length > 0 || !signature || !Number.isSafeInteger(userId) || !Number.isSafeInteger(expires))
    return undefined;
  if (expires < now / 1000) return undefined;
  return (await verify(botToken, "workspace", [userId, expires], signature)) ? userId : undefined;
}
