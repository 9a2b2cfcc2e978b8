import type { OperationResults } from "../../../generated/operations.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";
import { applicationNow } from "./clock.js";
import type { DomainContext } from "./context.js";

type MonthName = OperationResults["getApplicationStats"]["stats"][number]["month"];

const MONTHS: readonly MonthName[] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * The application whose API key this is: its current key, or the key it replaced while the overlap window lasts (by
 * the application's clock). Looked up by the key's hash (SecretBox); undefined otherwise.
 */
export async function appOfApiKey(store: AuthyStore, apiKey: string): Promise<AppRow | undefined> {
  const found = await store.appByApiKey(apiKey);
  if (!found) return undefined;
  const { app, previous } = found;
  if (previous && !(app.previous_api_key_until && applicationNow(Number(app.clock_offset_seconds)) < app.previous_api_key_until)) return undefined;
  return app;
}

export function getApplicationDetails(ctx: DomainContext): OperationResults["getApplicationDetails"] {
  return {
    app: {
      name: ctx.app.name,
      plan: "development",
      sms_enabled: true,
      phone_calls_enabled: true,
      app_id: ctx.app.app_id,
      // Every user can receive approval requests here (a person answers them on the development page).
      onetouch_enabled: true,
    },
    message: "Application information.",
    success: true,
  };
}

/**
 * The last twelve calendar months (UTC, by the application's clock), oldest first, counted from what happened:
 * authenticated API calls, successful verifications, calls and SMS sent, users registered.
 */
export async function getApplicationStats(ctx: DomainContext): Promise<OperationResults["getApplicationStats"]> {
  const year = ctx.now.getUTCFullYear();
  const month = ctx.now.getUTCMonth();
  const first = new Date(Date.UTC(year, month - 11, 1));
  const counts = await ctx.store.monthlyCounts(ctx.app.app_id, first);
  const stats = [];
  for (let i = 0; i < 12; i++) {
    const start = new Date(Date.UTC(year, month - 11 + i, 1));
    const row = counts.get(start.toISOString().slice(0, 7));
    stats.push({
      api_calls_count: row?.api_calls ?? 0,
      auths_count: row?.auths ?? 0,
      calls_count: row?.calls ?? 0,
      month: MONTHS[start.getUTCMonth()]!,
      sms_count: row?.sms ?? 0,
      users_count: row?.users ?? 0,
      year: start.getUTCFullYear(),
    });
  }
  return {
    app_id: ctx.app.app_id,
    count: stats.length,
    message: "Monthly statistics.",
    stats,
    success: true,
    total_users: await ctx.store.userCount(ctx.app.app_id, ctx.now),
  };
}
