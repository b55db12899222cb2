import { setTimeout as sleep } from "node:timers/promises";
import type { Update, User } from "grammy/types";
import { type Locale, type Translate, translator } from "../../src/i18n/index.js";
import { chatIdOf, type FakeBotApi, type RecordedCall } from "./fake-bot-api.js";
import { standardAnswers } from "./initiatives.js";
import { DETAILS } from "./reports.js";
import { contact, person, photo, press, text } from "./updates.js";

export type Goal = "onboard" | "propose" | "report" | "vote";

export interface PersonPlan {
  id: number;
  locale: Locale;
  municipalityId: number;
  gender: "woman" | "man" | "undisclosed" | "skip";
  age: "under18" | "18-28" | "29-35" | "36-55" | "56plus" | "undisclosed" | "skip";
  /** In order; onboarding comes first for everyone. */
  goals: Goal[];
  /** The initiatives this person means to vote for, when one goal is "vote". */
  votesFor?: number[];
}

/** What a person answers in the report form. */
export const REPORT_ANSWERS = {
  category: "resources",
  urgency: "recent",
  place: "Ak-Jar village, near the school",
  details: DETAILS,
  affected: "women",
  anonymous: "y",
  mayContact: "n",
} as const;

/** What the person sees: one message of the bot (or a button's alert), as it last looked. */
interface Screen {
  text: string;
  buttons: { text: string; data: string }[];
  messageId: number;
}

type Step = { kind: "act"; update: Update } | { kind: "done" } | { kind: "wait" };

export interface PersonOptions {
  /** How long they wait for an answer before they try again; it doubles while nothing comes. */
  patienceMs?: number;
  /** Reading and thinking before each answer, at most. */
  thinkMs?: number;
  random?: () => number;
}

const COMMANDS: Record<Goal, string> = {
  onboard: "/start",
  propose: "/propose",
  report: "/report",
  vote: "/vote",
};
const INITIATIVE_REFERENCE = /I-\d{4}-\d+/;
const REPORT_REFERENCE = /R-\d{4}-\d+/;
/** Bot replies to one update follow each other within milliseconds; a pause means the bot is done. */
const QUIET_MS = 300;
const POLL_MS = 50;

/**
 * Someone using the bot like a human: they read the latest thing the bot showed in their chat
 * (as the fake Bot API recorded it), answer it according to what they want, and when no answer
 * comes they try again: press the same Send again, check their list, or send the command of what
 * they are doing. They never see the database.
 */
export class Person {
  readonly user: User;
  readonly goalsDone: Goal[] = [];
  /** Every time they had to try again, with what they were doing. */
  readonly retries: string[] = [];
  readonly log: string[] = [];
  private cursor = 0;
  private readonly screens = new Map<number, Screen>();
  private readonly fresh: Screen[] = [];
  private readonly myQueries = new Set<string>();
  private readonly t: Translate;
  private lastPress: { data: string; messageId: number } | undefined;
  /** They pressed Submit or Send and have not seen it confirmed. */
  private unconfirmed: "propose" | "report" | undefined;
  private checkingList = false;

  constructor(
    private readonly api: FakeBotApi,
    readonly plan: PersonPlan,
    private readonly options: PersonOptions = {},
  ) {
    this.user = person(plan.id, plan.locale, `Person ${plan.id}`);
    this.t = translator(plan.locale);
    this.cursor = api.calls.length;
  }

  get goal(): Goal | undefined {
    return this.plan.goals[this.goalsDone.length];
  }

  /** Goes through every goal; rejects with the person's log if `deadline` (Date.now()) passes first. */
  async live(deadline: number): Promise<void> {
    await this.send(text(this.user, COMMANDS[this.goal!]));
    let patience = this.options.patienceMs ?? 4_000;
    let waitingSince = Date.now();
    while (this.goal) {
      if (Date.now() > deadline) throw new Error(`person ${this.plan.id} ran out of time:\n${this.story()}`);
      const screen = await this.latestFreshScreen();
      const step = screen ? this.respond(screen) : { kind: "wait" as const };
      if (step.kind === "act") {
        await this.think();
        await this.send(step.update);
      } else if (step.kind === "done") {
        this.finishGoal();
        if (this.goal) await this.send(text(this.user, COMMANDS[this.goal]));
      } else if (Date.now() - waitingSince < patience) {
        continue;
      } else {
        await this.tryAgain();
        patience = Math.min(patience * 2, 30_000);
        waitingSince = Date.now();
        continue;
      }
      patience = this.options.patienceMs ?? 4_000;
      waitingSince = Date.now();
    }
  }

