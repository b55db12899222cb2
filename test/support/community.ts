import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { createRoundDraft, findRound, scheduleRound, updateRoundDraft } from "../../src/db/repo/rounds.js";
import {
  initiativeAttachments,
  initiatives,
  intake,
  processedUpdates,
  reportReporters,
  reports,
  users,
  votes,
} from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openSqlite, type SqliteDatabase } from "../../src/db/sqlite.js";
import type { Locale } from "../../src/i18n/index.js";
import { advanceRounds } from "../../src/jobs/rounds.js";
import { PROBLEM, SOLUTION, TITLE } from "./initiatives.js";
import { type Goal, type PersonPlan, REPORT_ANSWERS } from "./person.js";
import { HOUR } from "./rounds.js";

export const VOTES_PER_VOTER = 2;
const AUTHOR_OF_APPROVED = 700;

/** A small seeded generator (mulberry32), so that a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * People of a community: a third propose an initiative, a third report a conflict, a third vote
 * (every other voter reports afterwards). Mostly English, some Russian and Kyrgyz.
 */
function communityPlans(count: number, random: () => number, roundInitiatives: number[]): PersonPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const role = i % 3;
    const goals: Goal[] = ["onboard", role === 0 ? "propose" : role === 1 ? "report" : "vote"];
    if (role === 2 && i % 2 === 0) goals.push("report");
    const locale: Locale = i % 7 === 3 ? "ru" : i % 7 === 5 ? "ky" : "en";
    const howMany = 1 + Math.floor(random() * VOTES_PER_VOTER);
    const votesFor = [...roundInitiatives].sort(() => random() - 0.5).slice(0, howMany);
    return {
      id: 1_000 + i,
      locale,
      // Voters live where the round is.
      municipalityId: role === 2 ? 1 : 1 + Math.floor(random() * 8),
      gender: pick(random, ["woman", "man", "undisclosed", "skip"] as const),
      age: pick(random, ["under18", "18-28", "29-35", "36-55", "56plus", "undisclosed", "skip"] as const),
      goals,
      ...(role === 2 ? { votesFor } : {}),
    };
  });
}

/** The database before the program's first start: approved initiatives and an open round. */
async function prepareDatabase(path: string, now: number): Promise<{ roundInitiatives: number[] }> {
  const database = openSqlite(path);
  try {
    await seedMunicipalities(database.db);
    await database.db
      .insert(users)
      .values({ id: AUTHOR_OF_APPROVED, locale: "ky", municipalityId: 1, consentAt: now, onboardedAt: now });
    const ids: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const [row] = await database.db
        .insert(initiatives)
        .values({
          authorId: AUTHOR_OF_APPROVED,
          municipalityId: 1,
          status: "approved",
          refYear: 2026,
          refSeq: 900 + n,
          title: `Approved initiative ${n}`,
          updatedAt: now,
          submittedAt: now,
          decidedAt: now,
        })
        .returning();
      ids.push(row!.id);
    }
    const draft = await createRoundDraft(database.db, {
      municipalityId: 1,
      createdBy: AUTHOR_OF_APPROVED,
      now,
    });
    await updateRoundDraft(database.db, draft.id, {
      title: "Budget 2027",
      opensAt: now,
      closesAt: now + 48 * HOUR,
      votesPerVoter: VOTES_PER_VOTER,
      requirePhone: false,
    });
    await scheduleRound(database, (await findRound(database.db, draft.id))!, AUTHOR_OF_APPROVED, now);
    await advanceRounds({ database, config: { defaultLocale: "ky" } }, now);
    return { roundInitiatives: ids };
  } finally {
    database.close();
  }
}

/** Reads the file once the program stopped, and checks that each person got exactly what they wanted. */
export async function expectEveryoneServed(path: string, plans: PersonPlan[], context: string) {
  const database = openSqlite(path);
  try {
    for (const plan of plans) await expectServed(database, plan, context);
  } finally {
    database.close();
  }
}

