import type { SqlClient } from "./sql.js";

export interface EventRow {
  id: number;
  kind: string;
  authy_id: number | null;
  request_id: string | null;
  objects: Record<string, Record<string, unknown>> | null;
  created_at: Date;
}

/** The application's event log (what reporting lists and aggregates, and what webhooks are told). */
export class ReportingStore {
  constructor(private readonly db: SqlClient) {}

  /** Every event of the application, oldest first (filters run in the domain: a development server's log is small). */
  async events(appId: number): Promise<EventRow[]> {
    const { rows } = await this.db.query<EventRow>(
      "SELECT id, kind, authy_id, request_id, objects, created_at FROM events WHERE app_id = $1 ORDER BY created_at, id",
      [appId],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), authy_id: row.authy_id === null ? null : Number(row.authy_id) }));
  }
}
