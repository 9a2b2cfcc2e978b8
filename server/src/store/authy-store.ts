import { randomBytes } from "node:crypto";
import { SecretBox } from "../secrets/secret-box.js";
import { DashboardStore } from "./dashboard.js";
import { reportedName, WEBHOOK_EVENT_KIND, WEBHOOK_MAX_ATTEMPTS } from "./event-names.js";
import { ApprovalRequestStore } from "./approval-requests.js";
import { DeliveryStore } from "./deliveries.js";
import { FaultStore, SignatureNonceStore } from "./faults.js";
import { migrate, MIGRATIONS } from "./migrations.js";
import { openPostgresDatabase } from "./postgres.js";
import { RegistrationStore } from "./registrations.js";
import { ReportingStore } from "./reporting.js";
import { PhoneVerificationStore } from "./verifications.js";
import { openEmbeddedDatabase, openMemoryDatabase, type SqlClient, type SqlDatabase } from "./sql.js";
import { APP_DATA_TABLES, exportState, importState, type DevImported, type DevState, type ImportUser } from "./state.js";

/**
 * Every query of the server, behind one interface the domain calls (the domain has no SQL). The same SQL runs on
 * PGlite and on PostgreSQL. Each state change is one statement or one transaction, written so that concurrent
 * servers on one database stay correct (atomic claims with `UPDATE … WHERE used_at IS NULL`, upserts).
 */

export interface AppRow {
  app_id: number;
  name: string;
  /** The key in clear (opened from its sealed column). */
  api_key: string;
  /** After a key replacement with an overlap: the old key, accepted until `previous_api_key_until`. */
  previous_api_key_until: Date | null;
  token_length: number;
  clock_offset_seconds: number;
  created_at: Date;
  /** Dashboard and Webhooks API request signing (migration 4). */
  signing_key: string | null;
  access_key: string | null;
  background_color: string | null;
  /** Where OneTouch callbacks go (null: none are sent) and how. */
  onetouch_callback_url: string | null;
  onetouch_callback_method: "POST" | "GET";
}

export interface UserRow {
  app_id: number;
  authy_id: number;
  country_code: number;
  national_number: string;
  e164: string;
  otp_secret: string;
  otp_counter: number;
  totp_secret: string | null;
  totp_label: string | null;
  totp_last_step: number | null;
  app_installed: boolean;
  registered: boolean;
  created_at: Date;
  updated_at: Date;
  removed_at: Date | null;
  /** Newest first. */
  emails: string[];
}

export interface SentCodeRow {
  id: number;
  channel: "sms" | "call" | "email";
  counter: number;
  digits: number;
  action: string | null;
  action_message: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface MessageRow {
  id: number;
  kind: string;
  channel: string;
  authy_id: number | null;
  recipient: string;
  code: string | null;
  body: string;
  created_at: Date;
}

export interface NewMessage {
  kind: string;
  channel: string;
  authyId: number | null;
  recipient: string;
  code: string | null;
  body: string;
}

export interface MonthCounts {
  month: string;
  api_calls: number;
  auths: number;
  calls: number;
  sms: number;
  users: number;
}

const USER_COLUMNS = `u.app_id, u.authy_id, u.country_code, u.national_number, u.e164, u.otp_secret, u.otp_counter,
  u.totp_secret, u.totp_label, u.totp_last_step, u.app_installed, u.registered, u.created_at, u.updated_at, u.removed_at,
  COALESCE((SELECT array_agg(e.email ORDER BY e.added_at DESC, e.email) FROM user_emails e
    WHERE e.app_id = u.app_id AND e.authy_id = u.authy_id), '{}') AS emails`;

// A removed user stays visible (account_disabled) for this long, then is gone; see domain/users.ts.
export const REMOVAL_DELAY_SECONDS = 86_400;

/**
 * The columns that hold sealed secrets (see SecretBox): each value is sealed on write, opened on read, and resealed
 * under the current operator key by {@link AuthyStore.resealAll}. A later part's secret column joins this list.
 */
export const SEALED_COLUMNS: ReadonlyArray<{ table: string; keys: readonly string[]; column: string }> = [
  { table: "apps", keys: ["app_id"], column: "api_key" },
  { table: "apps", keys: ["app_id"], column: "previous_api_key" },
  { table: "users", keys: ["app_id", "authy_id"], column: "otp_secret" },
  { table: "users", keys: ["app_id", "authy_id"], column: "totp_secret" },
  { table: "messages", keys: ["app_id", "id"], column: "code" },
  { table: "messages", keys: ["app_id", "id"], column: "body" },
  { table: "apps", keys: ["app_id"], column: "signing_key" },
  { table: "apps", keys: ["app_id"], column: "access_key" },
  { table: "webhooks", keys: ["app_id", "id"], column: "signing_key" },
  { table: "phone_verifications", keys: ["app_id", "uuid"], column: "code" },
];

const RESEAL_BATCH = 200;

export class AuthyStore {
  readonly verifications: PhoneVerificationStore;
  readonly reporting: ReportingStore;
  readonly registrations: RegistrationStore;
  readonly dashboard: DashboardStore;
  /** The outbound delivery queue (store/deliveries.ts). */
  readonly deliveries: DeliveryStore;
  /** OneTouch approval requests (store/approval-requests.ts). */
  readonly approvalRequests: ApprovalRequestStore;
  /** Injected faults (store/faults.ts). */
  readonly faults: FaultStore;
  /** Used request-signature nonces (store/faults.ts). */
  readonly signatureNonces: SignatureNonceStore;

