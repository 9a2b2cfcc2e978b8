import type { IncomingMessage, ServerResponse } from "node:http";
import { isIP } from "node:net";
import { authenticatorUri } from "../domain/authenticator.js";
import { applicationNow } from "../domain/clock.js";
import { toE164 } from "../domain/phone.js";
import type { DeliveryQueue } from "../delivery/queue.js";
import type { AuthyStore, MessageRow, UserRow } from "../store/authy-store.js";
import { StatusError, writeAnswer } from "../http/answer.js";
import { BodyTooLargeError, readBody } from "../http/request.js";
import { FaultError, type FaultInjector } from "./faults.js";
import { playAuthyApp } from "./registrations.js";
import { appSettingsView, HtmlPage, routeOneTouchDev, updateAppSettings } from "./onetouch-dev.js";
import { checkSeed, importSeed, SeedError } from "./seed.js";
import { devPageCsp, devPageHtml } from "./page.js";
import { randomBytes } from "node:crypto";

/**
 * The development API under `/__dev`: read the codes the server "sent", inspect and adjust users, move the clock,
 * reset. No API key (one given is ignored). It answers only requests whose `Host` names the bound address,
 * `localhost` or (when bound to every interface) an IP address, which keeps DNS-rebinding pages out; state changes
 * need `Content-Type: application/json`, which a cross-site form cannot send.
 */
export interface DevApiDependencies {
  store: AuthyStore;
  /** The outbound delivery queue: woken when the clock moves, retried by hand. */
  deliveries: DeliveryQueue;
  appId: number;
  faults: FaultInjector;
  /** Host names the `Host` header may carry (port checked separately). */
  boundHost: string;
  port: () => number;
  log: (line: string) => void;
}

export class DevError extends StatusError {}

const send = (res: ServerResponse, status: number, body: unknown): void => writeAnswer(res, status, body, "json");

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);
const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const name = match[1]!;
  if (match[2] !== undefined && Number(match[2]) !== port) return false;
  const bare = name.replace(/^\[|\]$/g, "");
  if (name === "localhost" || bare === boundHost.replace(/^\[|\]$/g, "").toLowerCase()) return true;
  // Bound to a loopback name or address: every loopback address is that address (and no DNS name can rebind to it).
  if (isLoopbackHost(boundHost) && isLoopbackHost(bare)) return true;
  return ANY_ADDRESS.has(boundHost) && isIP(bare) !== 0;
}

function positiveInt(text: string | null, name: string, fallback?: number): number | undefined {
  if (text === null || text === "") return fallback;
  if (!/^[0-9]{1,15}$/.test(text) || Number(text) < 1) throw new DevError(400, `${name} must be a positive integer`);
  return Number(text);
}

function messageView(row: MessageRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    channel: row.channel,
    authy_id: row.authy_id === null ? null : Number(row.authy_id),
    to: row.recipient,
    code: row.code,
    text: row.body,
    created_at: row.created_at.toISOString(),
  };
}

async function userView(store: AuthyStore, appName: string, user: UserRow) {
  const uri = authenticatorUri(appName, user);
  return {
    authy_id: user.authy_id,
    country_code: user.country_code,
    phone_number: user.national_number,
    e164: user.e164,
    emails: user.emails,
    app_installed: user.app_installed,
    registered: user.registered,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    removed_at: user.removed_at?.toISOString() ?? null,
    activities: (await store.activities(user.app_id, user.authy_id)).map((a) => ({ type: a.type, data: a.data, user_ip: a.user_ip, created_at: a.created_at.toISOString() })),
    ...(uri === undefined ? {} : { totp_secret: user.totp_secret, otpauth_uri: uri }),
  };
}

export async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new DevError(400, error.message);
    throw error;
  }
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DevError(400, "the body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new DevError(400, "the body must be a JSON object");
  return value as Record<string, unknown>;
}

