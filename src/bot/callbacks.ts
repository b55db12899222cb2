import { REJECT_REASONS } from "../domain/initiative-status.js";
import { AGE_BANDS, GENDERS } from "../domain/profile.js";
import { AFFECTED_GROUPS, REPORT_CATEGORIES, URGENCIES } from "../domain/report-form.js";
import { LISTED_STATUSES, MODERATOR_ACTIONS, OFFICER_ACTIONS } from "../domain/report-status.js";
import { callbackAction, type Field, id, oneOf, optional, word } from "./callback-data.js";

/**
 * Every button's callback data, in one place. A keyboard writes `Vote.toggle.pack({…})`, the
 * handler listens to `Vote.toggle.pattern` and reads `Vote.toggle.read(ctx.match)`: one declaration,
 * typed both ways, its worst case checked against Telegram's 64 bytes when this module loads.
 * Keep the wire format when moving an action here: buttons already in chats must keep working.
 */

export const Vote = {
  open: callbackAction("vote", "open", { round: id }),
  toggle: callbackAction("vote", "t", { round: id, initiative: id }),
  details: callbackAction("vote", "d", { round: id, initiative: id }),
};

/** A form's step, as its buttons carry it: a button of an earlier step is recognised as stale. */
const step = word(16);
const yesNo = oneOf(["y", "n"]);
/** A pin's coordinate with its 6 decimals, carried by the exact-pin button until pressed. */
const coordinate: Field<number> = {
  source: "-?\\d{1,3}\\.\\d{1,6}",
  maxBytes: 11,
  optional: false,
  parse: Number,
  format: (value) => value.toFixed(6),
};

/** The initiative form (bot/features/propose.ts); `ini|fix` is `MyInitiatives.edit`. */
export const Propose = {
  answer: callbackAction("ini", "ans", { id, step, value: word(12) }),
  skip: callbackAction("ini", "skip", { id, step }),
  back: callbackAction("ini", "back", { id, step }),
  cancel: callbackAction("ini", "cancel", { id }),
  clear: callbackAction("ini", "clear", { id }),
  resume: callbackAction("ini", "cont", { id }),
  restart: callbackAction("ini", "new", { id }),
  discard: callbackAction("ini", "discard", { id }),
  edit: callbackAction("ini", "edit", { id }),
  goto: callbackAction("ini", "goto", { id, step }),
  summary: callbackAction("ini", "sum", { id }),
  submit: callbackAction("ini", "submit", { id }),
};

/** The report form (bot/features/reports.ts): each choice step has its own action. */
export const ReportDraft = {
  category: callbackAction("rf", "cat", { id, value: oneOf(REPORT_CATEGORIES) }),
  urgency: callbackAction("rf", "urg", { id, value: oneOf(URGENCIES) }),
  municipality: callbackAction("rf", "mun", { id, value: id }),
  anonymous: callbackAction("rf", "anon", { id, value: yesNo }),
  affected: callbackAction("rf", "aff", { id, value: oneOf(AFFECTED_GROUPS) }),
  contact: callbackAction("rf", "cont", { id, value: yesNo }),
  exactPin: callbackAction("rf", "exact", { id, latitude: coordinate, longitude: coordinate }),
  removeVoice: callbackAction("rf", "novoice", { id }),
  next: callbackAction("rf", "next", { id, step }),
  back: callbackAction("rf", "back", { id, step }),
  cancel: callbackAction("rf", "cancel", { id }),
  send: callbackAction("rf", "send", { id }),
};

/** A round drafted in the bot (bot/features/round-drafts.ts); `rnd|new` is `RoundPanel.create`. */
export const RoundDraft = {
  municipality: callbackAction("rnd", "mun", { municipality: id }),
  skip: callbackAction("rnd", "skip", { id, step }),
  phone: callbackAction("rnd", "ph", { id, value: oneOf(["1", "0"]) }),
  include: callbackAction("rnd", "inc", { id, initiative: id }),
  summary: callbackAction("rnd", "sum", { id }),
  confirm: callbackAction("rnd", "ok", { id }),
  openNow: callbackAction("rnd", "now", { id }),
  otherOpening: callbackAction("rnd", "when", { id }),
  cancel: callbackAction("rnd", "x", { id }),
};

/** The main menu's entries; each feature listens to its own. */
export const Menu = {
  show: callbackAction("menu", "show"),
  /** Opens the initiative form. */
  propose: callbackAction("menu", "propose"),
  initiatives: callbackAction("menu", "pub"),
  myInitiatives: callbackAction("menu", "my"),
  vote: callbackAction("menu", "vote"),
  results: callbackAction("menu", "results"),
  /** Opens the report form. */
  report: callbackAction("menu", "report"),
  myReports: callbackAction("menu", "myreports"),
  help: callbackAction("menu", "help"),
  language: callbackAction("menu", "language"),
  municipality: callbackAction("menu", "municipality"),
  privacy: callbackAction("menu", "privacy"),
  reports: callbackAction("menu", "reports"),
  rounds: callbackAction("menu", "rounds"),
  stats: callbackAction("menu", "stats"),
  export: callbackAction("menu", "export"),
  queue: callbackAction("menu", "queue"),
  admin: callbackAction("menu", "admin"),
};