  story(): string {
    return this.log.slice(-40).join("\n");
  }

  private finishGoal() {
    this.log.push(`done: ${this.goal}`);
    this.goalsDone.push(this.goal!);
    this.unconfirmed = undefined;
    this.checkingList = false;
  }

  private async send(update: Update) {
    if (update.callback_query) {
      this.myQueries.add(update.callback_query.id);
      this.lastPress = {
        data: update.callback_query.data!,
        messageId: update.callback_query.message!.message_id,
      };
    } else {
      this.lastPress = undefined;
    }
    this.log.push(`> ${describe(update)}`);
    this.fresh.length = 0;
    // The fake numbers it now: an id taken while the person was thinking may be below the bot's offset.
    const { update_id: _, ...unnumbered } = update;
    this.api.pushUpdate(unnumbered);
  }

  private pressButton(screen: Screen, data: string): Step {
    return { kind: "act", update: press(this.user, data, screen.messageId) };
  }

  private say(body: string): Step {
    return { kind: "act", update: text(this.user, body) };
  }

  /**
   * No answer: perhaps the bot was down, or the answer was lost. Pressing Submit or Send again is
   * safe; otherwise they check their list if they sent something, or start over with the command.
   */
  private async tryAgain() {
    const goal = this.goal!;
    this.retries.push(goal);
    this.log.push(`(no answer: trying again, ${goal})`);
    const press = this.lastPress;
    if (this.unconfirmed && press && !this.checkingList) {
      this.checkingList = true;
      return this.send(this.pressAgain(press));
    }
    if (this.unconfirmed) {
      this.checkingList = true;
      return this.send(text(this.user, this.unconfirmed === "propose" ? "/my" : "/myreports"));
    }
    return this.send(text(this.user, COMMANDS[goal]));
  }

  private pressAgain(last: { data: string; messageId: number }): Update {
    return press(this.user, last.data, last.messageId);
  }

  private async think() {
    const most = this.options.thinkMs ?? 400;
    await sleep(100 + (this.options.random ?? Math.random)() * most);
  }

  /** Waits until the bot said something new and then paused; returns the last thing it showed. */
  private async latestFreshScreen(): Promise<Screen | undefined> {
    const before = this.fresh.length;
    const giveUpAt = Date.now() + 500;
    let lastChange = Date.now();
    for (;;) {
      const seen = this.fresh.length;
      this.readNewCalls();
      if (this.fresh.length !== seen) lastChange = Date.now();
      const settled =
        this.fresh.length > before ? Date.now() - lastChange >= QUIET_MS : Date.now() >= giveUpAt;
      if (settled) return this.fresh.at(-1);
      await sleep(POLL_MS);
    }
  }

  private readNewCalls() {
    const calls = this.api.calls;
    for (; this.cursor < calls.length; this.cursor++) {
      const screen = this.screenOf(calls[this.cursor]!);
      if (!screen) continue;
      this.log.push(
        `< ${screen.text.slice(0, 70).replace(/\n/g, " ")} [${screen.buttons.map((b) => b.data).join(" ")}]`,
      );
      this.fresh.push(screen);
    }
  }