  constructor(
    private readonly db: SqlDatabase,
    readonly box: SecretBox = new SecretBox(),
  ) {
    this.verifications = new PhoneVerificationStore(db, box);
    this.reporting = new ReportingStore(db);
    this.registrations = new RegistrationStore(db);
    this.dashboard = new DashboardStore(db, box);
    this.deliveries = new DeliveryStore(db);
    this.approvalRequests = new ApprovalRequestStore(db, this.deliveries);
    this.faults = new FaultStore(db);
    this.signatureNonces = new SignatureNonceStore(db);
  }

  static async open(db: SqlDatabase, box?: SecretBox): Promise<AuthyStore> {
    await migrate(db);
    return new AuthyStore(db, box);
  }

  /** The embedded store on a data folder (durable), or in memory (undefined). */
  static async openEmbedded(dataDir: string | undefined, box?: SecretBox): Promise<AuthyStore> {
    if (dataDir !== undefined) return AuthyStore.open(await openEmbeddedDatabase(dataDir, { migrate, seedKey: JSON.stringify(MIGRATIONS) }), box);
    return new AuthyStore(await openMemoryDatabase(migrate, JSON.stringify(MIGRATIONS)), box);
  }

  /** Answers when the database does (readiness). */
  async ping(): Promise<void> {
    await this.db.query("SELECT 1");
  }

  private app(row: AppRow | undefined): AppRow | undefined {
    return (
      row && {
        ...row,
        api_key: this.box.open(row.api_key, "apps.api_key"),
        signing_key: this.box.openNullable(row.signing_key, "apps.signing_key"),
        access_key: this.box.openNullable(row.access_key, "apps.access_key"),
      }
    );
  }

  private userRow(row: UserRow | undefined): UserRow | undefined {
    return (
      row && {
        ...row,
        otp_secret: this.box.open(row.otp_secret, "users.otp_secret"),
        totp_secret: this.box.openNullable(row.totp_secret, "users.totp_secret"),
      }
    );
  }

  private messageRow(row: MessageRow): MessageRow {
    return { ...row, code: this.box.openNullable(row.code, "messages.code"), body: this.box.open(row.body, "messages.body") };
  }

  // Secrets at rest

  /** The operator key ids that sealed values name: each must be given, or those values cannot be opened. */
  async keyIdsInUse(): Promise<string[]> {
    const ids = new Set<string>();
    for (const { table, column } of SEALED_COLUMNS) {
      const { rows } = await this.db.query<{ id: string }>(
        `SELECT DISTINCT split_part(${column}, ':', 3) AS id FROM ${table} WHERE ${column} LIKE 'enc:v1:%'`,
      );
      for (const row of rows) ids.add(row.id);
    }
    return [...ids].sort();
  }

