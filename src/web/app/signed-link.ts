import { sign, verify } from "../../staff/signature.js";

/**
 * A download address Telegram's app can fetch by itself: web_app_request_file_download sends no
 * init data header, so the address names the staff member and an expiry, signed with a key only
 * the server holds. It grants no more than the init data that asked for it: the server reads the
 * person's roles again when it is used.
 */
export const LINK_SECONDS = 600;

/** `path?u=…&e=…&s=…`, valid for LINK_SECONDS from `now`. */
export async function signedLink(botToken: string, path: string, userId: number, now: number) {
  const expires = Math.floor(now / 1000) + LINK_SECONDS;
  const signature = await sign(botToken, "download", [path, userId, expires]);
  return `${path}?${new URLSearchParams({ u: String(userId), e: String(expires), s: signature })}`;
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
  if (!Number.isSafeInteger(userId) || !Number.isSafeInteger(expires) || !query.s) return undefined;
  if (expires < now / 1000) return undefined;
  return (await verify(botToken, "download", [path, userId, expires], query.s)) ? userId : undefined;
}
