import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Update } from "grammy/types";
import { AWAITING_KINDS } from "../domain/awaiting.js";
import type { InitiativeKind } from "../domain/initiative-form.js";
import { INITIATIVE_STATUSES } from "../domain/initiative-status.js";
import type { MunicipalityNames } from "../domain/municipality-names.js";
import type { AffectedGroup, ReportCategory, Urgency } from "../domain/report-form.js";
import { REPORT_STATUSES } from "../domain/report-status.js";
import type { RoundResults } from "../domain/round-results.js";
import type { OutboxPayload, OutboxReportCard } from "./outbox-payload.js";

/** Milliseconds since the epoch; numbers keep D1 and better-sqlite3 identical. */
const timestamp = (name: string) => integer(name);
const createdAt = () => timestamp("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const municipalities = sqliteTable("municipalities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  /** Name and district per language code, so a new language is data, not a column. */
  names: text("names", { mode: "json" }).$type<MunicipalityNames>().notNull().default(sql`'{}'`),
  coate: text("coate"),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  /** The largest cost in som one local initiative may ask for; null while the LSG set no limit. */
  maxInitiativeBudget: integer("max_initiative_budget"),
  /** People living there, as the LSG states it: paper votes above it are refused as typing errors. */
  residents: integer("residents"),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    /** The Telegram user id; in a private chat it is also the chat id. */
    id: integer("id").primaryKey(),
    locale: text("locale").notNull(),
    municipalityId: integer("municipality_id").references(() => municipalities.id),
    gender: text("gender"),
    ageBand: text("age_band"),
    consentAt: timestamp("consent_at").notNull(),
    onboardedAt: timestamp("onboarded_at"),
    /** `inactive` once Telegram says the user blocked the bot; `blocked` by staff. */
    status: text("status", { enum: ["active", "inactive", "blocked"] })
      .notNull()
      .default("active"),
    createdAt: createdAt(),
  },
  (t) => [index("users_municipality_idx").on(t.municipalityId, t.status)],
);

export const staff = sqliteTable(
  "staff",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["officer", "moderator"] }).notNull(),
    municipalityId: integer("municipality_id").references(() => municipalities.id),
    grantedBy: integer("granted_by"),
    createdAt: createdAt(),
  },
  (t) => [index("staff_user_idx").on(t.userId), index("staff_municipality_idx").on(t.municipalityId, t.role)],
);

export const invites = sqliteTable("invites", {
  token: text("token").primaryKey(),
  role: text("role", { enum: ["officer", "moderator"] }).notNull(),
  municipalityId: integer("municipality_id").references(() => municipalities.id),
  createdBy: integer("created_by").notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at").notNull(),
  usedBy: integer("used_by"),
  usedAt: timestamp("used_at"),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    subject: text("subject"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt)],
);

/** Claims of Telegram update ids, so that an update delivered twice is handled once. */
export const processedUpdates = sqliteTable("processed_updates", {
  updateId: integer("update_id").primaryKey(),
  claimedAt: timestamp("claimed_at").notNull(),
});

/**
 * Long polling: each batch from getUpdates is written here before the next getUpdates confirms it
 * to Telegram, and an update leaves once handled, so an update fetched or being handled when the
 * process dies is handled at the next start. Rows hold what people sent only until then. No chat
 * column: handling in update_id order through the per-chat queue keeps each chat's order.
 */
export const intake = sqliteTable("intake", {
  updateId: integer("update_id").primaryKey(),
  payload: text("payload", { mode: "json" }).$type<Update>().notNull(),
  receivedAt: timestamp("received_at").notNull(),
});