async function expectServed({ db }: SqliteDatabase, plan: PersonPlan, context: string) {
  const who = `${context}, person ${plan.id}`;
  const [user] = await db.select().from(users).where(eq(users.id, plan.id));
  expect(user, who).toMatchObject({
    locale: plan.locale,
    municipalityId: plan.municipalityId,
    gender: plan.gender === "skip" ? null : plan.gender,
    ageBand: plan.age === "skip" ? null : plan.age,
  });
  expect(user!.onboardedAt, who).not.toBeNull();

  const authored = await db.select().from(initiatives).where(eq(initiatives.authorId, plan.id));
  if (!plan.goals.includes("propose")) expect(authored, who).toEqual([]);
  else {
    expect(authored, who).toHaveLength(1);
    // The form takes the municipality from the person's profile.
    expect(authored[0], who).toMatchObject({ ...SUBMITTED_INITIATIVE, municipalityId: plan.municipalityId });
    const attachments = await db
      .select()
      .from(initiativeAttachments)
      .where(eq(initiativeAttachments.initiativeId, authored[0]!.id));
    expect(
      attachments.map((a) => a.kind),
      who,
    ).toEqual(["photo"]);
  }

  const reported = await db
    .select({ report: reports })
    .from(reports)
    .innerJoin(reportReporters, eq(reportReporters.reportId, reports.id))
    .where(eq(reportReporters.userId, plan.id));
  const sent = reported.map((r) => r.report).filter((r) => r.status !== "draft");
  if (!plan.goals.includes("report")) expect(sent, who).toEqual([]);
  else {
    expect(sent, who).toHaveLength(1);
    expect(sent[0], who).toMatchObject({ ...SENT_REPORT, municipalityId: plan.municipalityId });
  }

  const cast = await db.select().from(votes).where(eq(votes.voterId, plan.id));
  const chosen = cast.map((v) => v.initiativeId).sort();
  expect(chosen, `${who}: votes`).toEqual([...(plan.votesFor ?? [])].sort());
  expect(new Set(chosen).size, `${who}: one vote per initiative`).toBe(chosen.length);
  expect(chosen.length, `${who}: votes per voter`).toBeLessThanOrEqual(VOTES_PER_VOTER);
}

/** standardAnswers, as stored: a typed answer applied to another step would show here. */
const SUBMITTED_INITIATIVE = {
  status: "submitted",
  placeText: "Ak-Jar village",
  title: TITLE,
  problem: PROBLEM,
  solution: SOLUTION,
  kind: "cofinancing",
  beneficiaries: "Families of Manas street",
  beneficiaryCount: 350,
  womenCount: 180,
  youthCount: null,
  cost: 45_000,
  contributionMoney: 5_000,
  contributionInKind: null,
  timelineMonths: 3,
  groupSize: 12,
  groupWomen: 7,
  groupYouth: 5,
};

const SENT_REPORT = {
  status: "new",
  category: REPORT_ANSWERS.category,
  urgency: REPORT_ANSWERS.urgency,
  placeText: REPORT_ANSWERS.place,
  text: REPORT_ANSWERS.details,
  affected: [REPORT_ANSWERS.affected],
  anonymous: true,
  mayContact: false,
};

/**
 * Every update the program started handling, and whether it is done with it, read while it is
 * down: an update leaves the intake at its first write, so one still there changed nothing yet.
 */
export async function claimedUpdates(path: string): Promise<{ updateId: number; finished: boolean }[]> {
  const database = openSqlite(path);
  try {
    const rows = await database.db.select().from(processedUpdates);
    const kept = new Set((await database.db.select().from(intake)).map((r) => r.updateId));
    return rows.map((r) => ({ updateId: r.updateId, finished: !kept.has(r.updateId) }));
  } finally {
    database.close();
  }
}

/** A fresh SQLite file prepared for `count` simulated people, and what each of them will do. */
export async function freshCommunity(name: string, count: number, random: () => number) {
  const path = join(mkdtempSync(join(tmpdir(), `yntymak-${name}-`)), "bot.sqlite");
  const { roundInitiatives } = await prepareDatabase(path, Date.now());
  return { path, plans: communityPlans(count, random, roundInitiatives) };
}
