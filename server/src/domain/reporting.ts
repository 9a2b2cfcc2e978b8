import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import type { EventRow } from "../store/reporting.js";
import type { DomainContext } from "./context.js";
import { AuthyFailure } from "./failures.js";

type ReportingEvent = OperationResults["listReportingEvents"]["events"][number];
type Filter = NonNullable<OperationInputs["listReportingEvents"]["query"]>;

/**
 * The server's own event kinds, as reporting and webhooks name them (the reference's event catalogue). Kinds not
 * listed (internal counters) are not reported.
 */
const REPORTED_AS: Readonly<Record<string, string>> = {
  user_added: "user_added",
  user_removed: "user_removed",
  sms_sent: "totp_token_sent",
  call_sent: "totp_token_sent",
  email_sent: "totp_token_sent",
  token_verified: "token_verified",
  token_invalid: "token_invalid",
  phone_verification_started: "phone_verification_started",
  phone_verification_code_is_valid: "phone_verification_code_is_valid",
  phone_verification_code_is_invalid: "phone_verification_code_is_invalid",
  phone_verification_not_found: "phone_verification_not_found",
  phone_verification_failed: "phone_verification_failed",
  device_registration_completed: "device_registration_completed",
  one_touch_request_responded: "one_touch_request_responded",
};

export const reportedName = (kind: string): string | undefined => REPORTED_AS[kind];

/** Events per page when `per_page` is not given. */
export const DEFAULT_PER_PAGE = 100;

/** One stored event as reporting shows it: its objects plus the application and, when there is one, the user. */
export function reportingEvent(ctx: Pick<DomainContext, "app">, row: EventRow): ReportingEvent | undefined {
  const name = reportedName(row.kind);
  if (name === undefined) return undefined;
  const objects: Record<string, Record<string, unknown>> = {
    app: { id: ctx.app.app_id, name: ctx.app.name, account_sid: null, device_app: null, type: "full" },
    ...(row.authy_id === null ? {} : { user: { authy_id: row.authy_id } }),
    ...(row.kind.endsWith("_sent") && row.kind !== "phone_verification_started" ? { token: { via: row.kind.slice(0, -"_sent".length) } } : {}),
    ...(row.objects ?? {}),
  };
  // The generated type of an open object is `Record<string, never>`; any object conforms to the spec's schema.
  return { event: name, time: row.created_at.toISOString(), request_id: row.request_id ?? String(row.id), objects: objects as ReportingEvent["objects"] };
}

/** A field of an event by its reporting path: `event`, `time`, `request_id`, or `objects.<object>.<field>`. */
function fieldOf(event: ReportingEvent, path: string): unknown {
  if (path === "event" || path === "time" || path === "request_id") return event[path];
  const parts = path.split(".");
  if (parts[0] !== "objects" || parts.length !== 3) return undefined;
  return event.objects?.[parts[1]!]?.[parts[2]!];
}

const OPERATORS = new Set(["eq", "gt", "gte", "lt", "lte"]);

/**
 * Whether the event meets every comparison of the filter. Values compare as numbers when both sides are numeric,
 * times as instants, everything else as text (the reference's `event[gte]=phone_verification_&event[lt]=q` is a
 * text range). A field the event does not have fails every comparison.
 */
function matches(event: ReportingEvent, filter: Filter | undefined): boolean {
  for (const [path, comparison] of Object.entries(filter ?? {})) {
    const raw = fieldOf(event, path);
    for (const [op, wanted] of Object.entries(comparison ?? {})) {
      if (!OPERATORS.has(op)) throw new AuthyFailure(60004, `Invalid parameter: ${path} - unknown comparison ${op} (eq, gt, gte, lt, lte)`);
      if (raw === undefined || raw === null) return false;
      let a: number | string = String(raw);
      let b: number | string = String(wanted);
      if (path === "time") {
        const t = Date.parse(b);
        if (Number.isNaN(t)) throw new AuthyFailure(60004, `Invalid parameter: time - ${op} must be a date and time`);
        a = Date.parse(a);
        b = t;
      } else if (typeof raw === "number" && /^-?[0-9]+(\.[0-9]+)?$/.test(b)) {
        a = raw;
        b = Number(b);
      }
      const ok = op === "eq" ? a === b : op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : a <= b;
      if (!ok) return false;
    }
  }
  return true;
}

async function filteredEvents(ctx: DomainContext, filter: Filter | undefined): Promise<ReportingEvent[]> {
  const events: ReportingEvent[] = [];
  for (const row of await ctx.store.reporting.events(ctx.app.app_id)) {
    const event = reportingEvent(ctx, row);
    if (event && matches(event, filter)) events.push(event);
  }
  return events;
}

/**
 * The application's events matching `query`, oldest first, `per_page` (default 100, at most 100) a page from `page`
 * 1: a page past the end is empty, which is where the client's paginator stops.
 */
export async function listReportingEvents(
  ctx: DomainContext,
  input: OperationInputs["listReportingEvents"],
): Promise<OperationResults["listReportingEvents"]> {
  const perPage = input.per_page ?? DEFAULT_PER_PAGE;
  const page = input.page ?? 1;
  const events = await filteredEvents(ctx, input.query);
  return { events: events.slice((page - 1) * perPage, page * perPage) };
}

const INTERVAL_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
/** Buckets per page of a histogram. */
const BUCKETS_PER_PAGE = 100;

/**
 * Counts per time bucket (`interval`, default `day`, UTC) of each named report (`report[<name>][<field>][<op>]`)
 * among the events within `scope`: `{ "interval", "page", "reports": { "<name>": [{ "time", "count" }] } }`, buckets
 * oldest first, only those with events, 100 a page. The real shape was never captured (the spec says so); this is
 * the server's own.
 */
export async function getReportingDateHistogram(
  ctx: DomainContext,
  input: OperationInputs["getReportingDateHistogram"],
): Promise<OperationResults["getReportingDateHistogram"]> {
  const interval = input.interval ?? "day";
  const page = input.page ?? 1;
  const scoped = await filteredEvents(ctx, input.scope);
  const reports: Record<string, Array<{ time: string; count: number }>> = {};
  const definitions = input.report && Object.keys(input.report).length > 0 ? input.report : { all: {} };
  for (const [name, filter] of Object.entries(definitions)) {
    const counts = new Map<number, number>();
    for (const event of scoped) {
      if (!matches(event, filter)) continue;
      const ms = Date.parse(event.time);
      const bucket = ms - (ms % INTERVAL_MS[interval]);
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
    reports[name] = [...counts.entries()]
      .sort((a, b) => a[0] - b[0])
      .slice((page - 1) * BUCKETS_PER_PAGE, page * BUCKETS_PER_PAGE)
      .map(([time, count]) => ({ time: new Date(time).toISOString(), count }));
  }
  return { interval, page, reports, success: true };
}
