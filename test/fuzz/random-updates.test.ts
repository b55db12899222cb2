import { eq, inArray, ne } from "drizzle-orm";
import fc from "fast-check";
import type { Update, User } from "grammy/types";
import { describe, expect, it } from "vitest";
import {
  initiativeEvents,
  initiatives,
  invites,
  reportEvents,
  reports,
  rounds,
  staff,
  users,
  votes,
} from "../../src/db/schema.js";
import { buttons, createHarness, type Harness, onboard, texts } from "../support/harness.js";
import { fillDraft, submitInitiative } from "../support/initiatives.js";
import { grantRole, sendReport } from "../support/reports.js";
import { openRoundNow } from "../support/rounds.js";
import {
  blockedBot,
  contact,
  document,
  editedText,
  groupChat,
  location,
  person,
  photo,
  press,
  sticker,
  text,
  unblockedBot,
  voice,
} from "../support/updates.js";

const CITIZENS = [person(9501, "ky"), person(9502, "ru"), person(9503, "en"), person(9504, "ky")];
const OFFICER = person(9510, "ru");
const MODERATOR = person(9511, "en");
const ADMIN = person(900, "en");
const PEOPLE = [...CITIZENS, OFFICER, MODERATOR, ADMIN];
const COMMANDS = [
  "/start",
  "/menu",
  "/propose",
  "/my",
  "/initiatives",
  "/report",
  "/myreports",
  "/clear",
  "/cancel",
  "/help",
  "/language",
  "/municipality",
  "/privacy",
  "/queue",
  "/reports",
  "/admin",
  "/failures",
  "/forget",
  "/muni_disable kurama",
  "/muni_budget balykchy 100",
  "/start inv-guess",
  "/vote",
  "/results",
];

const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom(
    "<b>x</b></a>",
    "'; DROP TABLE users; --",
    "\u202eevil\u202c",
    "zero\u200bwidth\u200d",
    "مرحبا بالعالم",
    "🙂".repeat(3000),
    "x".repeat(5000),
    "12 000 сом",
    "0",
    "-5",
    "31.12.2027",
    "Кара-Суу айылы",
  ),
);

/** What one person does next; `pick` chooses among buttons the bot has shown to anyone so far. */
type Action =
  | { kind: "text"; who: number; body: string }
  | { kind: "command"; who: number; command: string }
  | {
      kind: "media";
      who: number;
      media: "sticker" | "photo" | "voice" | "document" | "location" | "contact" | "foreignContact";
    }
  | { kind: "pressSeen"; who: number; pick: number }
  | { kind: "pressMutated"; who: number; pick: number; id: number }
  | { kind: "pressRandom"; who: number; data: string }
  | { kind: "other"; who: number; update: "edited" | "blocked" | "unblocked" | "group" | "channel" };

