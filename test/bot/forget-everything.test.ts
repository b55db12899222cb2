import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness, onboard } from "../support/harness.js";
import { grantRole, outboxRows, sendReport } from "../support/reports.js";
import { approvedInitiatives, openRoundNow, votesOf } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

/**
 * Every column that can hold a Telegram id (a user's or a chat's, as a number or as the text of
 * one), with what /forget does to the person's rows there. `staff` marks ids kept when the person
 * acted as staff (the privacy notice says so); the person below is a citizen, so they are checked
 * there too.
 */
const HOLDS_TELEGRAM_ID: Record<string, string> = {
  "users.id": "deleted",
  "staff.user_id": "deleted",
  "staff.granted_by": "staff",
  "invites.created_by": "staff",
  "invites.used_by": "set to null",
  "audit_log.actor_id": "staff",
  "conversation_state.key": "deleted (the key is the chat id as text)",
  "outbox.chat_id": "deleted: notices not yet sent are dropped",
  "inactive_recipients.chat_id": "deleted",
  "initiatives.author_id": "set to null (the initiative stays)",
  "initiative_events.actor_id": "set to null for the author's own events; staff decisions stay",
  "awaiting.user_id": "deleted",
  "report_reporters.user_id": "set to null (the report stays)",
  "report_events.actor_id": "staff only: the reporter's events never carry an id",
  "report_flows.user_id": "deleted",
  "officer_chats.chat_id": "a group chat, not a person",
  "officer_chats.set_by": "staff",
  "chat_messages.chat_id": "deleted",
  "report_cards.chat_id": "deleted (a staff member's copies of report cards)",
  "rounds.created_by": "staff",
  "votes.voter_id": "deleted",
  "voter_phones.user_id": "deleted",
  "blocked_accounts.blocked_by": "staff",
  "flood_counters.key": "deleted (the key is a keyed hash of the id)",
  "municipality_contacts.created_by": "staff",
};

/** Columns whose names look like ids but hold none of Telegram's. */
const NOT_TELEGRAM_ID = new Set([
  "__drizzle_migrations.id",
  "__drizzle_migrations.hash",
  "municipalities.id",
  "municipality_contacts.id",
  "municipality_contacts.municipality_id",
  "users.municipality_id",
  "staff.id",
  "staff.municipality_id",
  "invites.municipality_id",
  "audit_log.id",
  "processed_updates.update_id",
  // Its payload holds ids only until the update is handled: /forget's own update leaves it then.
  "intake.update_id",
  "outbox.id",
  "outbox.dedupe_key",
  "initiatives.id",
  "initiatives.municipality_id",
  "initiative_attachments.id",
  "initiative_attachments.initiative_id",
  "initiative_attachments.file_id",
  "initiative_attachments.file_unique_id",
  "initiative_events.id",
  "initiative_events.initiative_id",
  "awaiting.subject_id",
  "awaiting.detail_id",
  "reports.id",
  "reports.municipality_id",
  "reports.voice_file_id",
  "reports.photo_file_id",
  "report_reporters.report_id",
  "report_events.id",
  "report_events.report_id",
  "report_flows.report_id",
  "officer_chats.municipality_id",
  "chat_messages.id",
  "chat_messages.message_id",
  "outbox.edit_message_id",
  "report_cards.id",
  "report_cards.report_id",
  "report_cards.message_id",
  "rounds.id",
  "rounds.municipality_id",
  "round_initiatives.round_id",
  "round_initiatives.initiative_id",
  "round_initiatives.report_photo_id",
  "votes.round_id",
  "votes.initiative_id",
  "installation_settings.key",
  "blocked_accounts.id",
  "blocked_accounts.account_hash",
  "voter_phones.phone_hash",
  "public_snapshots.municipality_id",
]);

/** Names that suggest an id: a new column named so must be listed above, one way or the other. */
const LOOKS_LIKE_ID = /(^id|_id|_by|^key|_key|_hash)$/;

type Db = { all<T>(query: ReturnType<typeof sql.raw>): Promise<T[]> };

async function columnsOfSchema(h: Harness): Promise<{ table: string; column: string; type: string }[]> {
  const db = h.db as unknown as Db;
  const tables = await db.all<{ name: string }>(
    sql.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'"),
  );
  const columns = [];
  for (const { name } of tables) {
    const info = await db.all<{ name: string; type: string }>(sql.raw(`pragma table_info('${name}')`));
    for (const column of info) columns.push({ table: name, column: column.name, type: column.type });
  }
  return columns;
}

/** The columns of `table.column` names that hold `value`. */
async function columnsHolding(h: Harness, names: string[], value: number | string): Promise<string[]> {
  const db = h.db as unknown as Db;
  const holding: string[] = [];
  for (const name of names) {
    const [table, column] = name.split(".") as [string, string];
    const literal = typeof value === "number" ? String(value) : `'${value}'`;
    const [row] = await db.all<{ n: number }>(
      sql.raw(`select count(*) as n from "${table}" where "${column}" = ${literal}`),
    );
    if (row!.n > 0) holding.push(name);
  }
  return holding;
}

