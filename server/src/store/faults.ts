import type { components } from "../../generated/dev-schema.js";
import type { SqlClient } from "./sql.js";

/**
 * Request state every server on one database must share: injected faults and used signature nonces.
 *
 * Injected faults' SQL (`PUT /__dev/faults`). Kept in the database, not in a process, so that every server on one
 * PostgreSQL applies the same faults and counts `times` together: a fault for the next 3 calls fails exactly 3,
 * whichever instances answer them.
 */
export type FaultRow = components["schemas"]["DevFault"];

const COLUMNS = "operation, status, error_code, latency_ms, drop_connection, remaining";

export class FaultStore {
  constructor(private readonly db: SqlClient) {}

  /** Sets one operation's fault, replacing any it had. */
  async set(appId: number, fault: FaultRow): Promise<void> {
    await this.db.query(
      `INSERT INTO faults (app_id, ${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (app_id, operation) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code,
         latency_ms = EXCLUDED.latency_ms, drop_connection = EXCLUDED.drop_connection, remaining = EXCLUDED.remaining`,
      [appId, fault.operation, fault.status, fault.error_code, fault.latency_ms, fault.drop_connection, fault.remaining],
    );
  }

  async list(appId: number): Promise<FaultRow[]> {
    const { rows } = await this.db.query<FaultRow>(
      `SELECT ${COLUMNS} FROM faults WHERE app_id = $1 AND (remaining IS NULL OR remaining > 0) ORDER BY operation`,
      [appId],
    );
    return rows;
  }

  /** Clears one operation's fault, or all. */
  async clear(appId: number, operation?: string): Promise<void> {
    await this.db.query("DELETE FROM faults WHERE app_id = $1 AND ($2::text IS NULL OR operation = $2)", [appId, operation ?? null]);
  }

  /**
   * The fault that applies to this call of `operation`, counting the call: one conditional UPDATE, so concurrent
   * calls on any server take the remaining calls one each. A fault whose last call this was is removed.
   */
  async take(appId: number, operation: string): Promise<FaultRow | undefined> {
    const { rows } = await this.db.query<FaultRow>(
      `UPDATE faults SET remaining = remaining - 1
       WHERE app_id = $1 AND operation = $2 AND (remaining IS NULL OR remaining > 0) RETURNING ${COLUMNS}`,
      [appId, operation],
    );
    const fault = rows[0];
    if (fault?.remaining === 0) await this.db.query("DELETE FROM faults WHERE app_id = $1 AND operation = $2 AND remaining = 0", [appId, operation]);
    return fault;
  }
}

/**
 * Signed requests (Dashboard and Webhooks APIs) accepted once: a nonce and signature seen by any server on this
 * database are refused by every other. Rows older than the nonce window (real time) are removed as new ones come.
 */
export class SignatureNonceStore {
  constructor(private readonly db: SqlClient) {}

  /** True the first time this nonce and signature are seen; false for a replay. */
  async claim(appId: number, nonce: string, signature: string, realNow: Date, keepSeconds: number): Promise<boolean> {
    await this.db.query("DELETE FROM used_signature_nonces WHERE seen_at < $1", [new Date(realNow.getTime() - keepSeconds * 1000)]);
    const { rows } = await this.db.query(
      `INSERT INTO used_signature_nonces (app_id, nonce, signature, seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (app_id, nonce, signature) DO NOTHING RETURNING nonce`,
      [appId, nonce, signature, realNow],
    );
    return rows.length === 1;
  }
}