  private screenOf(call: RecordedCall): Screen | undefined {
    if (call.outcome !== "ok") return undefined;
    const { params } = call;
    if (call.method === "answerCallbackQuery") {
      if (!params.text || !this.myQueries.has(String(params.callback_query_id))) return undefined;
      return { text: String(params.text), buttons: [], messageId: 0 };
    }
    if (chatIdOf(call) !== this.user.id) return undefined;
    const buttons = inlineButtons(params.reply_markup);
    if (call.method === "editMessageReplyMarkup") {
      const shown = this.screens.get(Number(params.message_id));
      if (!shown) return undefined;
      return this.remember({ ...shown, buttons });
    }
    if (call.method === "editMessageText") {
      return this.remember({ text: String(params.text), buttons, messageId: Number(params.message_id) });
    }
    if (!call.method.startsWith("send")) return undefined;
    const messageId = (call.result as { message_id?: number } | undefined)?.message_id ?? 0;
    return this.remember({ text: String(params.text ?? params.caption ?? ""), buttons, messageId });
  }

  private remember(screen: Screen): Screen {
    this.screens.set(screen.messageId, screen);
    return screen;
  }

  /** What a person does on seeing `screen`, given what they want now. */
  private respond(screen: Screen): Step {
    const has = (prefix: string) => data(screen).find((d) => d.startsWith(prefix));
    const step =
      this.onboarding(screen, has) ??
      this.proposing(screen, has) ??
      this.reporting(screen, has) ??
      this.voting(screen);
    if (step?.kind === "done" || !this.checkingList) return step ?? this.elsewhere(screen, has);
    return this.readList(screen) ?? step ?? this.elsewhere(screen, has);
  }

  private onboarding(screen: Screen, has: (p: string) => string | undefined): Step | undefined {
    const { plan } = this;
    if (has("1|ob|lang|")) return this.pressButton(screen, `1|ob|lang|${plan.locale}`);
    const consent = has("1|ob|ok|");
    if (consent) return this.pressButton(screen, consent);
    if (has("1|ob|mun|")) return this.pressButton(screen, `1|ob|mun|${plan.municipalityId}`);
    if (has("1|ob|gender|")) return this.pressButton(screen, `1|ob|gender|${plan.gender}`);
    if (has("1|ob|age|")) return this.pressButton(screen, `1|ob|age|${plan.age}`);
    const registered =
      screen.text.includes(this.t("profile.done")) || screen.text.includes(this.t("onboarding.welcomeBack"));
    if (registered && this.goal === "onboard") return { kind: "done" };
    return undefined;
  }

  private proposing(screen: Screen, has: (p: string) => string | undefined): Step | undefined {
    if (this.goal !== "propose") return undefined;
    if (INITIATIVE_REFERENCE.test(screen.text) && has("1|menu|")) return { kind: "done" };
    if (screen.text.includes(this.t("initiative.alreadySubmitted"))) return { kind: "done" };
    const resume = has("1|ini|cont|");
    if (resume) return this.pressButton(screen, resume);
    const submit = has("1|ini|submit|");
    if (submit) {
      this.unconfirmed = "propose";
      return this.pressButton(screen, submit);
    }
    const nav = data(screen)
      .map((d) => /^1\|ini\|(?:ans|back|skip)\|(\d+)\|(\w+)/.exec(d))
      .find(Boolean);
    if (!nav) return undefined;
    const [, id, step] = nav;
    if (step === "attachments") {
      return has("1|ini|clear|")
        ? this.pressButton(screen, `1|ini|skip|${id}|attachments`)
        : { kind: "act", update: photo(this.user, `photo-of-${this.plan.id}`) };
    }
    if (step === "contact") return { kind: "act", update: contact(this.user, "+996700123456") };
    const answer = standardAnswers(this.user).find((a) => a.step === step);
    return answer ? { kind: "act", update: answer.update(Number(id)) } : undefined;
  }

