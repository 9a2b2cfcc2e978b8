import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { operatorOperationTable } from "../../generated/operator-runtime.js";
import type { OperationInputs, OperationResults } from "../../generated/operator-operations.js";
import type { OperationSpec } from "../../../src/runtime-types.js";
import { findSchemaViolation } from "../../../src/validate.js";
import { OPERATOR_MESSAGE_KIND } from "../delivery/operator-delivery.js";
import type { DeliveryQueue } from "../delivery/queue.js";
import { applicationNow } from "../domain/clock.js";
import { decideApprovalRequest } from "../domain/onetouch.js";
import { StatusError, writeAnswer } from "../http/answer.js";
import { coerce } from "../http/input.js";
import { readBody } from "../http/request.js";
import { noteRequest } from "../http/request-log.js";
import type { ApprovalRequestRow } from "../store/approval-requests.js";
import type { AuthyStore } from "../store/authy-store.js";
import type { DeliveryRow } from "../store/deliveries.js";

/**
 * The operator API (openapi/operator/): decide approval requests in the operator's own channel, message and delivery
 * status, a delivery attempt now. Routed and validated by the runtime table generated from its document; every
 * call needs `Authorization: Bearer <operator key>` (compared in constant time). Answers never carry a code.
 */
export interface OperatorApiDependencies {
  store: AuthyStore;
  deliveries: DeliveryQueue;
  appId: number;
  operatorKey: string;
}

type OperationId = keyof typeof operatorOperationTable;

class OperatorError extends StatusError {}

const send = (res: ServerResponse, status: number, body: unknown): void => writeAnswer(res, status, body, "json");

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

const ROUTES = Object.entries(operatorOperationTable as unknown as Record<OperationId, OperationSpec>).map(([operationId, spec]) => {
  const names: string[] = [];
  const source = spec.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { operationId: operationId as OperationId, spec, names, pattern: new RegExp(`^${source}$`) };
});

export const OPERATOR_PATH_PREFIX = "/operator/";

function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    url: row.url,
    method: row.method,
    status: row.status,
    attempts: row.attempts,
    last_status: row.last_status,
    last_error: row.last_error,
    next_attempt_at: new Date(row.next_attempt_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
    delivered_at: row.delivered_at === null ? null : new Date(row.delivered_at).toISOString(),
  } as OperationResults["createDeliveryAttempt"];
}

function approvalView(row: ApprovalRequestRow): OperationResults["getApprovalRequest"] {
  return {
    uuid: row.uuid,
    authy_id: Number(row.authy_id),
    message: row.message,
    details: row.details ?? {},
    status: row.status,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at === null ? null : row.expires_at.toISOString(),
    processed_at: row.processed_at === null ? null : row.processed_at.toISOString(),
  };
}