/** Key/value storage of @grammyjs/conversations, so flows survive restarts. */
export const conversationState = sqliteTable("conversation_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});

/**
 * Messages for people other than the one talking to the bot, delivered by the dispatcher. A row
 * is open while `next_attempt_at` is set: `pending` rows wait for it, `sending` rows are leased
 * to a dispatcher until it, and a lease that runs out means that dispatcher died mid-send.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id").notNull(),
    payload: text("payload", { mode: "json" }).$type<OutboxPayload>().notNull(),
    dedupeKey: text("dedupe_key").unique(),
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "dropped"] })
      .notNull()
      .default("pending"),
    /** Broadcasts go after every other due row, so they never hold back a report for an officer. */
    bulk: integer("bulk", { mode: "boolean" }).notNull().default(false),
    /** Sends that may have reached Telegram; answers telling us to wait do not count. */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at"),
    /** Bot API calls already made for a payload that needs several (long text, long caption). */
    sentParts: integer("sent_parts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at"),
    /**
     * Addressed to the sender of a conflict report: staff tools and logs show such a row as "a
     * reporter", never its chat, key or text, and its dedupe key is a keyed hash.
     */
    toReporter: integer("to_reporter", { mode: "boolean" }).notNull().default(false),
    /** Set for messages that "clear this chat" must delete: the flow of `chat_messages` they join. */
    chatLogFlow: text("chat_log_flow"),
    /**
     * An edit: the message of the chat whose text and buttons become the payload's. When it can no
     * longer be edited (deleted, too old), the row is turned into a send of the payload, once.
     */
    editMessageId: integer("edit_message_id"),
    /** A report's card: the message it is delivered as is recorded in `report_cards`. */
    reportCard: text("report_card", { mode: "json" }).$type<OutboxReportCard>(),
  },
  (t) => [
    index("outbox_due_idx").on(t.bulk, t.nextAttemptAt, t.id).where(sql`next_attempt_at is not null`),
    index("outbox_chat_open_idx").on(t.chatId, t.id).where(sql`next_attempt_at is not null`),
    index("outbox_finished_idx").on(t.status, t.finishedAt),
  ],
);

/** Chats that blocked the bot, left or were deleted; their rows are dropped instead of sent. */
export const inactiveRecipients = sqliteTable("inactive_recipients", {
  chatId: integer("chat_id").primaryKey(),
  reason: text("reason").notNull(),
  since: timestamp("since").notNull(),
});

/**
 * Local initiatives, from the author's draft to the moderators' decision. A draft is the form
 * itself: each answer is stored at once, with the step the author is on. `version` rises by one
 * with every change of status, each recorded in `initiative_events`.
 */
/**
 * Local support an admin lists per municipality (a crisis centre, a social worker, the aksakal
 * court): one line of text each, name and how to reach them, shown with the emergency numbers.
 */
