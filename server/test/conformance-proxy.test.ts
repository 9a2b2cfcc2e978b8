/**
 * The server held to the spec through Prism: every operation it implements (server/test/helpers/conformance.ts,
 * over IMPLEMENTED_OPERATIONS) runs through `prism proxy generated/openapi.json <server>` in JSON and in XML, and
 * every development API operation through `prism proxy server/generated/dev-openapi.json <server>`. Inputs are made
 * by the test (users with +1 201-555-01xx numbers, the codes the server sent). Each exchange must carry no request
 * and no response violation (`sl-violations`), apart from the "Response body must be object" Prism reports on
 * every XML body; each scenario must reach its operation and get the statuses it expects.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isXmlBodyNotObject, startPrism, violationsOf, type PrismProcess, type Violation } from "../../contract-tests/prism.js";
import { createAuthyClient } from "../../src/index.js";
import { createDevClient } from "../src/index.js";
import { Router } from "../src/http/routes.js";
import { DEV_SCENARIOS, IMPLEMENTED_OPERATIONS, SCENARIOS, expectStatuses, statusOf, type ScenarioContext } from "./helpers/conformance.js";
import { useTestServer } from "./helpers/server.js";
import { devOperationTable } from "../generated/dev-runtime.js";

const t = useTestServer();
let authyProxy: PrismProcess;
let devProxy: PrismProcess;
const figures: string[] = [];

beforeAll(async () => {
  [authyProxy, devProxy] = await Promise.all([
    startPrism({ mode: "proxy", upstream: t.server.url }),
    startPrism({ mode: "proxy", upstream: t.server.url, spec: "server/generated/dev-openapi.json" }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([authyProxy?.stop(), devProxy?.stop()]);
  if (process.env.CONFORMANCE_REPORT) console.log(`prism proxy exchanges (operation format: exchanges, violations)\n${figures.join("\n")}`);
});

interface Exchange {
  method: string;
  path: string;
  status: number;
  violations: Violation[];
}

function recorder(log: Exchange[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    log.push({ method: request.method, path: new URL(request.url).pathname, status: response.status, violations: violationsOf(response.headers) });
    return response;
  };
}

const authyRouter = new Router(IMPLEMENTED_OPERATIONS);
const devRoutes = Object.entries(devOperationTable).map(([id, op]) => ({
  id,
  method: op.method as string,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

it("control: requests the documents refuse are reported as violations (the detector works)", async () => {
  const request = await fetch(`${authyProxy.url}/protected/json/users/new`, {
    method: "POST",
    headers: { "X-Authy-API-Key": t.server.apiKey, "content-type": "application/json" },
    body: JSON.stringify({ user: { email: "not an email" } }),
  });
  expect(violationsOf(request.headers).some((v) => v.location[0] === "request")).toBe(true);
  // A PATCH without JSON: a media type the development API's document does not take.
  const devRequest = await fetch(`${devProxy.url}/__dev/users/1000`, { method: "PATCH", headers: { "content-type": "text/plain" }, body: "x" });
  expect(devRequest.status).toBe(415);
  expect(violationsOf(devRequest.headers).length).toBeGreaterThan(0);
});

describe.each(IMPLEMENTED_OPERATIONS)("%s through prism proxy", (id) => {
  it.each(["json", "xml"] as const)("%s: the expected statuses, no violation", async (format) => {
    const log: Exchange[] = [];
    const fetch = recorder(log);
    const options = { baseUrl: authyProxy.url, format, retry: false as const, timeoutMs: 15_000, fetch };
    let next = 10;
    const client = createAuthyClient({ apiKey: t.server.apiKey, ...options });
    const context: ScenarioContext = {
      format,
      client,
      wrongKeyClient: createAuthyClient({ apiKey: "NotTheKey0123456789abcdefABCDEF", ...options }),
      dev: t.server.dev,
      newUser: async () => (await client.createUser({ user: { email: `user${next}@example.com`, cellphone: `201-555-01${next++}`, country_code: 1 } })).user.id,
      lastCode: async (authyId) => (await t.server.dev.listMessages({ authy_id: authyId, limit: 1 })).messages[0]!.code!,
    };
    const scenario = SCENARIOS[id];
    if (!scenario) throw new Error(`${id} is implemented but has no scenario in server/test/helpers/conformance.ts`);
    expectStatuses(id, format, await scenario.run(context, statusOf), scenario.expected);
    const reached = log.map((x) => authyRouter.match(x.method, x.path)?.operationId);
    expect(reached, "the scenario calls its operation").toContain(id);
    const violations = log.flatMap((x) => x.violations.filter((v) => !(format === "xml" && isXmlBodyNotObject(v))).map((v) => ({ path: x.path, status: x.status, ...v })));
    expect(violations).toEqual([]);
    figures.push(`${id} ${format}: ${log.length} exchanges, ${violations.length} violations`);
  });
});

describe.each(Object.keys(DEV_SCENARIOS) as Array<keyof typeof DEV_SCENARIOS>)("development API %s through prism proxy", (id) => {
  it("the expected statuses, no violation", async () => {
    const log: Exchange[] = [];
    const dev = createDevClient({ baseUrl: devProxy.url, fetch: recorder(log) });
    const authy = createAuthyClient({ apiKey: t.server.apiKey, baseUrl: t.server.url, retry: false });
    let next = 10;
    const setup = {
      newUser: async () => (await authy.createUser({ user: { email: `dev${next}@example.com`, cellphone: `201-555-01${next++}`, country_code: 1 } })).user.id,
    };
    expectStatuses(id, "json", await DEV_SCENARIOS[id].run(dev, setup, statusOf), DEV_SCENARIOS[id].expected);
    const reached = log.map((x) => devRoutes.find((r) => r.method === x.method && r.pattern.test(x.path))?.id);
    expect(reached, "the scenario calls its operation").toContain(id);
    const violations = log.flatMap((x) => x.violations.map((v) => ({ path: x.path, status: x.status, ...v })));
    expect(violations).toEqual([]);
    figures.push(`dev ${id}: ${log.length} exchanges, ${violations.length} violations`);
  });
});