export function createDevHandler(deps: DevApiDependencies) {
  const { store, appId } = deps;

  async function route(req: IncomingMessage, url: URL): Promise<[number, unknown] | HtmlPage> {
    const method = req.method ?? "GET";
    const path = url.pathname.replace(/\/+$/, "");
    const app = await store.appById(appId);
    if (!app) throw new DevError(500, "the application is missing");
    const now = applicationNow(Number(app.clock_offset_seconds));
    if (method !== "GET" && method !== "HEAD") {
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/json") throw new DevError(415, "state-changing calls need Content-Type: application/json");
    }
    if (path === "/__dev/app" && (method === "GET" || method === "PUT")) {
      const shown = method === "PUT" ? await updateAppSettings(store, app, await jsonBody(req)) : app;
      return [200, { app_id: shown.app_id, name: shown.name, api_key: shown.api_key, token_length: shown.token_length, signing_key: shown.signing_key, access_key: shown.access_key, ...(await appSettingsView(shown)) }];
    }
    if (path === "/__dev/apps" && method === "GET") {
      return [200, { apps: await store.dashboard.apps() }];
    }
    if (path === "/__dev/faults") {
      if (method === "GET") return [200, { faults: await deps.faults.list() }];
      if (method === "PUT") {
        try {
          await deps.faults.set(await jsonBody(req));
        } catch (error) {
          if (error instanceof FaultError) throw new DevError(400, error.message);
          throw error;
        }
        return [200, { faults: await deps.faults.list() }];
      }
      if (method === "DELETE") {
        const body = await jsonBody(req);
        for (const name of Object.keys(body)) if (name !== "operation") throw new DevError(400, `unknown member ${name} (operation)`);
        if (body.operation !== undefined && typeof body.operation !== "string") throw new DevError(400, "operation must be an operationId");
        await deps.faults.clear(body.operation as string | undefined);
        return [200, { faults: await deps.faults.list() }];
      }
    }
    if (path === "/__dev/registrations" && method === "POST") {
      const result = await playAuthyApp({ store, app, now, log: deps.log }, await jsonBody(req));
      if ("error" in result) throw new DevError(result.status, result.error);
      return [200, result];
    }
    if (path === "/__dev/messages" && method === "GET") {
      const q = url.searchParams;
      const toText = q.get("to");
      let to: string | undefined;
      if (toText) {
        to = toText.includes("@") ? toText : toE164(toText);
        if (to === undefined) throw new DevError(400, "to must be a phone number (any format, with its country code) or an email address");
      }
      const channel = q.get("channel") || undefined;
      if (channel !== undefined && !["sms", "call", "email"].includes(channel)) throw new DevError(400, "channel must be sms, call or email");
      const rows = await store.messages(appId, {
        authyId: positiveInt(q.get("authy_id"), "authy_id"),
        to,
        channel,
        limit: Math.min(positiveInt(q.get("limit"), "limit", 50)!, 1000),
      });
      return [200, { messages: rows.map(messageView) }];
    }
    const userPath = /^\/__dev\/users\/([^/]+)$/.exec(path);
    if (userPath) {
      const authyId = positiveInt(userPath[1]!, "authy_id")!;
      const user = await store.user(appId, authyId, now);
      if (!user) throw new DevError(404, `no user ${authyId}`);
      if (method === "GET") return [200, await userView(store, app.name, user)];
      if (method === "PATCH") {
        const body = await jsonBody(req);
        for (const [name, value] of Object.entries(body)) {
          if (name !== "app_installed" && name !== "registered") throw new DevError(400, `${name} cannot be changed (app_installed, registered)`);
          if (typeof value !== "boolean") throw new DevError(400, `${name} must be true or false`);
        }
        await store.setUserFlags(appId, authyId, { appInstalled: body.app_installed as boolean | undefined, registered: body.registered as boolean | undefined }, now);
        return [200, await userView(store, app.name, (await store.user(appId, authyId, now))!)];
      }
    }
    if (path === "/__dev/clock") {
      if (method === "GET") return [200, { now: now.toISOString(), offset_seconds: Number(app.clock_offset_seconds) }];
      if (method === "POST") {
        const body = await jsonBody(req);
        const seconds = body.advance_seconds;
        if (typeof seconds !== "number" || !Number.isInteger(seconds) || Math.abs(seconds) > 100 * 365 * 86400) {
          throw new DevError(400, "advance_seconds must be an integer number of seconds (may be negative)");
        }
        const offset = await store.advanceClock(appId, seconds);
        // A retry may have become due by the application's clock.
        deps.deliveries.kick();
        return [200, { now: applicationNow(offset).toISOString(), offset_seconds: offset }];
      }
    }
    if (path === "/__dev/export" && method === "GET") return [200, await store.exportState(appId)];
    if (path === "/__dev/import" && method === "POST") {
      const body = await jsonBody(req);
      try {
        return [200, { imported: await importSeed(store, appId, checkSeed(body), now) }];
      } catch (error) {
        if (error instanceof SeedError) throw new DevError(400, error.message);
        throw error;
      }
    }
    if (path === "/__dev/reset" && method === "POST") {
      await jsonBody(req);
      // Faults are among the tables reset empties.
      await store.reset(appId);
      return [200, { reset: true }];
    }
    const oneTouch = await routeOneTouchDev({ store, deliveries: deps.deliveries, app, now, req, method, path, search: url.searchParams });
    if (oneTouch) return oneTouch;
    throw new DevError(404, `no development endpoint ${method} ${url.pathname}`);
  }

  return async function handleDev(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      if (!hostAllowed(req.headers.host, deps.boundHost, deps.port())) {
        req.resume();
        throw new DevError(403, "the development API answers only requests addressed to the bound host or localhost");
      }
      if ((url.pathname === "/__dev" || url.pathname === "/__dev/") && (req.method === "GET" || req.method === "HEAD")) {
        req.resume();
        const nonce = randomBytes(16).toString("base64");
        new HtmlPage(devPageHtml(nonce), devPageCsp(nonce)).write(res, req.method === "HEAD");
        return;
      }
      const answer = await route(req, url);
      if (answer instanceof HtmlPage) answer.write(res);
      else send(res, answer[0], answer[1]);
    } catch (error) {
      req.resume();
      if (error instanceof DevError) send(res, error.status, { error: error.message });
      else {
        deps.log(`internal error on ${req.method} ${url.pathname}: ${(error as Error)?.stack ?? String(error)}`);
        send(res, 500, { error: "internal error (see the server's console)" });
      }
    }
  };
}
