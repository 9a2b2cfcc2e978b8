import type { DeliveryRow, DeliveryStore, NewDelivery } from "./deliveries.js";
import type { SqlClient } from "./sql.js";

/** OneTouch approval requests' SQL. Times are application time (the server's movable clock). */

export type ApprovalStatus = "pending" | "approved" | "denied" | "expired";

export interface LogoRow {
  res: string;
  url: string;
}

export interface ApprovalRequestRow {
  app_id: number;
  uuid: string;
  internal_id: string;
  authy_id: number;
  message: string;
  details: Record<string, string> | null;
  hidden_details: Record<string, string> | null;
  logos: LogoRow[] | null;
  seconds_to_expire: number;
  status: ApprovalStatus;
  created_at: Date;
  /** Null: never expires (`seconds_to_expire` 0). */
  expires_at: Date | null;
  processed_at: Date | null;
  updated_at: Date;
  notified: boolean;
}

export interface NewApprovalRequest {
  appId: number;
  uuid: string;
  internalId: string;
  authyId: number;
  message: string;
  details: Record<string, string> | null;
  hiddenDetails: Record<string, string> | null;
  logos: LogoRow[] | null;
  secondsToExpire: number;
  now: Date;
}

const parse = <T>(value: unknown): T => (typeof value === "string" ? (JSON.parse(value) as T) : (value as T));
const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

function normalize(row: ApprovalRequestRow): ApprovalRequestRow {
  return {
    ...row,
    app_id: Number(row.app_id),
    authy_id: Number(row.authy_id),
    details: parse(row.details),
    hidden_details: parse(row.hidden_details),
    logos: parse(row.logos),
  };
}

// A pending request past its expiry is expired, as of its expiry time: every read applies that first, so the
// status never depends on whether anyone looked in between.
const EXPIRE = `UPDATE approval_requests SET status = 'expired', processed_at = expires_at, updated_at = expires_at
  WHERE app_id = $1 AND status = 'pending' AND expires_at IS NOT NULL AND expires_at <= $2`;

export class ApprovalRequestStore {
  constructor(
    private readonly db: SqlClient,
    private readonly deliveries: DeliveryStore,
  ) {}

  async create(input: NewApprovalRequest): Promise<ApprovalRequestRow> {
    const expiresAt = input.secondsToExpire === 0 ? null : new Date(input.now.getTime() + input.secondsToExpire * 1000);
    const { rows } = await this.db.query<ApprovalRequestRow>(
      `INSERT INTO approval_requests (app_id, uuid, internal_id, authy_id, message, details, hidden_details, logos,
         seconds_to_expire, created_at, expires_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING *`,
      [
        input.appId,
        input.uuid,
        input.internalId,
        input.authyId,
        input.message,
        json(input.details),
        json(input.hiddenDetails),
        json(input.logos),
        input.secondsToExpire,
        input.now,
        expiresAt,
      ],
    );
    return normalize(rows[0]!);
  }

  /** The request as of `now` (expired first when its time has come). */
  async get(appId: number, uuid: string, now: Date): Promise<ApprovalRequestRow | undefined> {
    await this.db.query(`${EXPIRE} AND uuid = $3`, [appId, now, uuid]);
    const { rows } = await this.db.query<ApprovalRequestRow>("SELECT * FROM approval_requests WHERE app_id = $1 AND uuid = $2", [appId, uuid]);
    return rows[0] && normalize(rows[0]);
  }

  /** Pending requests as of `now`, newest first. */
  async pending(appId: number, now: Date, limit: number): Promise<ApprovalRequestRow[]> {
    await this.db.query(EXPIRE, [appId, now]);
    const { rows } = await this.db.query<ApprovalRequestRow>(
      "SELECT * FROM approval_requests WHERE app_id = $1 AND status = 'pending' ORDER BY created_at DESC, uuid LIMIT $2",
      [appId, limit],
    );
    return rows.map(normalize);
  }

  /**
   * Approves or denies a pending request and, in the same transaction, queues its callback (built by `callback`
   * from the decided row; undefined when no callback URL is set). Only one decision wins: the row is locked and
   * must still be pending. Answers the current row when it is not pending any more.
   */
  async decide(
    appId: number,
    uuid: string,
    decision: "approved" | "denied",
    now: Date,
    callback: (row: ApprovalRequestRow) => Promise<Omit<NewDelivery, "now"> | undefined>,
  ): Promise<{ row: ApprovalRequestRow; decided: boolean; delivery?: DeliveryRow } | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query(`${EXPIRE} AND uuid = $3`, [appId, now, uuid]);
      const { rows } = await tx.query<ApprovalRequestRow>("SELECT * FROM approval_requests WHERE app_id = $1 AND uuid = $2 FOR UPDATE", [appId, uuid]);
      if (!rows[0]) return undefined;
      if (rows[0].status !== "pending") return { row: normalize(rows[0]), decided: false };
      const updated = await tx.query<ApprovalRequestRow>(
        "UPDATE approval_requests SET status = $3, processed_at = $4, updated_at = $4 WHERE app_id = $1 AND uuid = $2 RETURNING *",
        [appId, uuid, decision, now],
      );
      const row = normalize(updated.rows[0]!);
      const delivery = await callback(row);
      if (!delivery) return { row, decided: true };
      return { row, decided: true, delivery: await this.deliveries.enqueue({ ...delivery, now }, tx) };
    });
  }

  async markNotified(appId: number, uuid: string): Promise<void> {
    await this.db.query("UPDATE approval_requests SET notified = true WHERE app_id = $1 AND uuid = $2", [appId, uuid]);
  }
}
