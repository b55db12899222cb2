import type { Update, User } from "grammy/types";
import type { Db } from "../src/db/database.js";
import { findDraft } from "../src/db/repo/initiatives.js";
import { findDraftFlow } from "../src/db/repo/reports.js";
import { standardAnswers } from "../test/support/initiatives.js";
import { DETAILS } from "../test/support/reports.js";
import { person, press, text } from "../test/support/updates.js";

/** Sends one update to the bot under test and waits until it is handled. */
export type Send = (update: Update) => Promise<void>;

export const LOCALES = ["ky", "ru", "en"] as const;
export const MUNICIPALITIES = 8;

/** Generated residents: languages and the eight pilot municipalities in turn. */
export function generatedPeople(count: number, firstId = 5_000_000): User[] {
  return Array.from({ length: count }, (_, i) => person(firstId + i, LOCALES[i % LOCALES.length]));
}

export function municipalityOf(who: User): number {
  return (who.id % MUNICIPALITIES) + 1;
}

function localeOf(who: User): string {
  return who.language_code ?? "ky";
}

/** Up to the profile conversation's first question: one flow in the middle, held in SQLite. */
export async function startOnboarding(who: User, send: Send) {
  const locale = localeOf(who);
  await send(text(who, "/start"));
  await send(press(who, `1|ob|lang|${locale}`));
  await send(press(who, `1|ob|ok|${locale}`));
}

export async function onboarding(who: User, send: Send) {
  await startOnboarding(who, send);
  await send(press(who, `1|ob|mun|${municipalityOf(who)}`));
  await send(press(who, "1|ob|gender|skip"));
  await send(press(who, "1|ob|age|skip"));
}

/** /propose up to the first text question (place): a draft row in the middle of the form. */
export async function startProposal(who: User, send: Send, db: Db): Promise<number> {
  await send(text(who, "/propose"));
  const draft = await findDraft(db, who.id);
  if (!draft) throw new Error(`no draft for ${who.id}`);
  await send(press(who, `1|ini|ans|${draft.id}|municipality|${municipalityOf(who)}`));
  return draft.id;
}

export async function proposal(who: User, send: Send, db: Db) {
  const id = await startProposal(who, send, db);
  for (const { step, update } of standardAnswers(who)) if (step !== "municipality") await send(update(id));
  await send(press(who, `1|ini|submit|${id}`));
}

export async function startReport(who: User, send: Send, db: Db): Promise<number> {
  await send(text(who, "/report"));
  const draft = await findDraftFlow(db, who.id);
  if (!draft) throw new Error(`no report draft for ${who.id}`);
  await send(press(who, `1|rf|cat|${draft.flow.reportId}|resources`));
  return draft.flow.reportId;
}

export async function report(who: User, send: Send, db: Db) {
  const id = await startReport(who, send, db);
  for (const update of [
    press(who, `1|rf|urg|${id}|recent`),
    press(who, `1|rf|mun|${id}|${municipalityOf(who)}`),
    press(who, `1|rf|anon|${id}|y`),
    text(who, "Ak-Jar village, near the school"),
    text(who, DETAILS),
    press(who, `1|rf|next|${id}|details`),
    press(who, `1|rf|next|${id}|affected`),
    press(who, `1|rf|cont|${id}|n`),
    press(who, `1|rf|send|${id}`),
  ])
    await send(update);
}

/** /vote, then a vote for each of `initiativeIds` on the ballot. */
export async function voting(who: User, send: Send, roundId: number, initiativeIds: number[]) {
  await send(text(who, "/vote"));
  for (const id of initiativeIds) await send(press(who, `1|vote|t|${roundId}|${id}`));
}

/** Names an update by its command or button, numbers and languages left out. */
export function labeller() {
  const flowOf = new Map<number, string>();
  const answers = new Map<number, number>();
  return (update: Update): string => {
    const data = update.callback_query?.data;
    if (data !== undefined)
      return data
        .split("|")
        .slice(1)
        .map((part) => (/^-?\d+$/.test(part) ? "#" : /^(ky|ru|en)$/.test(part) ? "<lang>" : part))
        .join("|");
    const message = update.message!;
    const who = message.from.id;
    if (message.text?.startsWith("/")) {
      const command = message.text.split(" ")[0]!;
      flowOf.set(who, command);
      answers.set(who, 0);
      return command;
    }
    const n = (answers.get(who) ?? 0) + 1;
    answers.set(who, n);
    const kind = message.text !== undefined ? "text" : message.contact ? "contact" : "photo";
    return `${flowOf.get(who) ?? ""} ${kind} answer ${n}`;
  };
}

/**
 * Runs `flow` for every person with at most `concurrency` people at once; one person's updates go
 * one after another, as a person waits for the answer before the next step.
 */
export async function crowd<T>(people: T[], concurrency: number, flow: (who: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < people.length) await flow(people[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, people.length) }, worker));
}
