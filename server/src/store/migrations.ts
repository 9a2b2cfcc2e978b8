import type { SqlDatabase } from "./sql.js";

/**
 * Versioned schema changes, applied in order, each once, each in its own transaction. Never edit a released
 * migration: add the next one. Every data table carries `app_id` from the first migration, so that several
 * applications (Dashboard API, part 4) and several servers on one PostgreSQL (part 5) share one schema. The ledger
 * `schema_migrations` is the one table about the database itself rather than an application's data.
 * Times are passed in by the server (its clock can be moved), never taken from the database's `now()`.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: "applications, users, codes, messages, activities, events",
    sql: `
CREATE TABLE apps (
  app_id bigint PRIMARY KEY,
  name text NOT NULL,
  api_key text NOT NULL UNIQUE,
  token_length integer NOT NULL DEFAULT 7 CHECK (token_length BETWEEN 6 AND 10),
  clock_offset_seconds bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);
CREATE SEQUENCE authy_id_seq START WITH 1000;
CREATE TABLE users (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  authy_id bigint NOT NULL,
  country_code integer NOT NULL,
  national_number text NOT NULL,
  e164 text NOT NULL,
  otp_secret text NOT NULL,
  otp_counter bigint NOT NULL DEFAULT 0,
  totp_secret text,
  totp_label text,
  totp_last_step bigint,
  app_installed boolean NOT NULL DEFAULT false,
  registered boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  removed_at timestamptz,
  PRIMARY KEY (app_id, authy_id),
  UNIQUE (app_id, e164)
);
CREATE TABLE user_emails (
  app_id bigint NOT NULL,
  authy_id bigint NOT NULL,
  email text NOT NULL,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, authy_id, email),
  FOREIGN KEY (app_id, authy_id) REFERENCES users (app_id, authy_id) ON DELETE CASCADE
);
CREATE TABLE sent_codes (
  app_id bigint NOT NULL,
  id bigserial,
  authy_id bigint NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'call', 'email')),
  counter bigint NOT NULL,
  digits integer NOT NULL,
  action text,
  action_message text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (app_id, id),
  FOREIGN KEY (app_id, authy_id) REFERENCES users (app_id, authy_id) ON DELETE CASCADE
);
CREATE INDEX sent_codes_user ON sent_codes (app_id, authy_id);
CREATE TABLE messages (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  id bigserial,
  kind text NOT NULL,
  channel text NOT NULL,
  authy_id bigint,
  recipient text NOT NULL,
  code text,
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, id)
);
CREATE TABLE activities (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  id bigserial,
  authy_id bigint NOT NULL,
  type text NOT NULL,
  data jsonb,
  user_ip text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, id)
);
CREATE TABLE events (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  id bigserial,
  kind text NOT NULL,
  authy_id bigint,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, id)
);
CREATE INDEX events_time ON events (app_id, created_at);
CREATE TABLE api_call_counts (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  month text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (app_id, month)
);
`,
  },
  {
    version: 3,
    name: "OneTouch approval requests, callback settings, the delivery queue",
    sql: `
ALTER TABLE apps ADD COLUMN onetouch_callback_url text;
ALTER TABLE apps ADD COLUMN onetouch_callback_method text NOT NULL DEFAULT 'POST' CHECK (onetouch_callback_method IN ('POST', 'GET'));
CREATE TABLE approval_requests (
  app_id bigint NOT NULL,
  uuid text NOT NULL,
  internal_id text NOT NULL,
  authy_id bigint NOT NULL,
  message text NOT NULL,
  details json,
  hidden_details json,
  logos json,
  seconds_to_expire integer NOT NULL CHECK (seconds_to_expire >= 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'expired')),
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  processed_at timestamptz,
  updated_at timestamptz NOT NULL,
  notified boolean NOT NULL DEFAULT false,
  PRIMARY KEY (app_id, uuid),
  FOREIGN KEY (app_id, authy_id) REFERENCES users (app_id, authy_id) ON DELETE CASCADE
);
CREATE INDEX approval_requests_pending ON approval_requests (app_id, created_at) WHERE status = 'pending';
CREATE TABLE deliveries (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  id bigserial,
  kind text NOT NULL,
  subject text,
  url text NOT NULL,
  method text NOT NULL CHECK (method IN ('POST', 'GET')),
  payload json NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  last_status integer,
  last_error text,
  next_attempt_at timestamptz NOT NULL,
  lease_owner text,
  lease_expires_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  delivered_at timestamptz,
  PRIMARY KEY (app_id, id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
`,
  },
  {
    version: 4,
    name: "phone verifications, reporting event objects, registrations, SDK devices, dashboard keys and settings, webhooks",
    sql: `
CREATE TABLE phone_verifications (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  uuid text NOT NULL,
  e164 text NOT NULL,
  country_code integer NOT NULL,
  via text NOT NULL CHECK (via IN ('sms', 'call')),
  code text NOT NULL,
  custom_code boolean NOT NULL,
  locale text,
  line_type text NOT NULL,
  sms_id text,
  feedback_outcome text,
  feedback_at timestamptz,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  verified_at timestamptz,
  PRIMARY KEY (app_id, uuid)
);
CREATE INDEX phone_verifications_number ON phone_verifications (app_id, e164, created_at);
CREATE UNIQUE INDEX phone_verifications_sms ON phone_verifications (app_id, sms_id);
ALTER TABLE events ADD COLUMN request_id text, ADD COLUMN objects jsonb;
CREATE TABLE registrations (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  custom_user_id text NOT NULL,
  authy_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, custom_user_id)
);
CREATE TABLE sdk_registrations (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  token text NOT NULL,
  authy_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (app_id, token)
);
CREATE SEQUENCE sdk_device_id_seq START WITH 5000;
CREATE TABLE sdk_devices (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  device_id bigint NOT NULL,
  authy_id bigint NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, device_id)
);
ALTER TABLE apps ADD COLUMN signing_key text, ADD COLUMN access_key text, ADD COLUMN background_color text,
  ADD COLUMN main_logo bytea, ADD COLUMN sidebar_logo bytea, ADD COLUMN owner_email text, ADD COLUMN owner_phone text;
CREATE TABLE webhooks (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  events text[] NOT NULL,
  signing_key text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, id)
);
`,
  },
  {
    version: 5,
    name: "injected faults and used request-signature nonces in the database (shared by every server on it)",
    sql: `
CREATE TABLE faults (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  operation text NOT NULL,
  status integer,
  error_code text,
  latency_ms integer NOT NULL DEFAULT 0,
  drop_connection boolean NOT NULL DEFAULT false,
  remaining integer,
  PRIMARY KEY (app_id, operation)
);
CREATE TABLE used_signature_nonces (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  nonce text NOT NULL,
  signature text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, nonce, signature)
);
CREATE INDEX used_signature_nonces_seen ON used_signature_nonces (seen_at);
`,
  },
  {
    version: 6,
    name: "production: API key lookup hashes and overlap, abuse-limit counters and lockouts",
    // Secrets are sealed by the server (it holds the operator key), so this migration only adds columns; the server
    // fills api_key_hash and seals every stored secret on its next start (SecretBox, AuthyStore.resealAll).
    sql: `
ALTER TABLE apps ADD COLUMN api_key_hash text, ADD COLUMN previous_api_key text, ADD COLUMN previous_api_key_hash text,
  ADD COLUMN previous_api_key_until timestamptz;
CREATE UNIQUE INDEX apps_api_key_hash ON apps (api_key_hash);
CREATE INDEX apps_previous_api_key_hash ON apps (previous_api_key_hash);
CREATE TABLE limit_hits (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  id bigserial,
  scope text NOT NULL,
  subject text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (app_id, id)
);
CREATE INDEX limit_hits_subject ON limit_hits (app_id, scope, subject, created_at);
CREATE TABLE lockouts (
  app_id bigint NOT NULL REFERENCES apps (app_id) ON DELETE CASCADE,
  scope text NOT NULL,
  subject text NOT NULL,
  until timestamptz NOT NULL,
  PRIMARY KEY (app_id, scope, subject)
);
`,
  },
];

// Session-level advisory lock key for the migrations: a fixed number ("authy-mi" in ASCII), the same in every
// server, so that servers starting together on one PostgreSQL migrate one at a time.
export const MIGRATION_LOCK_KEY = 0x61757468792d6d69n;

/**
 * Brings the schema up to the newest migration. Returns the versions it applied. Runs under an advisory lock held on
 * one connection, so that when several servers start together on one database, one migrates and the others then
 * find every version applied (the ledger is read after the lock is taken).
 */
export async function migrate(db: SqlDatabase): Promise<number[]> {
  return db.session(async (session) => {
    await session.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    try {
      await session.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const { rows } = await session.query<{ version: number }>("SELECT version FROM schema_migrations");
      const applied = new Set(rows.map((row) => row.version));
      const done: number[] = [];
      // Ascending order whatever the order of the list (parts append their versions independently).
      for (const migration of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
        if (applied.has(migration.version)) continue;
        await session.transaction(async (tx) => {
          await tx.exec(migration.sql);
          await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
        });
        done.push(migration.version);
      }
      const newest = Math.max(...applied, ...done);
      const known = Math.max(...MIGRATIONS.map((migration) => migration.version));
      if (newest > known) throw new Error(`the database has schema version ${newest}, newer than this server knows (${known}): upgrade the server`);
      return done;
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
  });
}