  private reporting(screen: Screen, has: (p: string) => string | undefined): Step | undefined {
    if (this.goal !== "report") return undefined;
    if (REPORT_REFERENCE.test(screen.text) && has("1|rr|clear")) return { kind: "done" };
    const form = data(screen)
      .map((d) => /^1\|rf\|\w+\|(\d+)/.exec(d))
      .find(Boolean);
    if (!form) return undefined;
    const id = form[1];
    const a = REPORT_ANSWERS;
    if (has("1|rf|cat|")) return this.pressButton(screen, `1|rf|cat|${id}|${a.category}`);
    if (has("1|rf|urg|")) return this.pressButton(screen, `1|rf|urg|${id}|${a.urgency}`);
    if (has("1|rf|mun|")) return this.pressButton(screen, `1|rf|mun|${id}|${this.plan.municipalityId}`);
    if (has("1|rf|aff|")) {
      const chosen = screen.buttons.some((b) => b.data.endsWith(`|${a.affected}`) && b.text.startsWith("☑️"));
      return this.pressButton(screen, chosen ? `1|rf|next|${id}|affected` : `1|rf|aff|${id}|${a.affected}`);
    }
    if (has("1|rf|anon|")) return this.pressButton(screen, `1|rf|anon|${id}|${a.anonymous}`);
    if (has("1|rf|cont|")) return this.pressButton(screen, `1|rf|cont|${id}|${a.mayContact}`);
    const send = has("1|rf|send|");
    if (send) {
      this.unconfirmed = "report";
      return this.pressButton(screen, send);
    }
    if (has(`1|rf|back|${id}|place`) || has(`1|rf|next|${id}|place`)) return this.say(a.place);
    if (has(`1|rf|next|${id}|details`)) return this.pressButton(screen, `1|rf|next|${id}|details`);
    if (has(`1|rf|back|${id}|details`)) return this.say(a.details);
    return undefined;
  }

  /** The ballot shows ✅ on what they voted for: they press until it shows exactly their choice. */
  private voting(screen: Screen): Step | undefined {
    if (this.goal !== "vote") return undefined;
    const toggles = screen.buttons
      .map((b) => ({ b, m: /^1\|vote\|t\|\d+\|(\d+)$/.exec(b.data) }))
      .filter((x) => x.m)
      .map(({ b, m }) => ({ data: b.data, initiativeId: Number(m![1]), chosen: b.text.startsWith("✅") }));
    if (toggles.length === 0) return undefined;
    const wanted = new Set(this.plan.votesFor ?? []);
    const wrong = toggles.find((t) => t.chosen !== wanted.has(t.initiativeId));
    return wrong ? this.pressButton(screen, wrong.data) : { kind: "done" };
  }

  /** A menu, or the bot asking them to try again: back to what they were doing. */
  private elsewhere(screen: Screen, has: (p: string) => string | undefined): Step {
    // Telegram failed the bot mid-step; it says how to carry on, and they do as it says.
    if (screen.text.includes(stripTags(this.t("errors.telegramTrouble")))) return this.say("/start");
    if (has("1|menu|") || screen.text.includes(this.t("errors.generic")))
      return this.say(COMMANDS[this.goal!]);
    return { kind: "wait" };
  }

  /** After sending something they did not see confirmed: their list tells whether it arrived. */
  private readList(screen: Screen): Step | undefined {
    const reference = this.unconfirmed === "propose" ? INITIATIVE_REFERENCE : REPORT_REFERENCE;
    if (reference.test(screen.text)) {
      this.log.push("(it is in my list)");
      return { kind: "done" };
    }
    const listTitle = this.t(this.unconfirmed === "propose" ? "my.title" : "report.my.title");
    const empty = this.t(this.unconfirmed === "propose" ? "my.empty" : "report.my.empty");
    if (!screen.text.includes(stripTags(listTitle)) && !screen.text.includes(empty)) return undefined;
    this.unconfirmed = undefined;
    this.checkingList = false;
    return this.say(COMMANDS[this.goal!]);
  }
}

function data(screen: Screen): string[] {
  return screen.buttons.map((b) => b.data);
}

function inlineButtons(markup: unknown): Screen["buttons"] {
  const rows = (markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined)
    ?.inline_keyboard;
  return (rows ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data ?? "" }));
}

function stripTags(html: string): string {
  return html.replace(/<[^>]+>/g, "");
}

function describe(update: Update): string {
  if (update.callback_query) return `press ${update.callback_query.data}`;
  const message = update.message;
  if (message?.text) return `"${message.text.slice(0, 40)}"`;
  if (message?.photo) return "photo";
  if (message?.contact) return "contact";
  return "update";
}
