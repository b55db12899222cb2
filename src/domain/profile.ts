export const GENDERS = ["woman", "man", "undisclosed"] as const;
export type Gender = (typeof GENDERS)[number];

/** Bands keep the youth boundary of Kyrgyz youth policy (14-28) intact. */
export const AGE_BANDS = ["under18", "18-28", "29-35", "36-55", "56plus", "undisclosed"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const isGender = (v: string): v is Gender => (GENDERS as readonly string[]).includes(v);
export const isAgeBand = (v: string): v is AgeBand => (AGE_BANDS as readonly string[]).includes(v);

/** Youth as counted in official statistics: the bands that lie within 14-28. */
export const isYouth = (band: AgeBand | null | undefined) => band === "under18" || band === "18-28";
