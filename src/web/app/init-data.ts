import { validate } from "@telegram-apps/init-data-node/web";

/** Who opened the Mini App, as Telegram signed it. */
export interface SignedIn {
  userId: number;
  /** The Telegram app's language, used only when the person has none stored with the bot. */
  languageCode: string | undefined;
  /** As Telegram shows them, for the moderators' group's record of a decision. */
  firstName: string;
}

/**
 * The person behind `initData`, or undefined for missing, unsigned, tampered or stale data.
 * The signature is checked with the Web Crypto variant (the same code on Node and Workers); the
 * age against the injected clock, so that "older than the setting" means the app's own time.
 */
export async function signedInFrom(
  initData: string | undefined,
  options: { botToken: string; maxAgeSeconds: number; now: number },
): Promise<SignedIn | undefined> {
  if (!initData) return undefined;
  try {
    await validate(initData, options.botToken, { expiresIn: 0 });
  } catch {
    return undefined;
  }
  const params = new URLSearchParams(initData);
  const authDate = Number(params.get("auth_date"));
  const age = options.now / 1000 - authDate;
  if (!Number.isFinite(age) || age > options.maxAgeSeconds) return undefined;
  try {
    const user = JSON.parse(params.get("user") ?? "null") as {
      id?: unknown;
      language_code?: unknown;
      first_name?: unknown;
    } | null;
    if (typeof user?.id !== "number" || !Number.isSafeInteger(user.id)) return undefined;
    return {
      userId: user.id,
      languageCode: typeof user.language_code === "string" ? user.language_code : undefined,
      firstName: typeof user.first_name === "string" ? user.first_name : String(user.id),
    };
  } catch {
    return undefined;
  }
}
