import type { SqlClient } from "./sql.js";

/**
 * The outbound delivery queue's SQL (OneTouch callbacks here; webhook events and operator deliveries later use the
 * same table with their own `kind`). Two clocks meet here, on purpose:
 * - `next_attempt_at`, `created_at`, `updated_at`, `delivered_at` are application time (real time plus the
 *   application's `clock_offset_seconds`), so moving the development clock makes a scheduled retry due;
 * - `lease_expires_at` is real time: a lease guards an HTTP attempt in flight, which the development clock cannot
 *   speed up.
 * Rows are claimed with `FOR UPDATE SKIP LOCKED` plus a lease, so several servers on one PostgreSQL (part 5) never
 * run the same attempt twice at once, and a row whose worker died is taken over when its lease runs out.
 */

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface DeliveryRow {
  app_id: number;
  id: number;
  kind: string;
  subject: string | null;
  url: string;
  method: "POST" | "GET";
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

export interface NewDelivery {
  appId: number;
  kind: string;
  subject: string | null;
  url: string;
  method: "POST" | "GET";
  payload: unknown;
  maxAttempts: number;
  /** Application time: the first attempt is due at once. */
  now: Date;
}

/** SQL for "the application's clock now", given real time as `$n`. */
const APP_NOW = (param: string) => `(${param}::timestamptz + make_interval(secs => a.clock_offset_seconds))`;

const normalize = (row: DeliveryRow): DeliveryRow => ({
  ...row,
  id: Number(row.id),
  app_id: Number(row.app_id),
  payload: typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload,
});

export class DeliveryStore {
  constructor(private readonly db: SqlClient) {}

  async enqueue(input: NewDelivery, tx: SqlClient = this.db): Promise<DeliveryRow> {
    const { rows } = await tx.query<DeliveryRow>(
      `INSERT INTO deliveries (app_id, kind, subject, url, method, payload, max_attempts, next_attempt_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8) RETURNING *`,
      [input.appId, input.kind, input.subject, input.url, input.method, JSON.stringify(input.payload), input.maxAttempts, input.now],
    );
    return normalize(rows[0]!);
  }

  /**
   * Takes up to `limit` pending deliveries that are due by their application's clock and not leased (or whose lease
   * ran out), leases them to `owner` until `leaseUntil` (real time) and counts the attempt. The attempt is counted
   * at the claim, so a worker that dies mid-attempt still used one of the row's attempts.
   */
  async claimDue(owner: string, realNow: Date, leaseUntil: Date, limit: number): Promise<DeliveryRow[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      `UPDATE deliveries d SET lease_owner = $1, lease_expires_at = $3, attempts = d.attempts + 1
       WHERE (d.app_id, d.id) IN (
         SELECT q.app_id, q.id FROM deliveries q JOIN apps a ON a.app_id = q.app_id
         WHERE q.status = 'pending' AND q.next_attempt_at <= ${APP_NOW("$2")}
           AND (q.lease_expires_at IS NULL OR q.lease_expires_at < $2)
         ORDER BY q.next_attempt_at, q.id LIMIT $4
         FOR UPDATE OF q SKIP LOCKED)
       RETURNING d.*`,
      [owner, realNow, leaseUntil, limit],
    );
    return rows.map(normalize);
  }

  /**
   * Leases one delivery now, whatever its schedule (a manual retry): pending or failed, not delivered, not leased.
   * Undefined when there is no such delivery; `"delivered"` or `"busy"` say why it cannot be tried.
   */
  async claimOne(appId: number, id: number, owner: string, realNow: Date, leaseUntil: Date): Promise<DeliveryRow | "delivered" | "busy" | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<DeliveryRow>("SELECT * FROM deliveries WHERE app_id = $1 AND id = $2 FOR UPDATE", [appId, id]);
      const row = rows[0];
      if (!row) return undefined;
      if (row.status === "delivered") return "delivered";
      if (row.lease_expires_at !== null && row.lease_expires_at >= realNow) return "busy";
      const claimed = await tx.query<DeliveryRow>(
        "UPDATE deliveries SET lease_owner = $3, lease_expires_at = $4, attempts = attempts + 1 WHERE app_id = $1 AND id = $2 RETURNING *",
        [appId, id, owner, leaseUntil],
      );
      return normalize(claimed.rows[0]!);
    });
  }

  /** Records a 2xx: the delivery is done and never sent again, whoever held the lease. */
  async markDelivered(appId: number, id: number, httpStatus: number, now: Date): Promise<DeliveryRow | undefined> {
    const { rows } = await this.db.query<DeliveryRow>(
      `UPDATE deliveries SET status = 'delivered', last_status = $3, last_error = NULL, delivered_at = $4, updated_at = $4,
         lease_owner = NULL, lease_expires_at = NULL
       WHERE app_id = $1 AND id = $2 AND status <> 'delivered' RETURNING *`,
      [appId, id, httpStatus, now],
    );
    return rows[0] && normalize(rows[0]);
  }

  /**
   * Records a failed attempt by the lease holder: scheduled again at `nextAttemptAt` (application time), or failed
   * for good when `final`. Nothing changes when the lease was lost meanwhile or the delivery was already delivered.
   */
  async markAttemptFailed(input: {
    appId: number;
    id: number;
    owner: string;
    httpStatus: number | null;
    error: string;
    now: Date;
    nextAttemptAt: Date;
    final: boolean;
  }): Promise<DeliveryRow | undefined> {
    const { rows } = await this.db.query<DeliveryRow>(
      `UPDATE deliveries SET status = CASE WHEN $7 THEN 'failed' ELSE 'pending' END, last_status = $4, last_error = $5,
         next_attempt_at = $6, updated_at = $8, lease_owner = NULL, lease_expires_at = NULL
       WHERE app_id = $1 AND id = $2 AND lease_owner = $3 AND status <> 'delivered' RETURNING *`,
      [input.appId, input.id, input.owner, input.httpStatus, input.error, input.nextAttemptAt, input.final, input.now],
    );
    return rows[0] && normalize(rows[0]);
  }

  async get(appId: number, id: number): Promise<DeliveryRow | undefined> {
    const { rows } = await this.db.query<DeliveryRow>("SELECT * FROM deliveries WHERE app_id = $1 AND id = $2", [appId, id]);
    return rows[0] && normalize(rows[0]);
  }

  /** Newest first; `kind` filters. */
  async list(appId: number, filter: { kind?: string; limit: number }): Promise<DeliveryRow[]> {
    const { rows } = await this.db.query<DeliveryRow>(
      "SELECT * FROM deliveries WHERE app_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id DESC LIMIT $3",
      [appId, filter.kind ?? null, filter.limit],
    );
    return rows.map(normalize);
  }
}
