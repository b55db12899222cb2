import { createHmac } from "node:crypto";
import { chromium } from "playwright-core";
import { createWebApp } from "../../src/server.js";
import { PASS_PARAMETER, workspacePass } from "../../src/staff/signature.js";
import { createHarness, type Harness, onboard, TOKEN } from "./harness.js";
import { grantRole, sendReport } from "./reports.js";
import { groupChat, person, text } from "./updates.js";

/**
 * Init data as Telegram signs it for a Mini App (core.telegram.org/bots/webapps, "Validating data
 * received via the Mini App"), written here by hand so that the library under test is not also
 * the one making the test's data.
 */
export function signedInitData(
  user: { id: number; language_code?: string; first_name?: string },
  authDateMs: number,
  token = TOKEN,
): string {
  const fields: Record<string, string> = {
    auth_date: String(Math.floor(authDateMs / 1000)),
    query_id: "AAHdF6IQAAAAAN0XohDhrOrc",
    user: JSON.stringify({ first_name: "Staff", ...user }),
  };
  const checkString = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  const hash = createHmac("sha256", secret).update(checkString).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

export const OFFICERS_GROUP = -100_777;

/**
 * Municipality 1 (Balykchy) with an officer (ky), its officers' group, and three reports from one
 * reporter (ru): an urgent one about resources, a recent family one, a youth one; municipality 2
 * has an officer and a report of its own. The web app is the one `npm start` serves.
 */
export async function workspace(h?: Harness) {
  const harness = h ?? (await createHarness());
  const reporter = person(8500, "ru");
  const officer = person(8501, "ky");
  const elsewhere = person(8502, "ky");
  const citizen = person(8503, "ky");
  for (const who of [reporter, officer, elsewhere, citizen]) await onboard(harness, who);
  await onboard(harness, person(8504, "ky"), 2);
  await grantRole(harness, officer.id, "officer", 1);
  await grantRole(harness, elsewhere.id, "officer", 2);
  await harness.send(text(person(900, "en"), "/officers_here balykchy", groupChat(OFFICERS_GROUP)));
  const urgent = await sendReport(harness, reporter, {
    urgency: "danger",
    category: "resources",
    mayContact: true,
  });
  const family = await sendReport(harness, reporter, { urgency: "recent", category: "family" });
  const youth = await sendReport(harness, reporter, { urgency: "tension", category: "youth" });
  const other = await sendReport(harness, person(8504, "ky"), { municipalityId: 2 });
  // The new-report cards are out before the workspace is opened.
  await harness.dispatch();
  harness.take();
  const app = createWebApp(undefined, harness.deps);
  const initDataOf = (who: { id: number; language_code?: string }, ageMs = 0) =>
    signedInitData(who, harness.deps.now() - ageMs);
  /** The address an "Open workspace" button of the bot carries, made `ageMs` ago. */
  const passAddressOf = async (who: { id: number }, ageMs = 0) =>
    `/app?${PASS_PARAMETER}=${await workspacePass(TOKEN, who.id, harness.deps.now() - ageMs, harness.deps.config.miniAppMaxAgeSeconds)}`;
  return {
    h: harness,
    app,
    reporter,
    officer,
    elsewhere,
    citizen,
    reports: { urgent, family, youth, other },
    initDataOf,
    passAddressOf,
  };
}

/** Debian's Chromium at a cheap phone's screen size, with a fresh profile (nothing cached). */
export function phoneChromium(profile: string) {
  return chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    viewport: { width: 360, height: 740 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
}