const who = fc.integer({ min: 0, max: PEOPLE.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("text" as const), who, body: nastyText }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("command" as const),
      who,
      command: fc.constantFrom(...COMMANDS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("media" as const),
      who,
      media: fc.constantFrom(
        "sticker",
        "photo",
        "voice",
        "document",
        "location",
        "contact",
        "foreignContact",
      ),
    }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("pressSeen" as const), who, pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("pressMutated" as const),
      who,
      pick: fc.nat(),
      id: fc.integer({ min: 0, max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("pressRandom" as const),
      who,
      data: fc.string({ maxLength: 64 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("other" as const),
      who,
      update: fc.constantFrom("edited", "blocked", "unblocked", "group", "channel"),
    }),
  },
);

function toUpdate(a: Action, seen: string[]): Update {
  const from: User = PEOPLE[a.who]!;
  switch (a.kind) {
    case "text":
      return text(from, a.body);
    case "command":
      return text(from, a.command);
    case "media":
      if (a.media === "sticker") return sticker(from);
      if (a.media === "photo") return photo(from);
      if (a.media === "voice") return voice(from);
      if (a.media === "document") return document(from);
      if (a.media === "location") return location(from, 42.87, 74.59);
      return a.media === "contact" ? contact(from, "+996700123456") : contact(from, "+996555000111", 424242);
    case "pressSeen":
      return press(from, seen.length ? seen[a.pick % seen.length]! : "1|menu|show");
    case "pressMutated":
      return press(
        from,
        (seen[a.pick % Math.max(seen.length, 1)] ?? "1|adm|rv|1").replace(/\d+/g, String(a.id)),
      );
    case "pressRandom":
      return press(from, a.data);
    case "other":
      if (a.update === "edited") return editedText(from, "edited");
      if (a.update === "blocked") return blockedBot(from);
      if (a.update === "unblocked") return unblockedBot(from);
      if (a.update === "group") return text(from, "/start", groupChat());
      return {
        update_id: 7_000_000 + a.who,
        channel_post: {
          message_id: 1,
          date: 0,
          chat: { id: -1001, type: "channel", title: "News" },
          text: "post",
        },
      } as Update;
  }
}

async function world(): Promise<Harness> {
  const h = await createHarness();
  for (const [i, citizen] of CITIZENS.entries()) await onboard(h, citizen, (i % 3) + 1);
  await onboard(h, OFFICER, 1);
  await onboard(h, MODERATOR, 2);
  await grantRole(h, OFFICER.id, "officer", 1);
  await grantRole(h, MODERATOR.id, "moderator");
  // Something to act on from the start: an initiative awaiting review, a report, a half-filled draft.
  await submitInitiative(h, CITIZENS[0]!);
  await sendReport(h, CITIZENS[1]!, { municipalityId: 1, mayContact: true });
  await fillDraft(h, CITIZENS[2]!);
  // An open round in municipality 1 with one vote each, so that forged and repeated vote
  // presses meet a limit and a municipality to respect.
  for (let i = 0; i < 2; i++) {
    const id = await submitInitiative(h, CITIZENS[3]!);
    await h.send(press(MODERATOR, `1|mod|ok|${id}|1`));
  }
  await openRoundNow(h, OFFICER.id, { votesPerVoter: 1 });
  h.take();
  return h;
}

/** Invariants that must hold whatever people do. */
async function checkInvariants(h: Harness, errors: unknown[]) {
  expect(errors).toEqual([]);
  const submitted = await h.db.select().from(initiatives).where(ne(initiatives.status, "draft"));
  for (const i of submitted) {
    expect(
      i.title && i.problem && i.solution && i.kind && i.cost && i.refSeq,
      `initiative ${i.id}`,
    ).toBeTruthy();
  }
  const sent = await h.db.select().from(reports).where(ne(reports.status, "draft"));
  for (const r of sent) {
    expect(r.category && r.urgency && r.municipalityId && r.refSeq, `report ${r.id}`).toBeTruthy();
    expect(r.text || r.voiceFileId || r.photoFileId, `report ${r.id} details`).toBeTruthy();
  }
  // Nobody but the author or staff ever changed an initiative.
  const staffIds = new Set([OFFICER.id, MODERATOR.id, ADMIN.id]);
  const authors = new Map(submitted.map((i) => [i.id, i.authorId]));
  const events = submitted.length
    ? await h.db
        .select()
        .from(initiativeEvents)
        .where(inArray(initiativeEvents.initiativeId, [...authors.keys()]))
    : [];
  for (const e of events) {
    if (e.actorId !== null && !staffIds.has(e.actorId)) expect(e.actorId).toBe(authors.get(e.initiativeId));
  }
  for (const e of await h.db.select().from(reportEvents)) {
    if (e.actorId !== null) expect(staffIds.has(e.actorId), `report event by ${e.actorId}`).toBe(true);
  }
  // Nobody above the round's votes, nobody voting outside their municipality.
  const [round] = await h.db.select().from(rounds);
  const cast = await h.db
    .select({ voterId: votes.voterId, municipalityId: users.municipalityId })
    .from(votes)
    .innerJoin(users, eq(users.id, votes.voterId));
  const perVoter = new Map<number, number>();
  for (const vote of cast) {
    perVoter.set(vote.voterId, (perVoter.get(vote.voterId) ?? 0) + 1);
    expect(vote.municipalityId, `vote by ${vote.voterId}`).toBe(round!.municipalityId);
  }
  for (const [voter, n] of perVoter) expect(n, `votes of ${voter}`).toBeLessThanOrEqual(round!.votesPerVoter);
  // Roles come only from redeemed invites (the two granted by the test set-up aside).
  const grants = await h.db.select().from(staff);
  const redeemed = (await h.db.select().from(invites)).filter((i) => i.usedBy !== null).length;
  expect(grants.length).toBeLessThanOrEqual(2 + redeemed);
}

describe("random updates from many people", () => {
  it("never crash the bot, break an invariant, or let one person change another's things", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 60 }), async (actions) => {
        const h = await world();
        const errors: unknown[] = [];
        h.deps.logger = { ...h.deps.logger, error: (message, fields) => errors.push({ message, fields }) };
        const seen: string[] = [];
        // Staff look at their queues first, so their buttons are in reach of everyone's forged presses.
        for (const [viewer, command] of [
          [MODERATOR, "/queue"],
          [OFFICER, "/reports"],
          [ADMIN, "/admin"],
          [CITIZENS[0]!, "/vote"],
        ] as const) {
          await h.send(text(viewer, command));
        }
        for (const call of h.take())
          for (const b of buttons(call)) if (!b.data.startsWith("http")) seen.push(b.data);
        for (const a of actions) {
          await h.send(toUpdate(a, seen));
          for (const call of h.take())
            for (const b of buttons(call)) if (!b.data.startsWith("http")) seen.push(b.data);
        }
        await checkInvariants(h, errors);
        // Still answering: a newcomer gets the language choice.
        await h.send(text(person(9599, "ru"), "/start"));
        expect(texts(h.take())).toHaveLength(1);
      }),
      { numRuns: 30 },
    );
  }, 240_000);
});
