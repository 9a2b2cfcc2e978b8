import type { SqlClient } from "./sql.js";

export interface PhoneVerificationRow {
  uuid: string;
  e164: string;
  country_code: number;
  via: "sms" | "call";
  code: string;
  custom_code: boolean;
  locale: string | null;
  line_type: string;
  sms_id: string | null;
  feedback_outcome: string | null;
  feedback_at: Date | null;
  created_at: Date;
  expires_at: Date;
  verified_at: Date | null;
}

const COLUMNS = "uuid, e164, country_code, via, code, custom_code, locale, line_type, sms_id, feedback_outcome, feedback_at, created_at, expires_at, verified_at";

/** Phone verification v1 (`/phones/verification/*`) and the SMS feedback that refers to its `sms_id`. */
export class PhoneVerificationStore {
  constructor(private readonly db: SqlClient) {}

  /** The number's newest verification, pending or not. */
  async latest(appId: number, e164: string): Promise<PhoneVerificationRow | undefined> {
    const { rows } = await this.db.query<PhoneVerificationRow>(
      `SELECT ${COLUMNS} FROM phone_verifications WHERE app_id = $1 AND e164 = $2 ORDER BY created_at DESC, uuid LIMIT 1`,
      [appId, e164],
    );
    return rows[0];
  }

  async byUuid(appId: number, uuid: string): Promise<PhoneVerificationRow | undefined> {
    const { rows } = await this.db.query<PhoneVerificationRow>(`SELECT ${COLUMNS} FROM phone_verifications WHERE app_id = $1 AND uuid = $2`, [
      appId,
      uuid.toLowerCase(),
    ]);
    return rows[0];
  }

  async bySmsId(appId: number, smsId: string): Promise<PhoneVerificationRow | undefined> {
    const { rows } = await this.db.query<PhoneVerificationRow>(`SELECT ${COLUMNS} FROM phone_verifications WHERE app_id = $1 AND sms_id = $2`, [
      appId,
      smsId,
    ]);
    return rows[0];
  }

  async insert(appId: number, row: Omit<PhoneVerificationRow, "feedback_outcome" | "feedback_at" | "verified_at">): Promise<void> {
    await this.db.query(
      `INSERT INTO phone_verifications (app_id, uuid, e164, country_code, via, code, custom_code, locale, line_type, sms_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [appId, row.uuid, row.e164, row.country_code, row.via, row.code, row.custom_code, row.locale, row.line_type, row.sms_id, row.created_at, row.expires_at],
    );
  }

  /** Marks a pending, live verification verified; false when it was verified (or expired) meanwhile. */
  async markVerified(appId: number, uuid: string, now: Date): Promise<boolean> {
    const { rows } = await this.db.query(
      "UPDATE phone_verifications SET verified_at = $3 WHERE app_id = $1 AND uuid = $2 AND verified_at IS NULL AND expires_at > $3 RETURNING uuid",
      [appId, uuid, now],
    );
    return rows.length === 1;
  }

  async recordFeedback(appId: number, smsId: string, outcome: string, now: Date): Promise<PhoneVerificationRow | undefined> {
    const { rows } = await this.db.query<PhoneVerificationRow>(
      `UPDATE phone_verifications SET feedback_outcome = $3, feedback_at = $4 WHERE app_id = $1 AND sms_id = $2 RETURNING ${COLUMNS}`,
      [appId, smsId, outcome, now],
    );
    return rows[0];
  }
}
