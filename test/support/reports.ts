import { asc, eq } from "drizzle-orm";
import type { Update, User } from "grammy/types";
import { findDraftFlow } from "../../src/db/repo/reports.js";
import { outbox, reportEvents, reports, staff } from "../../src/db/schema.js";
import { DETAILS_COMPLETE } from "../../src/domain/report-form.js";
import type { ApiCall, Harness } from "./harness.js";
import { location, photo, press, text, voice } from "./updates.js";

export const DETAILS =
  "Two families quarrel over the irrigation ditch every night; the young men threaten a fight.";

export async function grantRole(
  h: Harness,
  userId: number,
  role: "officer" | "moderator",
  municipalityId?: number,
) {
  await h.db
    .insert(staff)
    .values({ userId, role, municipalityId: municipalityId ?? null, grantedBy: 900, createdAt: 0 });
}

export interface ReportChoices {
  category?: string;
  urgency?: string;
  municipalityId?: number;
  /** Text, a location, or nothing (Skip). */
  place?: string | { latitude: number; longitude: number } | null;
  /** Updates sent on the details step; text by default. */
  details?: (who: User) => Update[];
  affected?: string[];
  anonymous?: boolean;
  mayContact?: boolean;
}

/** The id of the person's current draft. */
export async function draftId(h: Harness, who: User): Promise<number> {
  const draft = await findDraftFlow(h.db, who.id);
  if (!draft) throw new Error("no report draft");
  return draft.flow.reportId;
}

/** /report, every step answered as `choices` says, up to the summary; returns the draft id. */
export async function fillReport(h: Harness, who: User, choices: ReportChoices = {}): Promise<number> {
  await h.send(text(who, "/report"));
  const id = await draftId(h, who);
  const place = choices.place === undefined ? "Ak-Jar village, near the school" : choices.place;
  const anonymous = choices.anonymous !== false;
  const details = (choices.details ?? ((w: User) => [text(w, DETAILS)]))(who);
  // A description typed in full moves the form on by itself; anything else waits for Next.
  const typed = details.at(-1)?.message?.text;
  const completes = typed !== undefined && typed.length >= DETAILS_COMPLETE;
  const steps: Update[] = [
    press(who, `1|rf|cat|${id}|${choices.category ?? "resources"}`),
    press(who, `1|rf|urg|${id}|${choices.urgency ?? "recent"}`),
    press(who, `1|rf|mun|${id}|${choices.municipalityId ?? 1}`),
    press(who, `1|rf|anon|${id}|${anonymous ? "y" : "n"}`),
    ...(place === null
      ? [press(who, `1|rf|next|${id}|place`)]
      : typeof place === "string"
        ? [text(who, place)]
        : // An anonymous reporter's pin waits for the choice of the exact point; Next keeps it rounded.
          [
            location(who, place.latitude, place.longitude),
            ...(anonymous ? [press(who, `1|rf|next|${id}|place`)] : []),
          ]),
    ...details,
    ...(completes ? [] : [press(who, `1|rf|next|${id}|details`)]),
    ...(choices.affected ?? []).map((g) => press(who, `1|rf|aff|${id}|${g}`)),
    press(who, `1|rf|next|${id}|affected`),
    press(who, `1|rf|cont|${id}|${choices.mayContact ? "y" : "n"}`),
  ];
  for (const update of steps) {
    // People answer at a human pace; the flood limit must not take them for a script.
    h.advance(1_000);
    await h.send(update);
  }
  return id;
}

/** Fills and sends a report; returns its id. */
export async function sendReport(h: Harness, who: User, choices: ReportChoices = {}): Promise<number> {
  const id = await fillReport(h, who, choices);
  h.advance(1_000);
  await h.send(press(who, `1|rf|send|${id}`));
  return id;
}

export const withVoice = (who: User) => [voice(who, "voice-file-1")];
export const withPhoto = (who: User) => [photo(who, "photo-file-1")];
export const withAll = (who: User) => [
  voice(who, "voice-file-1"),
  photo(who, "photo-file-1"),
  text(who, DETAILS),
];

export async function report(h: Harness, id: number) {
  const [row] = await h.db.select().from(reports).where(eq(reports.id, id));
  return row!;
}

export async function reportHistory(h: Harness, id: number) {
  return h.db.select().from(reportEvents).where(eq(reportEvents.reportId, id)).orderBy(asc(reportEvents.id));
}

export async function outboxRows(h: Harness) {
  return h.db.select().from(outbox).orderBy(asc(outbox.id));
}

export const answers = (calls: ApiCall[]) =>
  calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text as string | undefined);
