import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch; numbers keep D1 and better-sqlite3 identical. */
const timestamp = (name: string) => integer(name);
const createdAt = () =>
  timestamp("created_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const municipalities = sqliteTable("municipalities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  nameKy: text("name_ky").notNull(),
  nameRu: text("name_ru").notNull(),
  nameEn: text("name_en").notNull(),
  districtKy: text("district_ky").notNull().default(""),
  districtRu: text("district_ru").notNull().default(""),
  districtEn: text("district_en").notNull().default(""),
  coate: text("coate"),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
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
  finishedAt: timestamp("finished_at"),
});

/** Key/value storage of @grammyjs/conversations, so flows survive restarts. */
export const conversationState = sqliteTable("conversation_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});
