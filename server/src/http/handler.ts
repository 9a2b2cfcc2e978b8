import type { IncomingMessage, ServerResponse } from "node:http";
import { applicationNow, monthKey } from "../domain/clock.js";
import type { DomainContext, DomainSettings } from "../domain/context.js";
import { appOfApiKey } from "../domain/application.js";
import { AuthyFailure } from "../domain/failures.js";
import type { AppRow, AuthyStore } from "../store/authy-store.js";
import { forcedErrorBody, type FaultInjector } from "../dev/faults.js";
import { SignedRequestVerifier } from "./signed.js";
import { writeAnswer } from "./answer.js";
import { HANDLERS, IMPLEMENTED_OPERATIONS } from "./operations.js";
import { bodyParams, BodyTooLargeError, multipartParams, railsParams, readBodyBytes } from "./request.js";
import { operationInput } from "./input.js";
import { noteRequest, redactedError } from "./request-log.js";
import { Router, type Format } from "./routes.js";

export interface ApiDependencies {
  store: AuthyStore;
  settings: DomainSettings;
  log: (line: string) => void;
  faults: FaultInjector;
}

const NOT_FOUND = { message: "Not found", success: false, errors: { message: "Not found" }, error_code: "60000" };

/** What a path that is no operation of this server gets (an Authy error body, never a framework page). */
export function answerNotFound(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  req.resume();
  writeAnswer(res, 404, NOT_FOUND, Router.formatOf(pathname));
}

/** What a handler may read beyond its spec-checked input: the raw parameters (open bodies) and uploaded files. */
export interface RawRequest {
  params: Record<string, unknown>;
  files: Record<string, Buffer>;
}

const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * One Authy API request: route (the runtime table), apply an injected fault, authenticate as the operation's spec
 * says (`X-Authy-API-Key` or the legacy `api_key` query parameter; the Feedback API's key in its path; a signed
 * Webhooks/Dashboard request; none to create an application), parse and validate the parameters, run the rule,
 * answer in the path's format. Every failure is an Authy error body; nothing else (no stack trace) reaches the client.
 */
export function createApiHandler(deps: ApiDependencies) {
  const router = new Router(IMPLEMENTED_OPERATIONS);
  const signed = new SignedRequestVerifier(deps.store);
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
      const fault = await deps.faults.take(route.operationId);
      if (fault) {
        if (fault.latency_ms > 0) await delay(fault.latency_ms);
        if (fault.drop_connection) {
          req.socket.destroy();
          return;
        }
        if (fault.status !== null) {
          req.resume();
          const forced = forcedErrorBody(fault, format);
          res.writeHead(forced.status, { "content-type": forced.contentType, "content-length": Buffer.byteLength(forced.body), "cache-control": "no-store" });
          res.end(forced.body);
          return;
        }
      }
      const { spec } = route;
      let app: AppRow | undefined;
      if (spec.auth === "apiKey" || spec.fields.some((field) => field.in === "path" && field.credential === "apiKey")) {
        const header = req.headers["x-authy-api-key"];
        const apiKey =
          route.pathParams.api_key ?? (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("api_key") ?? undefined;
        app = apiKey ? await appOfApiKey(deps.store, apiKey) : undefined;
        if (!app) {
          req.resume();
          throw new AuthyFailure(60001);
        }
      }
      // An operation with path parameters only (the phone number export) reads nothing else, so cannot fail on it.
      const readsParams = spec.fields.some((field) => field.in !== "path");
      if (!readsParams) req.resume();
      const contentType = req.headers["content-type"] ?? "";
      const bytes = readsParams ? await readBodyBytes(req) : Buffer.alloc(0);
      const query = readsParams ? railsParams(url.searchParams) : {};
      let body: Record<string, unknown>;
      let files: Record<string, Buffer> = {};
      if (/^multipart\/form-data\b/i.test(contentType) && bytes.length > 0) ({ params: body, files } = await multipartParams(contentType, bytes));
      else body = readsParams ? await bodyParams(contentType, bytes.toString("utf8")) : {};
      if (spec.auth === "signed") {
        const bodyless = spec.method === "GET" || spec.method === "DELETE";
        const signedParams = bodyless ? query : body;
        app = await signed.verify(req, url.pathname, signedParams, bodyless ? url.search.length : bytes.length);
      }
      const now = app ? applicationNow(Number(app.clock_offset_seconds)) : new Date();
      if (app) await deps.store.countApiCall(app.app_id, monthKey(now));
      const input = operationInput(route.operationId, spec, route.pathParams, query, body);
      for (const name of Object.keys(files)) {
        if (!spec.fields.some((field) => field.name === name && field.in === "body")) throw new AuthyFailure(60004, `Invalid parameter: ${name} - is not a parameter of this operation`);
      }
      const ctx = { store: deps.store, app, now, settings: deps.settings, log: deps.log } as DomainContext;
      const handler = HANDLERS[route.operationId] as (ctx: DomainContext, input: unknown, raw: RawRequest) => Promise<unknown> | unknown;
      writeAnswer(res, 200, await handler(ctx, input, { params: { ...query, ...body }, files }), format);
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