export const municipalityContacts = sqliteTable(
  "municipality_contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    municipalityId: integer("municipality_id")
      .notNull()
      .references(() => municipalities.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    createdBy: integer("created_by").notNull(),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [index("municipality_contacts_municipality_idx").on(t.municipalityId)],
);

export const initiatives = sqliteTable(
  "initiatives",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null once the author asked to forget them: what they submitted stays, without their name. */
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    /** Null only in a draft whose author has not chosen one yet. */
    municipalityId: integer("municipality_id").references(() => municipalities.id),
    status: text("status", { enum: INITIATIVE_STATUSES }).notNull().default("draft"),
    version: integer("version").notNull().default(0),
    /** `I-{refYear}-{refSeq}`, given at the first submission. */
    refYear: integer("ref_year"),
    refSeq: integer("ref_seq"),
    /**
     * The form step the draft is at, `summary`, or null when the form is not in use. Whether the
     * author's next message answers it is `awaiting`'s to say.
     */
    step: text("step"),
    /** Set while one field is changed from the summary: the answer leads back to it. */
    editingOne: integer("editing_one", { mode: "boolean" }).notNull().default(false),
    placeText: text("place_text"),
    latitude: real("latitude"),
    longitude: real("longitude"),
    title: text("title"),
    problem: text("problem"),
    solution: text("solution"),
    /** A voice note answering the problem or the solution instead of text: Telegram's file id. */
    problemVoice: text("problem_voice"),
    solutionVoice: text("solution_voice"),
    kind: text("kind").$type<InitiativeKind>(),
    beneficiaries: text("beneficiaries"),
    beneficiaryCount: integer("beneficiary_count"),
    womenCount: integer("women_count"),
    youthCount: integer("youth_count"),
    cost: integer("cost"),
    contributionMoney: integer("contribution_money"),
    contributionInKind: text("contribution_in_kind"),
    timelineMonths: integer("timeline_months"),
    /** `YYYY-MM-DD`. */
    targetDate: text("target_date"),
    groupSize: integer("group_size"),
    groupWomen: integer("group_women"),
    groupYouth: integer("group_youth"),
    contactPhone: text("contact_phone"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
    submittedAt: timestamp("submitted_at"),
    decidedAt: timestamp("decided_at"),
  },
  (t) => [
    index("initiatives_author_idx").on(t.authorId, t.status),
    index("initiatives_status_idx").on(t.status, t.submittedAt),
    index("initiatives_municipality_idx").on(t.municipalityId, t.status, t.decidedAt),
    uniqueIndex("initiatives_reference_idx").on(t.refYear, t.refSeq),
    // One unfinished draft per author: a second /propose (or a double tap) continues it.
    uniqueIndex("initiatives_one_draft_idx").on(t.authorId).where(sql`status = 'draft'`),
  ],
);

export const initiativeAttachments = sqliteTable(
  "initiative_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["photo", "document", "voice"] }).notNull(),
    fileId: text("file_id").notNull(),
    fileUniqueId: text("file_unique_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("initiative_attachments_file_idx").on(t.initiativeId, t.fileUniqueId)],
);

/**
 * The status history: who, when, why. One row per version, so that of two decisions taken on the
 * same version only the first can be stored (the unique index settles the race).
 */
export const initiativeEvents = sqliteTable(
  "initiative_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** Kept for the audit trail: moderators and admins need not be registered users. */
    actorId: integer("actor_id"),
    fromStatus: text("from_status", { enum: INITIATIVE_STATUSES }).notNull(),
    toStatus: text("to_status", { enum: INITIATIVE_STATUSES }).notNull(),
    reasonCode: text("reason_code"),
    reasonText: text("reason_text"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [uniqueIndex("initiative_events_version_idx").on(t.initiativeId, t.version)],
);

/**
 * Conflict reports: content only. The draft is the form itself (status `draft`, answers stored at
 * once); who sent a report lives in `report_reporters`, which officers' queries never read.
 */
export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** `R-{refYear}-{refSeq}`, given when the report is sent. */
    refYear: integer("ref_year"),
    refSeq: integer("ref_seq"),
    municipalityId: integer("municipality_id").references(() => municipalities.id),
    status: text("status", { enum: REPORT_STATUSES }).notNull().default("draft"),
    version: integer("version").notNull().default(0),
    category: text("category").$type<ReportCategory>(),
    urgency: text("urgency").$type<Urgency>(),
    /** Someone is in danger now: shown first and escalated sooner. */
    urgent: integer("urgent", { mode: "boolean" }).notNull().default(false),
    placeText: text("place_text"),
    latitude: real("latitude"),
    longitude: real("longitude"),
    text: text("text"),
    voiceFileId: text("voice_file_id"),
    photoFileId: text("photo_file_id"),
    affected: text("affected", { mode: "json" }).$type<AffectedGroup[]>().notNull().default(sql`'[]'`),
    anonymous: integer("anonymous", { mode: "boolean" }).notNull().default(true),
    /** An anonymous reporter's map pin reaches officers rounded to about 1 km unless this is set. */
    exactLocation: integer("exact_location", { mode: "boolean" }).notNull().default(false),
    mayContact: integer("may_contact", { mode: "boolean" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at").notNull(),
    submittedAt: timestamp("submitted_at"),
    /** Set once the officers' notifications are queued; a job routes reports a crash left unrouted. */
    routedAt: timestamp("routed_at"),
  },
  (t) => [
    uniqueIndex("reports_reference_idx").on(t.refYear, t.refSeq),
    index("reports_municipality_idx").on(t.municipalityId, t.status, t.urgent),
    index("reports_status_idx").on(t.status, t.submittedAt),
  ],
);

/** Who sent a report. Name and username are kept only when the reporter chose not to be anonymous. */
export const reportReporters = sqliteTable(
  "report_reporters",
  {
    reportId: integer("report_id")
      .primaryKey()
      .references(() => reports.id, { onDelete: "cascade" }),
    /** Null once the reporter asked to forget them: the report stays, with nobody behind it. */
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name"),
    username: text("username"),
  },
  (t) => [index("report_reporters_user_idx").on(t.userId)],
);

/**
 * The history of a report. Changes of status carry the version they lead to, unique per report, so
 * that of two actions on the same version only the first is stored; notes have no version.
 * The reporter is never named here: their events have actor kind `reporter` and no actor id.
 */
export const reportEvents = sqliteTable(
  "report_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    version: integer("version"),
    action: text("action").notNull(),
    actorKind: text("actor_kind", {
      enum: ["reporter", "officer", "moderator", "admin", "system"],
    }).notNull(),
    actorId: integer("actor_id"),
    fromStatus: text("from_status", { enum: REPORT_STATUSES }).notNull(),
    toStatus: text("to_status", { enum: REPORT_STATUSES }).notNull(),
    comment: text("comment"),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("report_events_version_idx").on(t.reportId, t.version),
    index("report_events_report_idx").on(t.reportId, t.id),
  ],
);

/** A person's report draft and the step awaiting their answer; one per person. */
export const reportFlows = sqliteTable("report_flows", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  reportId: integer("report_id")
    .notNull()
    .unique()
    .references(() => reports.id, { onDelete: "cascade" }),
  /** Where the draft stands; whether the next message answers it is `awaiting`'s to say. */
  step: text("step").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});

/** The officers' group chat of a municipality, set by an admin from inside the group. */
export const officerChats = sqliteTable("officer_chats", {
  municipalityId: integer("municipality_id")
    .primaryKey()
    .references(() => municipalities.id, { onDelete: "cascade" }),
  chatId: integer("chat_id").notNull(),
  /** The language cards are written in for the group. */
  locale: text("locale").notNull(),
  setBy: integer("set_by").notNull(),
  createdAt: timestamp("created_at").notNull(),
});

/**
 * Where a report's card was delivered (the officers' group, staff's private chats), so that a change
 * made in the bot or the Mini App edits every copy. Each copy keeps the language and buttons it was
 * sent with. Never a reporter's chat: the reporter gets notices, not the card.
 */
export const reportCards = sqliteTable(
  "report_cards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    chatId: integer("chat_id").notNull(),
    messageId: integer("message_id").notNull(),
    locale: text("locale").notNull(),
    mayAct: integer("may_act", { mode: "boolean" }).notNull(),
    mayModerate: integer("may_moderate", { mode: "boolean" }).notNull(),
    sentAt: timestamp("sent_at").notNull(),
  },
  (t) => [
    uniqueIndex("report_cards_message_idx").on(t.chatId, t.messageId),
    index("report_cards_report_idx").on(t.reportId),
  ],
);