/** A language code; the handler still checks it is one the bot speaks (`isLocale`). */
const locale = word(3);
/** An invite's token, carried through onboarding's buttons until consent. */
const invite = optional(word(40));

/** Before consent (stateless: the language and an invite ride on the buttons), then the profile. */
export const Onboarding = {
  language: callbackAction("ob", "lang", { locale, invite }),
  more: callbackAction("ob", "more", { locale, invite }),
  agree: callbackAction("ob", "ok", { locale, invite }),
  decline: callbackAction("ob", "no", { locale }),
  municipality: callbackAction("ob", "mun", { municipality: id }),
  gender: callbackAction("ob", "gender", { gender: oneOf([...GENDERS, "skip"]) }),
  age: callbackAction("ob", "age", { band: oneOf([...AGE_BANDS, "skip"]) }),
};

export const Language = {
  set: callbackAction("lang", "set", { locale }),
};

export const Municipality = {
  set: callbackAction("mun", "set", { municipality: id }),
};

export const Forget = {
  confirm: callbackAction("forget", "confirm", { answer: oneOf(["yes", "no"]) }),
};

export const MyInitiatives = {
  page: callbackAction("my", "p", { page: id }),
  view: callbackAction("my", "v", { initiative: id }),
  withdraw: callbackAction("my", "wd", { initiative: id, version: id }),
  withdrawYes: callbackAction("my", "wdy", { initiative: id, version: id }),
  /** "Edit" on a returned initiative: handled by the initiative form. */
  edit: callbackAction("ini", "fix", { initiative: id }),
};

export const PublicInitiatives = {
  page: callbackAction("pub", "p", { page: id }),
  view: callbackAction("pub", "v", { initiative: id }),
};

/** Decisions carry the version they were shown for: one on a changed initiative is refused. */
export const Moderation = {
  queue: callbackAction("mod", "q", { offset: id }),
  approve: callbackAction("mod", "ok", { initiative: id, version: id }),
  requestChanges: callbackAction("mod", "chg", { initiative: id, version: id }),
  reject: callbackAction("mod", "rej", { initiative: id, version: id }),
  reason: callbackAction("mod", "rr", { initiative: id, version: id, reason: oneOf(REJECT_REASONS) }),
  writeReason: callbackAction("mod", "rw", { initiative: id, version: id }),
  back: callbackAction("mod", "back", { initiative: id, version: id }),
  cancelPrompt: callbackAction("mod", "pc"),
};

/** The buttons name a report or an initiative, never the person: the server finds the sender. */
export const Block = {
  askReport: callbackAction("blk", "r", { report: id }),
  askInitiative: callbackAction("blk", "i", { initiative: id }),
  report: callbackAction("blk", "ry", { report: id }),
  initiative: callbackAction("blk", "iy", { initiative: id }),
  cancel: callbackAction("blk", "no"),
  list: callbackAction("blk", "list"),
  unblock: callbackAction("blk", "u", { block: id }),
};

export const Admin = {
  inviteOfficer: callbackAction("adm", "io"),
  inviteOfficerTo: callbackAction("adm", "iom", { municipality: id }),
  inviteModerator: callbackAction("adm", "im"),
  staff: callbackAction("adm", "staff"),
  revoke: callbackAction("adm", "rv", { grant: id }),
  municipalities: callbackAction("adm", "munis"),
  failures: callbackAction("adm", "fail"),
};

/** Officers' and moderators' buttons on a report, in private chat and in an officers' group. */
export const Officer = {
  act: callbackAction("ro", "a", { report: id, action: oneOf(OFFICER_ACTIONS) }),
  moderate: callbackAction("ro", "m", { report: id, action: oneOf(MODERATOR_ACTIONS) }),
  comment: callbackAction("ro", "cmt", { report: id }),
  ask: callbackAction("ro", "ask", { report: id }),
  open: callbackAction("ro", "open", { report: id }),
  list: callbackAction("ro", "ls", {
    status: oneOf(["open", ...LISTED_STATUSES]),
    category: oneOf(["all", ...REPORT_CATEGORIES]),
    offset: id,
  }),
};

/** The reporter after sending: clearing the chat, answering a question, resolved or not. */
export const Reporter = {
  clear: callbackAction("rr", "clear"),
  answer: callbackAction("rr", "ans", { report: id, question: id }),
  resolved: callbackAction("rr", "ok", { report: id }),
  unresolved: callbackAction("rr", "no", { report: id }),
};

/** Staff's round list and panel. */
export const RoundPanel = {
  view: callbackAction("rnd", "v", { round: id }),
  /** "New round": handled by the round draft. */
  create: callbackAction("rnd", "new"),
  close: callbackAction("rnd", "cl", { round: id }),
  closeYes: callbackAction("rnd", "cly", { round: id }),
  paper: callbackAction("rnd", "pp", { round: id, initiative: id }),
  select: callbackAction("rnd", "sel", { round: id, initiative: id }),
  notSelect: callbackAction("rnd", "ns", { round: id, initiative: id }),
  implemented: callbackAction("rnd", "im", { round: id, initiative: id }),
};

/** /stats (`s`) and /export (`e`): scope 0 is every municipality; period `-` is not chosen yet. */
export const Statistics = {
  scope: callbackAction("st", "sc", { kind: oneOf(["s", "e"]), scope: id, period: word(18) }),
};