describe("/forget leaves no Telegram id behind", () => {
  it("knows every column that looks like an id, and every column it lists exists", async () => {
    const h = await createHarness();
    const names = (await columnsOfSchema(h)).map((c) => `${c.table}.${c.column}`);
    const unlisted = names.filter(
      (name) =>
        LOOKS_LIKE_ID.test(name.split(".")[1]!) && !(name in HOLDS_TELEGRAM_ID) && !NOT_TELEGRAM_ID.has(name),
    );
    expect(unlisted, "columns to list in HOLDS_TELEGRAM_ID or NOT_TELEGRAM_ID").toEqual([]);
    const gone = [...Object.keys(HOLDS_TELEGRAM_ID), ...NOT_TELEGRAM_ID].filter((n) => !names.includes(n));
    expect(gone, "listed columns that no longer exist").toEqual([]);
  });

  it("after someone did everything, no column holds their id, their chat as text or their hashed id", async () => {
    const h = await createHarness();
    // A realistic 10-digit id, so that a match is never a coincidence with a small number.
    const aida = person(7_316_402_951, "en", "Aida");
    const officer = person(8801, "en");
    const moderator = person(8802, "en");
    for (const who of [aida, officer, moderator]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);

    // Proposes and submits an initiative (approved, so that the round takes it), and votes in a round.
    const [initiativeId] = await approvedInitiatives(h, aida, moderator, 1);
    const round = await openRoundNow(h, officer.id);
    await h.send(text(aida, "/vote"), press(aida, `1|vote|t|${round.id}|${initiativeId}`));
    expect(await votesOf(h, round.id)).toHaveLength(1);

    // Reports, gets a status notice delivered (kept for "clear this chat") and answers a question.
    const reportId = await sendReport(h, aida, { mayContact: true });
    await h.send(press(officer, `1|ro|a|${reportId}|acknowledge`));
    await h.send(press(officer, `1|ro|ask|${reportId}`), text(officer, "Which street?"));
    await h.dispatch();
    const questionEvent = async () => {
      const row = (await outboxRows(h)).filter((r) => r.chatId === aida.id && r.payload.buttons).at(-1)!;
      return Number(/\|(\d+)"/.exec(JSON.stringify(row.payload.buttons))![1]);
    };
    await h.send(
      press(aida, `1|rr|ans|${reportId}|${await questionEvent()}`),
      text(aida, "Toktogul street."),
    );
    // A second question Aida pressed Answer to without writing yet, and a notice still waiting.
    await h.send(press(officer, `1|ro|ask|${reportId}`), text(officer, "When did it start?"));
    await h.dispatch();
    await h.send(press(aida, `1|rr|ans|${reportId}|${await questionEvent()}`));
    await h.send(press(officer, `1|ro|a|${reportId}|progress`));

    const idColumns = Object.keys(HOLDS_TELEGRAM_ID);
    const before = await columnsHolding(h, idColumns, aida.id);
    // The scenario reaches the places the person's id goes to.
    expect(before).toEqual(
      expect.arrayContaining([
        "users.id",
        "outbox.chat_id",
        "chat_messages.chat_id",
        "initiatives.author_id",
        "initiative_events.actor_id",
        "report_reporters.user_id",
        "awaiting.user_id",
        "votes.voter_id",
      ]),
    );
    expect(await columnsHolding(h, ["flood_counters.key"], h.deps.hashes.chat(aida.id))).toEqual([
      "flood_counters.key",
    ]);

    await h.send(text(aida, "/forget"), press(aida, "1|forget|confirm|yes"));

    expect(await columnsHolding(h, idColumns, aida.id)).toEqual([]);
    expect(await columnsHolding(h, idColumns, String(aida.id))).toEqual([]);
    expect(await columnsHolding(h, idColumns, h.deps.hashes.chat(aida.id))).toEqual([]);
    // Nor inside any text anywhere (audit details, payloads of other people's notices, keys).
    const db = h.db as unknown as Db;
    for (const { table, column, type } of await columnsOfSchema(h)) {
      if (type.toLowerCase() !== "text") continue;
      const [row] = await db.all<{ n: number }>(
        sql.raw(
          `select count(*) as n from "${table}" where instr("${column}", '${aida.id}') > 0 or instr("${column}", '${h.deps.hashes.chat(aida.id)}') > 0`,
        ),
      );
      expect(row!.n, `${table}.${column}`).toBe(0);
    }
    // What they submitted stays, without them.
    const [kept] = await db.all<{ n: number }>(
      sql.raw(`select count(*) as n from initiatives where id = ${initiativeId} and author_id is null`),
    );
    expect(kept!.n).toBe(1);
  });
});
