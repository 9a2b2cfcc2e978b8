import type { components } from "../../generated/dev-schema.js";
import type { SqlClient } from "./sql.js";

export type DevState = components["schemas"]["DevState"];
export type DevImported = components["schemas"]["DevImported"]["imported"];

/** The tables `reset` empties and `import` replaces, children first. Later parts append theirs. */
export const STATE_TABLES = ["messages", "activities", "events", "api_call_counts", "users"] as const;
/** Not part of an export: a reset or an import empties them (no callback is sent for a request that is gone). */
export const ONETOUCH_TABLES = ["deliveries", "approval_requests"] as const;
/** Part 4's tables (its injected faults too, kept in the database by part 5): emptied by reset and import (export does not carry them yet). */
export const PART4_TABLES = ["phone_verifications", "registrations", "sdk_registrations", "sdk_devices", "webhooks", "faults"] as const;
/** The abuse limits' counters and lockouts (production): emptied by reset and import (they name users). */
export const LIMIT_TABLES = ["limit_hits", "lockouts"] as const;
/** Every table of an application's data: a reset empties them and an import replaces them, in an order foreign keys allow. */
export const APP_DATA_TABLES = [...ONETOUCH_TABLES, ...PART4_TABLES, ...LIMIT_TABLES, ...STATE_TABLES] as const;

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

/** The application's whole state as the development API's `DevState` document. */
export async function exportState(db: SqlClient, appId: number): Promise<DevState> {
  const app = await db.query<{ clock_offset_seconds: number }>("SELECT clock_offset_seconds FROM apps WHERE app_id = $1", [appId]);
  const users = await db.query<Record<string, any>>(
    `SELECT u.*, COALESCE((SELECT array_agg(e.email ORDER BY e.added_at DESC, e.email) FROM user_emails e
       WHERE e.app_id = u.app_id AND e.authy_id = u.authy_id), '{}') AS emails
     FROM users u WHERE u.app_id = $1 ORDER BY u.authy_id`,
    [appId],
  );
  const codes = await db.query<Record<string, any>>("SELECT * FROM sent_codes WHERE app_id = $1 ORDER BY id", [appId]);
  const messages = await db.query<Record<string, any>>("SELECT * FROM messages WHERE app_id = $1 ORDER BY id", [appId]);
  const activities = await db.query<Record<string, any>>("SELECT * FROM activities WHERE app_id = $1 ORDER BY id", [appId]);
  const events = await db.query<Record<string, any>>("SELECT * FROM events WHERE app_id = $1 ORDER BY id", [appId]);
  const calls = await db.query<{ month: string; count: number }>("SELECT month, count FROM api_call_counts WHERE app_id = $1 ORDER BY month", [appId]);
  return {
    format: "authy-openapi-server/1",
    clock_offset_seconds: Number(app.rows[0]?.clock_offset_seconds ?? 0),
    users: users.rows.map((u) => ({
      authy_id: Number(u.authy_id),
      country_code: u.country_code,
      phone_number: u.national_number,
      emails: u.emails,
      app_installed: u.app_installed,
      registered: u.registered,
      otp_secret: u.otp_secret,
      otp_counter: Number(u.otp_counter),
      totp_secret: u.totp_secret,
      totp_label: u.totp_label,
      totp_last_step: u.totp_last_step === null ? null : Number(u.totp_last_step),
      created_at: iso(u.created_at)!,
      updated_at: iso(u.updated_at)!,
      removed_at: iso(u.removed_at),
    })),
    codes: codes.rows.map((c) => ({
      authy_id: Number(c.authy_id),
      channel: c.channel,
      counter: Number(c.counter),
      digits: c.digits,
      action: c.action,
      action_message: c.action_message,
      created_at: iso(c.created_at)!,
      expires_at: iso(c.expires_at)!,
      used_at: iso(c.used_at),
    })),
    messages: messages.rows.map((m) => ({
      kind: m.kind,
      channel: m.channel,
      authy_id: m.authy_id === null ? null : Number(m.authy_id),
      to: m.recipient,
      code: m.code,
      text: m.body,
      created_at: iso(m.created_at)!,
    })),
    activities: activities.rows.map((a) => ({ authy_id: Number(a.authy_id), type: a.type, data: a.data, user_ip: a.user_ip, created_at: iso(a.created_at)! })),
    events: events.rows.map((e) => ({ kind: e.kind, authy_id: e.authy_id === null ? null : Number(e.authy_id), created_at: iso(e.created_at)! })),
    api_calls: calls.rows.map((c) => ({ month: c.month, count: Number(c.count) })),
  };
}