/**
 * Message ids of a flow in a chat (the bot's and the person's), so that "clear this chat" can
 * delete them; Telegram lets a bot delete messages up to 48 hours old.
 */
export const chatMessages = sqliteTable(
  "chat_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    chatId: integer("chat_id").notNull(),
    flow: text("flow").notNull(),
    messageId: integer("message_id").notNull(),
    sentAt: timestamp("sent_at").notNull(),
  },
  (t) => [
    uniqueIndex("chat_messages_message_idx").on(t.chatId, t.messageId),
    index("chat_messages_flow_idx").on(t.chatId, t.flow),
  ],
);

/**
 * Community prioritisation: a round of votes in one municipality. While staff fill it in it is a
 * `draft`; confirmed it is `scheduled`, the job opens it at `opens_at` and closes it at
 * `closes_at` (or staff close it early), storing the results once, so that what was published
 * never changes afterwards.
 */
export const rounds = sqliteTable(
  "rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    municipalityId: integer("municipality_id")
      .notNull()
      .references(() => municipalities.id),
    title: text("title"),
    submissionDeadline: timestamp("submission_deadline"),
    opensAt: timestamp("opens_at"),
    closesAt: timestamp("closes_at"),
    votesPerVoter: integer("votes_per_voter").notNull().default(3),
    totalBudget: integer("total_budget"),
    maxPerInitiative: integer("max_per_initiative"),
    /** Voters confirm their own Kyrgyz phone number first: one number, one voice. */
    requirePhone: integer("require_phone", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["draft", "scheduled", "open", "closed"] })
      .notNull()
      .default("draft"),
    createdBy: integer("created_by").notNull(),
    /** How many active citizens the announcement went to. */
    reached: integer("reached"),
    results: text("results", { mode: "json" }).$type<RoundResults>(),
    createdAt: createdAt(),
    openedAt: timestamp("opened_at"),
    closedAt: timestamp("closed_at"),
  },
  (t) => [
    index("rounds_due_idx").on(t.status, t.opensAt),
    index("rounds_municipality_idx").on(t.municipalityId, t.status),
  ],
);

