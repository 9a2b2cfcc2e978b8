import { operationTable } from "../../../generated/runtime.js";
import type { components } from "../../generated/dev-schema.js";
import { devOperationTable } from "../../generated/dev-runtime.js";
import type { OperationSpec } from "../../../src/runtime-types.js";
import { encodeAuthyXml } from "../../../src/xml-encode.js";
import { membersProblem } from "../http/input.js";
import type { Format, OperationId } from "../http/routes.js";
import bundledSpec from "../../../generated/openapi.json" with { type: "json" };
import type { FaultStore } from "../store/faults.js";

/**
 * Fault injection for users' own tests (`PUT /__dev/faults`): per operation a forced Authy error, a latency, or a
 * dropped connection, for the next `times` calls or until cleared. A forced error's status must be one the spec
 * declares for that operation, and its body is the spec's own example for that status (the one whose `error_code`
 * was asked for, else the first), in the request's format. Kept in the store (store/faults.ts), so that every server
 * on one PostgreSQL applies them and counts `times` together; `POST /__dev/reset` clears them.
 */

/** A fault as the development API shows it (its `DevFault`), for one of the Authy spec's operations. */
export type Fault = components["schemas"]["DevFault"] & { operation: OperationId };

export class FaultError extends Error {}

interface Example {
  value?: unknown;
  $ref?: string;
}
interface MediaType {
  examples?: Record<string, Example>;
  example?: unknown;
}
interface SpecResponse {
  $ref?: string;
  content?: Record<string, MediaType>;
}
interface Spec {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, SpecResponse> }>>;
  components: { responses: Record<string, SpecResponse>; examples: Record<string, Example> };
}

// The bundled spec: its declared responses and examples are what a forced error may answer (and the bundle carries it).
const spec = (): Spec => bundledSpec as unknown as Spec;

const deref = <T extends { $ref?: string }>(node: T, section: "responses" | "examples"): T =>
  node.$ref ? ((spec().components[section] as Record<string, T>)[node.$ref.split("/").pop()!] ?? node) : node;

/** The operation's declared error responses by status. */
function declaredErrors(operation: OperationId): Map<number, SpecResponse> {
  const { path, method } = operationTable[operation];
  const declared = spec().paths[path]?.[method.toLowerCase()]?.responses ?? {};
  const out = new Map<number, SpecResponse>();
  for (const [status, response] of Object.entries(declared)) if (/^[45]\d\d$/.test(status)) out.set(Number(status), deref(response, "responses"));
  return out;
}

function examplesOf(media: MediaType | undefined): unknown[] {
  if (!media) return [];
  if (media.examples) return Object.values(media.examples).map((example) => deref(example, "examples").value);
  return media.example === undefined ? [] : [media.example];
}

const codeOf = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null ? ((value as { error_code?: unknown }).error_code as string | undefined) : undefined;

/** The status and body a forced error answers, in `format`. */
export function forcedErrorBody(fault: Fault, format: Format): { status: number; body: string; contentType: string } {
  const response = declaredErrors(fault.operation).get(fault.status!)!;
  const json = examplesOf(response.content?.["application/json"]);
  const index = Math.max(0, fault.error_code === null ? 0 : json.findIndex((value) => codeOf(value) === fault.error_code));
  const value = json[index] ?? { message: "Forced error", success: false, errors: { message: "Forced error" }, error_code: fault.error_code ?? "60000" };
  if (format === "xml") {
    const xml = examplesOf(response.content?.["application/xml"])[index];
    return { status: fault.status!, body: typeof xml === "string" ? xml : encodeAuthyXml(value), contentType: "application/xml; charset=utf-8" };
  }
  return { status: fault.status!, body: JSON.stringify(value), contentType: "application/json; charset=utf-8" };
}

export class FaultInjector {
  constructor(
    private readonly store: FaultStore,
    private readonly appId: number,
  ) {}

  /** Checks and sets one operation's fault (replacing any it had). */
  async set(request: Record<string, unknown>): Promise<Fault> {
    // Each member's type and range, as the dev API document declares them, by the shared validator; then the rules
    // that involve the Authy spec or several members.
    const problem = membersProblem((devOperationTable.createFault as OperationSpec).fields, request, "a fault");
    if (problem) throw new FaultError(problem);
    const { operation, status, error_code: errorCode, latency_ms: latency, drop_connection: drop, times } = request as components["schemas"]["DevFaultRequest"];
    if (!Object.hasOwn(operationTable, operation)) throw new FaultError("operation must be an operationId of the Authy spec");
    const op = operation as OperationId;
    if (status === undefined && latency === undefined && drop !== true) throw new FaultError("give status, latency_ms or drop_connection: true");
    let code: string | null = null;
    if (status !== undefined) {
      const declared = declaredErrors(op);
      if (!declared.has(status)) throw new FaultError(`status must be an error status the spec declares for ${op}: ${[...declared.keys()].join(", ")}`);
      const codes = examplesOf(declared.get(status)!.content?.["application/json"]).map(codeOf).filter((c): c is string => c !== undefined);
      if (errorCode !== undefined) {
        if (!codes.includes(errorCode)) throw new FaultError(`error_code must be one the spec's examples give for ${op} ${status}: ${codes.join(", ") || "none"}`);
        code = errorCode;
      } else code = codes[0] ?? null;
    } else if (errorCode !== undefined) throw new FaultError("error_code needs status");
    if (drop === true && status !== undefined) throw new FaultError("a dropped connection has no status: give one or the other");
    const fault: Fault = {
      operation: op,
      status: status ?? null,
      error_code: code,
      latency_ms: latency ?? 0,
      drop_connection: drop === true,
      remaining: times ?? null,
    };
    await this.store.set(this.appId, fault);
    return fault;
  }

  async list(): Promise<Fault[]> {
    return (await this.store.list(this.appId)) as Fault[];
  }

  /** Clears one operation's fault, or all. */
  async clear(operation?: string): Promise<void> {
    await this.store.clear(this.appId, operation);
  }

  /** The fault that applies to this call of `operation` (counting it, on whichever server), if any. */
  async take(operation: OperationId): Promise<Fault | undefined> {
    return (await this.store.take(this.appId, operation)) as Fault | undefined;
  }
}
