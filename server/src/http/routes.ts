import { operationTable } from "../../../generated/runtime.js";
import type { OperationSpec } from "../../../src/runtime-types.js";

export type OperationId = keyof typeof operationTable;
export type Format = "json" | "xml";

export interface RouteMatch {
  operationId: OperationId;
  spec: OperationSpec;
  format: Format;
  /** Path parameters as written (still text). */
  pathParams: Record<string, string>;
}

interface Route {
  operationId: OperationId;
  spec: OperationSpec;
  pattern: RegExp;
  names: string[];
}

/**
 * The router is the spec's runtime table: one pattern per operation, `{format}` as `json|xml`, every other
 * `{name}` as one path segment. Literal segments win over parameters (`/users/new` is not `/users/{authy_id}`),
 * so routes with fewer parameters are tried first.
 */
function compileRoutes(operationIds: readonly OperationId[]): Route[] {
  const routes = operationIds.map((operationId) => {
    const spec: OperationSpec = operationTable[operationId];
    const names: string[] = [];
    const source = spec.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        names.push(name);
        return name === "format" ? "(json|xml)" : "([^/]+)";
      })
      .join("");
    return { operationId, spec, pattern: new RegExp(`^${source}$`), names };
  });
  return routes.sort((a, b) => a.names.length - b.names.length);
}

export class Router {
  private readonly routes: Route[];

  constructor(operationIds: readonly OperationId[]) {
    this.routes = compileRoutes(operationIds);
  }

  /** The operation for a method and path; `undefined` when none (the caller answers 404). */
  match(method: string, pathname: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.spec.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      let format: Format = "json";
      route.names.forEach((name, i) => {
        let value = found[i + 1]!;
        try {
          value = decodeURIComponent(value);
        } catch {
          // keep it as written: validation rejects it
        }
        if (name === "format") format = value as Format;
        else pathParams[name] = value;
      });
      return { operationId: route.operationId, spec: route.spec, format, pathParams };
    }
    return undefined;
  }

  /** The format a path asks for, even when its method or operation is unknown (for the error body). */
  static formatOf(pathname: string): Format {
    return /^\/(?:protected|onetouch)\/xml\//.test(pathname) ? "xml" : "json";
  }
}