/** Initiatives taking part in a round; paper votes from a village meeting are counted here. */
export const roundInitiatives = sqliteTable(
  "round_initiatives",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id),
    /** Staff may leave an initiative out while the round is a draft. */
    included: integer("included", { mode: "boolean" }).notNull().default(true),
    paperVotes: integer("paper_votes").notNull().default(0),
    /** Som granted by the commission when selected. */
    fundedAmount: integer("funded_amount"),
    reportText: text("report_text"),
    reportPhotoId: text("report_photo_id"),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.initiativeId] })],
);

/**
 * One row per voice. The unique index is what makes a vote count once however often it arrives;
 * the per-voter limit is kept by a conditional insert on the (round, voter) index.
 */
export const votes = sqliteTable(
  "votes",
  {
    roundId: integer("round_id").notNull(),
    initiativeId: integer("initiative_id").notNull(),
    /** Votes go with the person when they ask to be forgotten; published results are kept. */
    voterId: integer("voter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("votes_one_voice_idx").on(t.roundId, t.initiativeId, t.voterId),
    index("votes_voter_idx").on(t.roundId, t.voterId),
  ],
);

/**
 * A confirmed phone number, only as a keyed hash (HMAC with a key kept outside the database):
 * unique, so one number serves one account. `salted-sha256` rows come from before the key and are
 * deleted once no round that asks for phones is scheduled or open.
 */
export const voterPhones = sqliteTable("voter_phones", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  phoneHash: text("phone_hash").notNull().unique(),
  scheme: text("scheme", { enum: ["salted-sha256", "hmac-sha256"] })
    .notNull()
    .default("salted-sha256"),
  verifiedAt: timestamp("verified_at").notNull(),
});

/** Values the installation makes for itself on first use, such as the phone hashing salt. */
export const installationSettings = sqliteTable("installation_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * What a person's next private message is for: one row per person, so that two waits cannot
 * exist at once and setting one replaces the other. `kind` names the handler the middleware
 * (src/bot/awaiting.ts) dispatches to; `subject_id` the draft, report, initiative or round it is
 * about; `step` and `detail_id` what that handler needs besides (a round question, the report
 * event answered, the initiative version decided). No foreign key: the subject lives in one of
 * several tables, and a handler whose subject is gone says so and drops the wait.
 */
export const awaiting = sqliteTable("awaiting", {
  userId: integer("user_id").primaryKey(),
  kind: text("kind", { enum: AWAITING_KINDS }).notNull(),
  subjectId: integer("subject_id").notNull(),
  step: text("step"),
  detailId: integer("detail_id"),
  updatedAt: timestamp("updated_at").notNull(),
});

/**
 * Accounts staff blocked, by a keyed hash of the Telegram id, so that a block survives /forget and
 * a new /start without the database holding the id. `subject` says where it was pressed
 * (`report R-2026-0042`, `initiative I-2026-0007`, `command`), never whose id it is.
 */
export const blockedAccounts = sqliteTable("blocked_accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountHash: text("account_hash").notNull().unique(),
  subject: text("subject").notNull(),
  blockedBy: integer("blocked_by").notNull(),
  createdAt: timestamp("created_at").notNull(),
});

/**
 * The flood limit's window per person, by keyed hash of the id: in the database, so that it holds
 * across restarts and Worker isolates.
 */
export const floodCounters = sqliteTable("flood_counters", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start").notNull(),
  hits: integer("hits").notNull(),
  warned: integer("warned", { mode: "boolean" }).notNull().default(false),
});

/**
 * The public page's counts of a municipality, computed at most once a day (after Bishkek
 * midnight) and shown with that date, so that two visits minutes apart cannot tell who just
 * registered or reported.
 */
export const publicSnapshots = sqliteTable("public_snapshots", {
  municipalityId: integer("municipality_id")
    .primaryKey()
    .references(() => municipalities.id, { onDelete: "cascade" }),
  /** The Bishkek day (`YYYY-MM-DD`) the counts are as of. */
  day: text("day").notNull(),
  statistics: text("statistics", { mode: "json" }).notNull(),
  computedAt: timestamp("computed_at").notNull(),
});