export function createOperatorHandler(deps: OperatorApiDependencies) {
  const { store, appId } = deps;
  const expected = digest(deps.operatorKey);

  function authorized(req: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    return match !== null && timingSafeEqual(digest(match[1]!), expected);
  }

  async function input(req: IncomingMessage, url: URL, route: (typeof ROUTES)[number], found: RegExpExecArray): Promise<Record<string, unknown>> {
    const path: Record<string, string> = {};
    route.names.forEach((name, i) => (path[name] = decodeURIComponent(found[i + 1]!)));
    let body: Record<string, unknown> = {};
    if (route.spec.body !== undefined) {
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/json") throw new OperatorError(400, "the body must be application/json");
      try {
        const parsed: unknown = JSON.parse(await readBody(req));
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
        body = parsed as Record<string, unknown>;
      } catch {
        throw new OperatorError(400, "the body must be a JSON object");
      }
      const known = new Set(route.spec.fields.filter((field) => field.in === "body").map((field) => field.name));
      const extra = Object.keys(body).find((name) => !known.has(name));
      if (extra !== undefined) throw new OperatorError(400, `${extra} is not a parameter of this call`);
    } else req.resume();
    const values: Record<string, unknown> = {};
    for (const field of route.spec.fields) {
      const raw = field.in === "path" ? path[field.name] : field.in === "query" ? (url.searchParams.get(field.name) ?? undefined) : body[field.name];
      if (raw === undefined) {
        if (field.required) throw new OperatorError(400, `${field.name} is required`);
        continue;
      }
      const value = field.in === "body" ? raw : coerce(field.schema, raw);
      const violation = findSchemaViolation(field.schema, value, field.name);
      if (violation) throw new OperatorError(field.in === "path" ? 404 : 400, `${violation[0]} ${violation[1]}`);
      values[field.name] = value;
    }
    return values;
  }

  async function run(operationId: OperationId, values: Record<string, unknown>): Promise<unknown> {
    const app = (await store.appById(appId))!;
    const now = applicationNow(Number(app.clock_offset_seconds));
    switch (operationId) {
      case "getApprovalRequest": {
        const { uuid } = values as OperationInputs["getApprovalRequest"];
        const row = await store.approvalRequests.get(appId, uuid, now);
        if (!row) throw new OperatorError(404, `no approval request ${uuid}`);
        return approvalView(row);
      }
      case "createApprovalDecision": {
        const { uuid, status } = values as OperationInputs["createApprovalDecision"];
        const outcome = await decideApprovalRequest(store, app, uuid, status, now);
        if (outcome.kind === "not-found") throw new OperatorError(404, `no approval request ${uuid}`);
        if (outcome.kind === "not-pending") throw new OperatorError(409, `the approval request is ${outcome.row.status} already`);
        if (outcome.delivery) deps.deliveries.kick();
        return approvalView(outcome.row);
      }
      case "getMessage": {
        const { message_id: id } = values as OperationInputs["getMessage"];
        const message = await store.messageById(appId, id);
        if (!message) throw new OperatorError(404, `no message ${id}`);
        const delivery = await store.deliveries.bySubject(appId, OPERATOR_MESSAGE_KIND, String(id));
        return {
          id: Number(message.id),
          kind: message.kind,
          channel: message.channel,
          authy_id: message.authy_id === null ? null : Number(message.authy_id),
          to: message.recipient,
          created_at: message.created_at.toISOString(),
          delivery: delivery === undefined ? null : deliveryView(delivery),
        };
      }
      case "listDeliveries": {
        const { status, kind, limit } = values as OperationInputs["listDeliveries"];
        const rows = await store.deliveries.list(appId, { kind, status, limit: limit ?? 50 });
        return { deliveries: rows.map(deliveryView) };
      }
      case "createDeliveryAttempt": {
        const { delivery_id: id } = values as OperationInputs["createDeliveryAttempt"];
        const result = await deps.deliveries.retryNow(appId, id);
        if (result === undefined) throw new OperatorError(404, `no delivery ${id}`);
        if (result === "delivered") throw new OperatorError(409, `delivery ${id} was delivered already`);
        if (result === "busy") throw new OperatorError(409, `delivery ${id} is being attempted`);
        return deliveryView(result);
      }
    }
  }

  return async function handleOperator(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const method = req.method ?? "GET";
      const candidates = ROUTES.map((route) => ({ route, found: route.pattern.exec(url.pathname) })).filter((c) => c.found !== null);
      const chosen = candidates.find((c) => c.route.spec.method === method);
      if (chosen) noteRequest(res, { operation: `operator.${chosen.route.operationId}` });
      // Authentication first: without the key, nothing says which paths exist.
      if (!authorized(req)) throw new OperatorError(401, "operator key missing or wrong");
      if (candidates.length === 0) throw new OperatorError(404, `no operator endpoint ${url.pathname}`);
      if (!chosen) throw new OperatorError(404, `no operator endpoint ${method} ${url.pathname}`);
      const values = await input(req, url, chosen.route, chosen.found!);
      send(res, 200, await run(chosen.route.operationId, values));
    } catch (error) {
      req.resume();
      if (error instanceof OperatorError) send(res, error.status, { error: error.message });
      else throw error;
    }
  };
}
