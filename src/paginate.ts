import type { OperationInputs, OperationResults } from "../generated/operations.js";
import type { AuthyClient, CallOptions } from "./client.js";

type ReportingEvent = OperationResults["listReportingEvents"]["events"][number];

/**
 * Iterates over every reporting event matching `input.query`, page after page, from `input.page` (default 1).
 * Stops at the first empty page, or at a page shorter than `per_page` when the caller set one.
 */
export async function* paginateReportingEvents(
  client: Pick<AuthyClient, "listReportingEvents">,
  input: OperationInputs["listReportingEvents"] = {},
  options?: CallOptions,
): AsyncGenerator<ReportingEvent, void, undefined> {
  for (let page = input.page ?? 1; ; page++) {
    options?.signal?.throwIfAborted();
    const { events } = await client.listReportingEvents({ ...input, page }, options);
    yield* events;
    if (events.length === 0 || (input.per_page !== undefined && events.length < input.per_page)) return;
  }
}