  /**
   * Seals every secret that is not yet sealed under the current operator key, and rehashes the API keys, in small
   * batches while the server answers. Each row is replaced only if it still holds the value read (several servers
   * may rotate at once). Returns the number of values resealed.
   */
  async resealAll(stopping: () => boolean = () => false): Promise<number> {
    if (!this.box.encrypting) return 0;
    let resealed = 0;
    for (const { table, keys, column } of SEALED_COLUMNS) {
      for (;;) {
        if (stopping()) return resealed;
        const { rows } = await this.db.query<Record<string, unknown>>(
          `SELECT ${keys.join(", ")}, ${column} AS value FROM ${table}
           WHERE ${column} IS NOT NULL AND ${column} NOT LIKE $1 LIMIT ${RESEAL_BATCH}`,
          [this.box.currentPattern()],
        );
        if (rows.length === 0) break;
        for (const row of rows) {
          const value = row.value as string;
          const sealed = this.box.seal(this.box.open(value, `${table}.${column}`), `${table}.${column}`);
          const where = keys.map((key, i) => `${key} = $${i + 3}`).join(" AND ");
          const { rows: updated } = await this.db.query(
            `UPDATE ${table} SET ${column} = $1 WHERE ${column} = $2 AND ${where} RETURNING ${keys[0]}`,
            [sealed, value, ...keys.map((key) => row[key])],
          );
          resealed += updated.length;
        }
      }
    }
    await this.rehashApiKeys();
    return resealed;
  }

  /** Stores each application's key hashes under the current key (also fills them after migration 6). */
  async rehashApiKeys(): Promise<void> {
    const { rows } = await this.db.query<{ app_id: number; api_key: string; api_key_hash: string | null; previous_api_key: string | null; previous_api_key_hash: string | null }>(
      "SELECT app_id, api_key, api_key_hash, previous_api_key, previous_api_key_hash FROM apps",
    );
    for (const row of rows) {
      const hash = this.box.lookupHash(this.box.open(row.api_key, "apps.api_key"));
      const previous = row.previous_api_key === null ? null : this.box.lookupHash(this.box.open(row.previous_api_key, "apps.previous_api_key"));
      if (hash === row.api_key_hash && previous === row.previous_api_key_hash) continue;
      await this.db.query("UPDATE apps SET api_key_hash = $2, previous_api_key_hash = $3 WHERE app_id = $1", [row.app_id, hash, previous]);
    }
  }

