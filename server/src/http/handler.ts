import type { IncomingMessage, ServerResponse } from "node:http";
import { applicationNow, monthKey } from "../domain/clock.js";
import type { DomainContext, DomainSettings } from "../domain/context.js";
import { AuthyFailure } from "../domain/failures.js";
import type { AuthyStore } from "../store/authy-store.js";
import { writeAnswer } from "./answer.js";
import { HANDLERS, IMPLEMENTED_OPERATIONS } from "./operations.js";
import { bodyParams, BodyTooLargeError, railsParams, readBody } from "./request.js";
import { operationInput } from "./input.js";
import { noteRequest, redactedError } from "./request-log.js";
import { Router, type Format } from "./routes.js";

export interface ApiDependencies {
  store: AuthyStore;
  settings: DomainSettings;
  log: (line: string) => void;
}

const NOT_FOUND = { message: "Not found", success: false, errors: { message: "Not found" }, error_code: "60000" };

/** What a path that is no operation of this server gets (an Authy error body, never a framework page). */
export function answerNotFound(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  req.resume();
  writeAnswer(res, 404, NOT_FOUND, Router.formatOf(pathname));
}

/**
 * One Authy API request: route (the runtime table), authenticate (`X-Authy-API-Key`, or the legacy `api_key`
 * query parameter the spec also accepts), parse and validate the parameters, run the rule, answer in the path's
 * format. Every failure is an Authy error body; nothing else (no stack trace) reaches the client.
 */
export function createApiHandler(deps: ApiDependencies) {
  const router = new Router(IMPLEMENTED_OPERATIONS);
  return async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let format: Format = Router.formatOf(url.pathname);
    try {
      const route = router.match(req.method ?? "GET", url.pathname);
      if (!route) {
        answerNotFound(req, res, url.pathname);
        return;
      }
      format = route.format;
      noteRequest(res, { operation: route.operationId });
      const header = req.headers["x-authy-api-key"];
      const apiKey = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("api_key") ?? undefined;
      const found = apiKey ? await deps.store.appByApiKey(apiKey) : undefined;
      const app = found?.app;
      const now = app && applicationNow(Number(app.clock_offset_seconds));
      // A replaced key works until its overlap window ends (by the application's clock).
      if (!app || !now || (found.previous && !(app.previous_api_key_until && now < app.previous_api_key_until))) {
        req.resume();
        throw new AuthyFailure(60001);
      }
      await deps.store.countApiCall(app.app_id, monthKey(now));
      // An operation with path parameters only (the phone number export) reads nothing else, so cannot fail on it.
      const readsParams = route.spec.fields.some((field) => field.in !== "path");
      if (!readsParams) req.resume();
      const text = readsParams ? await readBody(req) : "";
      const query = readsParams ? railsParams(url.searchParams) : {};
      const body = readsParams ? await bodyParams(req.headers["content-type"], text) : {};
      const input = operationInput(route.operationId, route.spec, route.pathParams, query, body);
      const ctx: DomainContext = { store: deps.store, app, now, settings: deps.settings, log: deps.log };
      const handler = HANDLERS[route.operationId] as (ctx: DomainContext, input: unknown) => Promise<unknown> | unknown;
      writeAnswer(res, 200, await handler(ctx, input), format);
    } catch (error) {
      if (error instanceof AuthyFailure) {
        noteRequest(res, { errorCode: String(error.code) });
        writeAnswer(res, error.status, error.body(), format, error.retryAfterSeconds === undefined ? {} : { "retry-after": String(error.retryAfterSeconds) });
      } else if (error instanceof BodyTooLargeError) {
        const failure = new AuthyFailure(60004, `Invalid parameter: body - ${error.message}`);
        writeAnswer(res, failure.status, failure.body(), format);
        res.once("finish", () => req.destroy());
      } else {
        if (deps.settings.production) deps.log(JSON.stringify({ level: "error", msg: "internal error", ...redactedError(error) }));
        else deps.log(`internal error on ${req.method} ${url.pathname}: ${(error as Error)?.stack ?? String(error)}`);
        if (!res.headersSent) {
          writeAnswer(res, 500, { message: "Internal server error", success: false, errors: { message: "Internal server error" }, error_code: "60000" }, format);
        } else res.destroy();
      }
    }
  };
}
