import type { SqlClient } from "./sql.js";

export interface WebhookRow {
  id: string;
  name: string;
  url: string;
  events: string[];
  signing_key: string;
  created_at: Date;
}

export interface AppSettingsChange {
  name?: string;
  tokenLength?: number;
  backgroundColor?: string;
  mainLogo?: Buffer;
  sidebarLogo?: Buffer;
}

/** Dashboard and Webhooks API state: the application's request-signing keys, settings, logos, webhooks. */
export class DashboardStore {
  constructor(private readonly db: SqlClient) {}

  async setKeys(appId: number, keys: { signingKey: string; accessKey: string }): Promise<void> {
    await this.db.query("UPDATE apps SET signing_key = $2, access_key = $3 WHERE app_id = $1", [appId, keys.signingKey, keys.accessKey]);
  }

  async nextAppId(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>("SELECT COALESCE(max(app_id), 0) + 1 AS n FROM apps");
    return Number(rows[0]!.n);
  }

  async createApp(app: {
    name: string;
    apiKey: string;
    signingKey: string;
    accessKey: string;
    ownerEmail: string;
    ownerPhone: string;
    createdAt: Date;
  }): Promise<number> {
    // Serial ids without a sequence of their own: retried when two creations race for the same id.
    for (let attempt = 0; ; attempt++) {
      const appId = await this.nextAppId();
      try {
        await this.db.query(
          `INSERT INTO apps (app_id, name, api_key, signing_key, access_key, owner_email, owner_phone, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [appId, app.name, app.apiKey, app.signingKey, app.accessKey, app.ownerEmail, app.ownerPhone, app.createdAt],
        );
        return appId;
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  }

  async apps(): Promise<Array<{ app_id: number; name: string; api_key: string; signing_key: string | null; access_key: string | null }>> {
    const { rows } = await this.db.query<{ app_id: number; name: string; api_key: string; signing_key: string | null; access_key: string | null }>(
      "SELECT app_id, name, api_key, signing_key, access_key FROM apps ORDER BY app_id",
    );
    return rows.map((row) => ({ ...row, app_id: Number(row.app_id) }));
  }

  async updateSettings(appId: number, change: AppSettingsChange): Promise<void> {
    await this.db.query(
      `UPDATE apps SET name = COALESCE($2, name), token_length = COALESCE($3, token_length), background_color = COALESCE($4, background_color),
         main_logo = COALESCE($5, main_logo), sidebar_logo = COALESCE($6, sidebar_logo) WHERE app_id = $1`,
      [appId, change.name ?? null, change.tokenLength ?? null, change.backgroundColor ?? null, change.mainLogo ?? null, change.sidebarLogo ?? null],
    );
  }

  async logo(appId: number, which: "main_logo" | "sidebar_logo"): Promise<Buffer | undefined> {
    const { rows } = await this.db.query<{ logo: Uint8Array | null }>(`SELECT ${which} AS logo FROM apps WHERE app_id = $1`, [appId]);
    const logo = rows[0]?.logo;
    return logo ? Buffer.from(logo) : undefined;
  }

  /** Users of the application that are not removed past their delay, by authy_id. */
  async userIds(appId: number): Promise<number[]> {
    const { rows } = await this.db.query<{ authy_id: number }>("SELECT authy_id FROM users WHERE app_id = $1 AND removed_at IS NULL ORDER BY authy_id", [appId]);
    return rows.map((row) => Number(row.authy_id));
  }

  async createWebhook(appId: number, webhook: WebhookRow): Promise<void> {
    await this.db.query("INSERT INTO webhooks (app_id, id, name, url, events, signing_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      appId,
      webhook.id,
      webhook.name,
      webhook.url,
      webhook.events,
      webhook.signing_key,
      webhook.created_at,
    ]);
  }

  async webhooks(appId: number): Promise<WebhookRow[]> {
    const { rows } = await this.db.query<WebhookRow>(
      "SELECT id, name, url, events, signing_key, created_at FROM webhooks WHERE app_id = $1 ORDER BY created_at, id",
      [appId],
    );
    return rows;
  }

  async deleteWebhook(appId: number, id: string): Promise<boolean> {
    const { rows } = await this.db.query("DELETE FROM webhooks WHERE app_id = $1 AND id = $2 RETURNING id", [appId, id]);
    return rows.length === 1;
  }
}