  /** PostgreSQL, shareable by several servers (migrations run once, under an advisory lock). */
  static async openPostgres(url: string, log?: (line: string) => void, box?: SecretBox): Promise<AuthyStore> {
    const db = await openPostgresDatabase(url, { log });
    try {
      return await AuthyStore.open(db, box);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // Applications

  async firstApp(): Promise<AppRow | undefined> {
    const { rows } = await this.db.query<AppRow>("SELECT * FROM apps ORDER BY app_id LIMIT 1");
    return this.app(rows[0]);
  }

  /**
   * The application a presented API key belongs to, found by its keyed hash (an index lookup that reveals nothing of
   * the key), and whether it is the previous key (the caller checks its overlap window against the app's clock).
   */
  async appByApiKey(apiKey: string): Promise<{ app: AppRow; previous: boolean } | undefined> {
    const hashes = this.box.lookupHashes(apiKey);
    const { rows } = await this.db.query<AppRow & { api_key_hash: string }>(
      "SELECT * FROM apps WHERE api_key_hash = ANY($1) OR previous_api_key_hash = ANY($1) ORDER BY app_id LIMIT 1",
      [hashes],
    );
    const row = rows[0];
    if (!row) return undefined;
    return { app: this.app(row)!, previous: !hashes.includes(row.api_key_hash) };
  }

  async appById(appId: number): Promise<AppRow | undefined> {
    const { rows } = await this.db.query<AppRow>("SELECT * FROM apps WHERE app_id = $1", [appId]);
    return this.app(rows[0]);
  }

  /**
   * Creates the application unless it exists: servers starting together on one database create it once, and the
   * others get the one created (`created` false).
   */
  async createAppIfMissing(app: { appId: number; name: string; apiKey: string; createdAt: Date }): Promise<{ app: AppRow; created: boolean }> {
    const { rows } = await this.db.query<AppRow>(
      "INSERT INTO apps (app_id, name, api_key, api_key_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (app_id) DO NOTHING RETURNING *",
      [app.appId, app.name, this.box.seal(app.apiKey, "apps.api_key"), this.box.lookupHash(app.apiKey), app.createdAt],
    );
    if (rows[0]) return { app: this.app(rows[0])!, created: true };
    return { app: (await this.appById(app.appId))!, created: false };
  }

  /**
   * Replaces the application's key. With `previousUntil`, the old key stays accepted until then (by the app's clock):
   * clients move over while both work; callbacks are signed with the new key from now on.
   */
  async replaceApiKey(appId: number, apiKey: string, previousUntil: Date | null = null): Promise<void> {
    const current = (await this.appById(appId))!.api_key;
    const previous = previousUntil === null ? [null, null] : [this.box.seal(current, "apps.previous_api_key"), this.box.lookupHash(current)];
    await this.db.query(
      `UPDATE apps SET previous_api_key = $4, previous_api_key_hash = $5, previous_api_key_until = $6, api_key = $2, api_key_hash = $3
       WHERE app_id = $1`,
      [appId, this.box.seal(apiKey, "apps.api_key"), this.box.lookupHash(apiKey), ...previous, previousUntil],
    );
  }

  /** The OneTouch callback settings; `url` null turns callbacks off. */
  async setOneTouchCallback(appId: number, settings: { url?: string | null; method?: "POST" | "GET" }): Promise<AppRow> {
    const { rows } = await this.db.query<AppRow>(
      `UPDATE apps SET onetouch_callback_url = CASE WHEN $2 THEN $3 ELSE onetouch_callback_url END,
         onetouch_callback_method = COALESCE($4, onetouch_callback_method)
       WHERE app_id = $1 RETURNING *`,
      [appId, settings.url !== undefined, settings.url ?? null, settings.method ?? null],
    );
    return this.app(rows[0])!;
  }

  async advanceClock(appId: number, seconds: number): Promise<number> {
    const { rows } = await this.db.query<{ clock_offset_seconds: number }>(
      "UPDATE apps SET clock_offset_seconds = clock_offset_seconds + $2 WHERE app_id = $1 RETURNING clock_offset_seconds",
      [appId, seconds],
    );
    return Number(rows[0]!.clock_offset_seconds);
  }

  /** Empties the application's data and resets its clock; keeps the application, its key and settings. */
  async reset(appId: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const table of APP_DATA_TABLES) {
        await tx.query(`DELETE FROM ${table} WHERE app_id = $1`, [appId]);
      }
      await tx.query("UPDATE apps SET clock_offset_seconds = 0 WHERE app_id = $1", [appId]);
    });
  }

  /** The whole state of the application, as the development API exports it. */
  exportState(appId: number): Promise<DevState> {
    return exportState(this.db, appId);
  }

  /** Replaces the application's state (all or nothing). */
  importState(appId: number, state: DevState, users: ImportUser[], now: Date): Promise<DevImported> {
    return importState(this.db, appId, state, users, now);
  }

  // Users

  /** The user, unless unknown or removed longer ago than the removal delay. */
  user(appId: number, authyId: number, now: Date): Promise<UserRow | undefined> {
    return this.liveUser(appId, "authy_id", authyId, now);
  }

  /** The user who has this number (E.164), unless removed longer ago than the removal delay. */
  userByE164(appId: number, e164: string, now: Date): Promise<UserRow | undefined> {
    return this.liveUser(appId, "e164", e164, now);
  }

