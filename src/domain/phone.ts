/**
 * A Kyrgyz mobile number as `+996XXXXXXXXX`, from what Telegram or a person gives
 * (`996700123456`, `+996 700 12-34-56`, `0700123456`); undefined for any other country.
 */
export function normalizeKyrgyzPhone(input: string): string | undefined {
  const digits = input.replace(/[\s()-]/g, "").replace(/^\+/, "");
  if (!/^\d+$/.test(digits)) return undefined;
  const national = digits.startsWith("996") ? digits.slice(3) : digits.startsWith("0") ? digits.slice(1) : "";
  return /^\d{9}$/.test(national) ? `+996${national}` : undefined;
}