/** A user of an import, its number already checked and written as E.164 by the caller. */
export interface ImportUser {
  user: DevState["users"][number];
  e164: string;
  nationalNumber: string;
  otpSecret: string;
}

/**
 * Replaces the application's state, in one transaction (all or nothing). The `authy_id` sequence moves past the
 * largest imported id, so users registered later never collide with seeded ones.
 */
export async function importState(db: SqlClient, appId: number, state: DevState, users: ImportUser[], now: Date): Promise<DevImported> {
  const at = (text: string | null | undefined, fallback: Date | null) => (text === undefined || text === null ? fallback : new Date(text));
  return db.transaction(async (tx) => {
    for (const table of APP_DATA_TABLES) await tx.query(`DELETE FROM ${table} WHERE app_id = $1`, [appId]);
    await tx.query("UPDATE apps SET clock_offset_seconds = $2 WHERE app_id = $1", [appId, state.clock_offset_seconds ?? 0]);
    for (const { user, e164, nationalNumber, otpSecret } of users) {
      const created = at(user.created_at, now)!;
      await tx.query(
        `INSERT INTO users (app_id, authy_id, country_code, national_number, e164, otp_secret, otp_counter, totp_secret, totp_label,
           totp_last_step, app_installed, registered, created_at, updated_at, removed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          appId, user.authy_id, user.country_code, nationalNumber, e164, otpSecret, user.otp_counter ?? 0, user.totp_secret ?? null,
          user.totp_label ?? null, user.totp_last_step ?? null, user.app_installed ?? false, user.registered ?? false, created,
          at(user.updated_at, created), at(user.removed_at, null),
        ],
      );
      // Newest first in the document: the first email gets the latest time.
      for (const [i, email] of user.emails.entries()) {
        await tx.query(
          "INSERT INTO user_emails (app_id, authy_id, email, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
          [appId, user.authy_id, email, new Date(created.getTime() - i)],
        );
      }
    }
    for (const c of state.codes ?? []) {
      await tx.query(
        `INSERT INTO sent_codes (app_id, authy_id, channel, counter, digits, action, action_message, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [appId, c.authy_id, c.channel, c.counter, c.digits, c.action ?? null, c.action_message ?? null, at(c.created_at, now), at(c.expires_at, now), at(c.used_at, null)],
      );
    }
    for (const m of state.messages ?? []) {
      await tx.query(
        "INSERT INTO messages (app_id, kind, channel, authy_id, recipient, code, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        [appId, m.kind, m.channel, m.authy_id ?? null, m.to, m.code ?? null, m.text, at(m.created_at, now)],
      );
    }
    for (const a of state.activities ?? []) {
      await tx.query("INSERT INTO activities (app_id, authy_id, type, data, user_ip, created_at) VALUES ($1, $2, $3, $4, $5, $6)", [
        appId, a.authy_id, a.type, a.data === undefined || a.data === null ? null : JSON.stringify(a.data), a.user_ip ?? null, at(a.created_at, now),
      ]);
    }
    for (const e of state.events ?? []) {
      await tx.query("INSERT INTO events (app_id, kind, authy_id, created_at) VALUES ($1, $2, $3, $4)", [appId, e.kind, e.authy_id ?? null, at(e.created_at, now)]);
    }
    for (const c of state.api_calls ?? []) {
      await tx.query("INSERT INTO api_call_counts (app_id, month, count) VALUES ($1, $2, $3)", [appId, c.month, c.count]);
    }
    const largest = Math.max(0, ...users.map((u) => u.user.authy_id));
    if (largest > 0) await tx.query("SELECT setval('authy_id_seq', GREATEST((SELECT last_value FROM authy_id_seq), $1::bigint))", [largest]);
    return {
      users: users.length,
      codes: state.codes?.length ?? 0,
      messages: state.messages?.length ?? 0,
      activities: state.activities?.length ?? 0,
      events: state.events?.length ?? 0,
    };
  });
}