  private async liveUser(appId: number, key: "authy_id" | "e164", value: number | string, now: Date): Promise<UserRow | undefined> {
    const { rows } = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.app_id = $1 AND u.${key} = $2
         AND (u.removed_at IS NULL OR u.removed_at > $3::timestamptz - make_interval(secs => $4))`,
      [appId, value, now, REMOVAL_DELAY_SECONDS],
    );
    return this.userRow(rows[0]);
  }

  /**
   * Registers a phone number, or finds the user who has it (and un-removes one whose removal is still pending); adds
   * the email either way. One user per application and E.164 number, whoever registers it concurrently.
   */
  async upsertUser(input: {
    appId: number;
    countryCode: number;
    nationalNumber: string;
    e164: string;
    /** Null: a user registered without PII (no email). */
    email: string | null;
    otpSecret: string;
    now: Date;
  }): Promise<{ user: UserRow; created: boolean }> {
    const { appId, countryCode, nationalNumber, e164, email, otpSecret, now } = input;
    return this.db.transaction(async (tx) => {
      // A removal past its delay is final: that number then registers as a new user.
      await tx.query(
        "DELETE FROM users WHERE app_id = $1 AND e164 = $2 AND removed_at <= $3::timestamptz - make_interval(secs => $4)",
        [appId, e164, now, REMOVAL_DELAY_SECONDS],
      );
      const { rows } = await tx.query<{ authy_id: number; created: boolean }>(
        `INSERT INTO users (app_id, authy_id, country_code, national_number, e164, otp_secret, created_at, updated_at)
         VALUES ($1, nextval('authy_id_seq'), $2, $3, $4, $5, $6, $6)
         ON CONFLICT (app_id, e164) DO UPDATE SET removed_at = NULL, updated_at = EXCLUDED.updated_at
         RETURNING authy_id, (xmax = 0) AS created`,
        [appId, countryCode, nationalNumber, e164, this.box.seal(otpSecret, "users.otp_secret"), now],
      );
      const { authy_id: authyId, created } = rows[0]!;
      if (email !== null) await tx.query(
        `INSERT INTO user_emails (app_id, authy_id, email, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_id, authy_id, email) DO UPDATE SET added_at = EXCLUDED.added_at`,
        [appId, authyId, email, now],
      );
      if (created) await insertEvent(tx, appId, "user_added", authyId, now);
      const user = await tx.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.app_id = $1 AND u.authy_id = $2`, [appId, authyId]);
      return { user: this.userRow(user.rows[0])!, created };
    });
  }

  async markRemoved(appId: number, authyId: number, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query("UPDATE users SET removed_at = COALESCE(removed_at, $3), updated_at = $3 WHERE app_id = $1 AND authy_id = $2", [
        appId,
        authyId,
        now,
      ]);
      await insertEvent(tx, appId, "user_removed", authyId, now);
    });
  }

  async addEmail(appId: number, authyId: number, email: string, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO user_emails (app_id, authy_id, email, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_id, authy_id, email) DO UPDATE SET added_at = EXCLUDED.added_at`,
        [appId, authyId, email, now],
      );
      await tx.query("UPDATE users SET updated_at = $3 WHERE app_id = $1 AND authy_id = $2", [appId, authyId, now]);
    });
  }

  async setUserFlags(appId: number, authyId: number, flags: { appInstalled?: boolean; registered?: boolean }, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE users SET app_installed = COALESCE($3, app_installed), registered = COALESCE($4, registered), updated_at = $5
       WHERE app_id = $1 AND authy_id = $2`,
      [appId, authyId, flags.appInstalled ?? null, flags.registered ?? null, now],
    );
  }

  async recordActivity(appId: number, authyId: number, type: string, data: unknown, userIp: string | undefined, now: Date): Promise<void> {
    await this.db.query(
      "INSERT INTO activities (app_id, authy_id, type, data, user_ip, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [appId, authyId, type, data === undefined ? null : JSON.stringify(data), userIp ?? null, now],
    );
  }

  async activities(appId: number, authyId: number): Promise<Array<{ type: string; data: unknown; user_ip: string | null; created_at: Date }>> {
    const { rows } = await this.db.query<{ type: string; data: unknown; user_ip: string | null; created_at: Date }>(
      "SELECT type, data, user_ip, created_at FROM activities WHERE app_id = $1 AND authy_id = $2 ORDER BY id",
      [appId, authyId],
    );
    return rows;
  }

  /** Keeps the authenticator secret once made (asking again shows the same one); the label follows the last request. */
  async ensureTotpSecret(appId: number, authyId: number, secret: string, label: string, now: Date): Promise<string> {
    const { rows } = await this.db.query<{ totp_secret: string }>(
      `UPDATE users SET totp_secret = COALESCE(totp_secret, $3), totp_label = $4, updated_at = $5
       WHERE app_id = $1 AND authy_id = $2 RETURNING totp_secret`,
      [appId, authyId, this.box.seal(secret, "users.totp_secret"), label, now],
    );
    return this.box.open(rows[0]!.totp_secret, "users.totp_secret");
  }

  /**
   * Records an authenticator time step as used, only if it is newer than the last one used: false means the step
   * (or a later one) was already used. Atomic, so two concurrent verifies of one code give one success.
   */
  async claimTotpStep(appId: number, authyId: number, step: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE users SET totp_last_step = $3 WHERE app_id = $1 AND authy_id = $2
         AND (totp_last_step IS NULL OR totp_last_step < $3) RETURNING authy_id`,
      [appId, authyId, step],
    );
    return rows.length === 1;
  }

  // Codes sent by SMS, call or email

  /** Takes the user's next HOTP counter and records the code's lifetime and binding. */
  async issueCode(input: {
    appId: number;
    authyId: number;
    channel: "sms" | "call" | "email";
    digits: number;
    action: string | undefined;
    actionMessage: string | undefined;
    now: Date;
    expiresAt: Date;
  }): Promise<{ counter: number; secret: string }> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ otp_counter: number; otp_secret: string }>(
        "UPDATE users SET otp_counter = otp_counter + 1 WHERE app_id = $1 AND authy_id = $2 RETURNING otp_counter, otp_secret",
        [input.appId, input.authyId],
      );
      const { otp_counter: counter, otp_secret: secret } = rows[0]!;
      await tx.query(
        `INSERT INTO sent_codes (app_id, authy_id, channel, counter, digits, action, action_message, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [input.appId, input.authyId, input.channel, counter, input.digits, input.action ?? null, input.actionMessage ?? null, input.now, input.expiresAt],
      );
      return { counter: Number(counter), secret: this.box.open(secret, "users.otp_secret") };
    });
  }

  /** The user's codes still within their lifetime at `now` (used or not), newest first. */
  async liveCodes(appId: number, authyId: number, now: Date): Promise<SentCodeRow[]> {
    const { rows } = await this.db.query<SentCodeRow>(
      `SELECT id, channel, counter, digits, action, action_message, created_at, expires_at, used_at
       FROM sent_codes WHERE app_id = $1 AND authy_id = $2 AND expires_at > $3 ORDER BY id DESC`,
      [appId, authyId, now],
    );
    return rows;
  }

  /** Marks a code used; false when another request used it first. */
  async claimCode(appId: number, id: number, now: Date): Promise<boolean> {
    const { rows } = await this.db.query(
      "UPDATE sent_codes SET used_at = $3 WHERE app_id = $1 AND id = $2 AND used_at IS NULL RETURNING id",
      [appId, id, now],
    );
    return rows.length === 1;
  }

  // Messages (never delivered in development: printed and kept)

  async addMessage(appId: number, message: NewMessage, now: Date): Promise<MessageRow> {
    const { rows } = await this.db.query<MessageRow>(
      `INSERT INTO messages (app_id, kind, channel, authy_id, recipient, code, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, kind, channel, authy_id, recipient, code, body, created_at`,
      [
        appId,
        message.kind,
        message.channel,
        message.authyId,
        message.recipient,
        message.code === null ? null : this.box.seal(message.code, "messages.code"),
        this.box.seal(message.body, "messages.body"),
        now,
      ],
    );
    return this.messageRow(rows[0]!);
  }

  async messageById(appId: number, id: number): Promise<MessageRow | undefined> {
    const { rows } = await this.db.query<MessageRow>(
      "SELECT id, kind, channel, authy_id, recipient, code, body, created_at FROM messages WHERE app_id = $1 AND id = $2",
      [appId, id],
    );
    return rows[0] && this.messageRow(rows[0]);
  }

  async messages(appId: number, filter: { authyId?: number; to?: string; channel?: string; limit: number }): Promise<MessageRow[]> {
    const { rows } = await this.db.query<MessageRow>(
      `SELECT id, kind, channel, authy_id, recipient, code, body, created_at FROM messages
       WHERE app_id = $1 AND ($2::bigint IS NULL OR authy_id = $2) AND ($3::text IS NULL OR recipient = $3)
         AND ($4::text IS NULL OR channel = $4)
       ORDER BY id DESC LIMIT $5`,
      [appId, filter.authyId ?? null, filter.to ?? null, filter.channel ?? null, filter.limit],
    );
    return rows.map((row) => this.messageRow(row));
  }

  // Events and counters (application statistics; reporting in part 4)

  /** `objects` are the event's own reporting objects (the application and the user are added when listed). */
  async recordEvent(appId: number, kind: string, authyId: number | null, now: Date, objects?: Record<string, Record<string, unknown>>): Promise<void> {
    await insertEvent(this.db, appId, kind, authyId, now, objects);
  }

  async countApiCall(appId: number, month: string): Promise<void> {
    await this.db.query(
      `INSERT INTO api_call_counts (app_id, month, count) VALUES ($1, $2, 1)
       ON CONFLICT (app_id, month) DO UPDATE SET count = api_call_counts.count + 1`,
      [appId, month],
    );
  }

  /** Counts per calendar month (UTC, `YYYY-MM`) from `since` on. */
  async monthlyCounts(appId: number, since: Date): Promise<Map<string, MonthCounts>> {
    const { rows } = await this.db.query<MonthCounts>(
      `WITH e AS (
         SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, kind FROM events
         WHERE app_id = $1 AND created_at >= $2
       )
       SELECT month,
         COALESCE((SELECT count FROM api_call_counts c WHERE c.app_id = $1 AND c.month = m.month), 0)::int AS api_calls,
         (SELECT count(*) FROM e WHERE e.month = m.month AND kind = 'token_verified')::int AS auths,
         (SELECT count(*) FROM e WHERE e.month = m.month AND kind = 'call_sent')::int AS calls,
         (SELECT count(*) FROM e WHERE e.month = m.month AND kind = 'sms_sent')::int AS sms,
         (SELECT count(*) FROM e WHERE e.month = m.month AND kind = 'user_added')::int AS users
       FROM (SELECT month FROM e UNION SELECT month FROM api_call_counts WHERE app_id = $1) m`,
      [appId, since],
    );
    return new Map(rows.map((row) => [row.month, row]));
  }

  // Abuse limits (domain/limits.ts)

  /**
   * Counts one use of each `scope`/`subject`, unless one of them already had `max` uses within its last
   * `windowSeconds`: then nothing is counted (one transaction, rolled back). Hits are written before they are counted,
   * so concurrent servers never admit more than `max`. Refused: when the oldest counted use leaves the window.
   */
  async takeLimitSlots(
    appId: number,
    now: Date,
    slots: ReadonlyArray<{ scope: string; subject: string; windowSeconds: number; max: number }>,
  ): Promise<{ admitted: true } | { admitted: false; retryAt: Date }> {
    class Refused extends Error {
      constructor(readonly retryAt: Date) {
        super("limit reached");
      }
    }
    try {
      await this.db.transaction(async (tx) => {
        for (const { scope, subject, windowSeconds, max } of slots) {
          await tx.query(
            "DELETE FROM limit_hits WHERE app_id = $1 AND scope = $2 AND subject = $3 AND created_at <= $4::timestamptz - make_interval(secs => $5)",
            [appId, scope, subject, now, windowSeconds],
          );
          await tx.query("INSERT INTO limit_hits (app_id, scope, subject, created_at) VALUES ($1, $2, $3, $4)", [appId, scope, subject, now]);
          const { rows } = await tx.query<{ n: number; oldest: Date }>(
            "SELECT count(*)::int AS n, min(created_at) AS oldest FROM limit_hits WHERE app_id = $1 AND scope = $2 AND subject = $3",
            [appId, scope, subject],
          );
          if (rows[0]!.n > max) throw new Refused(new Date(new Date(rows[0]!.oldest).getTime() + windowSeconds * 1000));
        }
      });
      return { admitted: true };
    } catch (error) {
      if (error instanceof Refused) return { admitted: false, retryAt: error.retryAt };
      throw error;
    }
  }

  /** Counts a failure; the `max`-th within the window locks the subject out until `now + lockoutSeconds`. */
  async recordFailure(input: { appId: number; scope: string; subject: string; now: Date; windowSeconds: number; max: number; lockoutSeconds: number }): Promise<Date | undefined> {
    const { appId, scope, subject, now, windowSeconds, max, lockoutSeconds } = input;
    return this.db.transaction(async (tx) => {
      await tx.query(
        "DELETE FROM limit_hits WHERE app_id = $1 AND scope = $2 AND subject = $3 AND created_at <= $4::timestamptz - make_interval(secs => $5)",
        [appId, scope, subject, now, windowSeconds],
      );
      await tx.query("INSERT INTO limit_hits (app_id, scope, subject, created_at) VALUES ($1, $2, $3, $4)", [appId, scope, subject, now]);
      const { rows } = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM limit_hits WHERE app_id = $1 AND scope = $2 AND subject = $3", [
        appId,
        scope,
        subject,
      ]);
      if (rows[0]!.n < max) return undefined;
      const until = new Date(now.getTime() + lockoutSeconds * 1000);
      await tx.query(
        `INSERT INTO lockouts (app_id, scope, subject, until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_id, scope, subject) DO UPDATE SET until = GREATEST(lockouts.until, EXCLUDED.until)`,
        [appId, scope, subject, until],
      );
      await tx.query("DELETE FROM limit_hits WHERE app_id = $1 AND scope = $2 AND subject = $3", [appId, scope, subject]);
      return until;
    });
  }

  /** When the subject's lockout ends, if it is locked out at `now`. */
  async lockedUntil(appId: number, scope: string, subject: string, now: Date): Promise<Date | undefined> {
    const { rows } = await this.db.query<{ until: Date }>("SELECT until FROM lockouts WHERE app_id = $1 AND scope = $2 AND subject = $3 AND until > $4", [
      appId,
      scope,
      subject,
      now,
    ]);
    return rows[0] && new Date(rows[0].until);
  }

  /** Forgets the subject's counted failures (a success). */
  async clearFailures(appId: number, scope: string, subject: string): Promise<void> {
    await this.db.query("DELETE FROM limit_hits WHERE app_id = $1 AND scope = $2 AND subject = $3", [appId, scope, subject]);
  }

  async userCount(appId: number, now: Date): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE app_id = $1
         AND (removed_at IS NULL OR removed_at > $2::timestamptz - make_interval(secs => $3))`,
      [appId, now, REMOVAL_DELAY_SECONDS],
    );
    return rows[0]!.n;
  }
}

/**
 * Records an event and, in the same statement, queues its delivery to every webhook of the application subscribed
 * to it (the delivery queue's `webhook_event` kind: the JWT is made at each attempt, from the event as stored).
 */
function insertEvent(db: SqlClient, appId: number, kind: string, authyId: number | null, now: Date, objects?: Record<string, unknown>): Promise<unknown> {
  return db.query(
    `WITH e AS (
       INSERT INTO events (app_id, kind, authy_id, created_at, request_id, objects) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
     )
     INSERT INTO deliveries (app_id, kind, subject, url, method, payload, max_attempts, next_attempt_at, created_at, updated_at)
     SELECT $1, $8, w.id, w.url, 'POST', json_build_object('webhook_id', w.id, 'event_id', e.id), $9, $4, $4, $4
     FROM webhooks w, e WHERE w.app_id = $1 AND $7::text IS NOT NULL AND $7::text = ANY (w.events)`,
    [
      appId,
      kind,
      authyId,
      now,
      randomBytes(16).toString("hex"),
      objects === undefined ? null : JSON.stringify(objects),
      reportedName(kind) ?? null,
      WEBHOOK_EVENT_KIND,
      WEBHOOK_MAX_ATTEMPTS,
    ],
  );
}
