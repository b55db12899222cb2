/**
 * A download address Telegram's app can fetch by itself: web_app_request_file_download sends no
 * init data header, so the address names the staff member and an expiry, signed (HMAC-SHA-256,
 * Web Crypto: Node and Workers alike) with a key only the server holds. It grants no more than
 * the init data that asked for it: the server reads the person's roles again when it is used.
 */
export const LINK_SECONDS = 600;

const encoder = new TextEncoder();

/** Derived from the bot token with a purpose of its own, so it signs nothing but these links. */
function keyOf(botToken: string) {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(`yntymak-download:${botToken}`),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

const message = (path: string, userId: number, expires: number) =>
  encoder.encode(`${path}\n${userId}\n${expires}`);

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

/** `path?u=…&e=…&s=…`, valid for LINK_SECONDS from `now`. */
export async function signedLink(botToken: string, path: string, userId: number, now: number) {
  const expires = Math.floor(now / 1000) + LINK_SECONDS;
  const signature = await crypto.subtle.sign("HMAC", await keyOf(botToken), message(path, userId, expires));
  return `${path}?${new URLSearchParams({ u: String(userId), e: String(expires), s: base64url(signature) })}`;
}

/** The user id a link was signed for, or undefined when it is forged, altered or expired. */
export async function signedUser(
  botToken: string,
  path: string,
  query: { u?: string; e?: string; s?: string },
  now: number,
): Promise<number | undefined> {
  const userId = Number(query.u);
  const expires = Number(query.e);
  const signature = fromBase64url(query.s ?? "");
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(expires) || !signature) return undefined;
  if (expires < now / 1000) return undefined;
  const valid = await crypto.subtle.verify(
    "HMAC",
    await keyOf(botToken),
    signature,
    message(path, userId, expires),
  );
  return valid ? userId : undefined;
}
