import type { SqlClient } from "./sql.js";

export interface SdkDeviceRow {
  device_id: number;
  authy_id: number;
  created_at: Date;
}

/** Registrations without PII (`registrations/status`) and TwilioAuth SDK registrations and devices. */
export class RegistrationStore {
  constructor(private readonly db: SqlClient) {}

  async registeredAuthyId(appId: number, customUserId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ authy_id: number }>("SELECT authy_id FROM registrations WHERE app_id = $1 AND custom_user_id = $2", [
      appId,
      customUserId,
    ]);
    return rows[0] === undefined ? undefined : Number(rows[0].authy_id);
  }

  /** Links the custom user id to the user (the first scan wins: scanning again keeps the link). */
  async link(appId: number, customUserId: string, authyId: number, now: Date): Promise<number> {
    const { rows } = await this.db.query<{ authy_id: number }>(
      `INSERT INTO registrations (app_id, custom_user_id, authy_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (app_id, custom_user_id) DO UPDATE SET custom_user_id = EXCLUDED.custom_user_id RETURNING authy_id`,
      [appId, customUserId, authyId, now],
    );
    return Number(rows[0]!.authy_id);
  }

  async createSdkRegistration(appId: number, token: string, authyId: number, now: Date): Promise<void> {
    await this.db.query("INSERT INTO sdk_registrations (app_id, token, authy_id, created_at) VALUES ($1, $2, $3, $4)", [appId, token, authyId, now]);
  }

  /** Uses an SDK registration token once and adds the device it registers; undefined when unknown or used. */
  async completeSdkRegistration(appId: number, token: string, now: Date): Promise<SdkDeviceRow | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ authy_id: number }>(
        "UPDATE sdk_registrations SET used_at = $3 WHERE app_id = $1 AND token = $2 AND used_at IS NULL RETURNING authy_id",
        [appId, token, now],
      );
      if (rows.length === 0) return undefined;
      const device = await tx.query<SdkDeviceRow>(
        "INSERT INTO sdk_devices (app_id, device_id, authy_id, created_at) VALUES ($1, nextval('sdk_device_id_seq'), $2, $3) RETURNING device_id, authy_id, created_at",
        [appId, rows[0]!.authy_id, now],
      );
      const row = device.rows[0]!;
      return { device_id: Number(row.device_id), authy_id: Number(row.authy_id), created_at: row.created_at };
    });
  }

  async devices(appId: number, authyId: number): Promise<SdkDeviceRow[]> {
    const { rows } = await this.db.query<SdkDeviceRow>(
      "SELECT device_id, authy_id, created_at FROM sdk_devices WHERE app_id = $1 AND authy_id = $2 ORDER BY device_id",
      [appId, authyId],
    );
    return rows.map((row) => ({ ...row, device_id: Number(row.device_id), authy_id: Number(row.authy_id) }));
  }

  async deleteDevice(appId: number, deviceId: number): Promise<SdkDeviceRow | undefined> {
    const { rows } = await this.db.query<SdkDeviceRow>(
      "DELETE FROM sdk_devices WHERE app_id = $1 AND device_id = $2 RETURNING device_id, authy_id, created_at",
      [appId, deviceId],
    );
    return rows[0] === undefined ? undefined : { ...rows[0], device_id: Number(rows[0].device_id), authy_id: Number(rows[0].authy_id) };
  }
}
