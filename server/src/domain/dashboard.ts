import { randomBytes, randomUUID } from "node:crypto";
import type { OperationInputs, OperationResults } from "../../../generated/operations.js";
import { generateApiKey } from "../keys.js";
import type { DomainContext } from "./context.js";
import { AuthyFailure } from "./failures.js";
import { parsePhone } from "./phone.js";

/** The UI background colour of an application that never set one. */
export const DEFAULT_BACKGROUND_COLOR = "#ffffff";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Settings the Dashboard API changes besides the spec's `name` (its body is open): read from the raw parameters. */
export interface DashboardExtras {
  token_length?: unknown;
}

function applicationView(ctx: DomainContext) {
  return { app_id: ctx.app.app_id, name: ctx.app.name };
}

export function getDashboardApplication(ctx: DomainContext): OperationResults["getDashboardApplication"] {
  return { application: applicationView(ctx), message: "Application details.", success: true };
}

/**
 * Changes the name (used in every message the server sends from then on) and `token_length` (6 to 10: the length
 * of the SMS, call and email codes sent from then on). A value out of range is 400 60070 with the field's error.
 */
export async function updateDashboardApplication(
  ctx: DomainContext,
  input: OperationInputs["updateDashboardApplication"],
  extras: DashboardExtras,
): Promise<OperationResults["updateDashboardApplication"]> {
  let tokenLength: number | undefined;
  if (extras.token_length !== undefined) {
    tokenLength = Number(extras.token_length);
    if (!Number.isInteger(tokenLength) || tokenLength < 6 || tokenLength > 10) {
      throw new AuthyFailure(60070, undefined, { token_length: "must be an integer from 6 to 10" });
    }
  }
  await ctx.store.dashboard.updateSettings(ctx.app.app_id, { name: input.name, tokenLength });
  const app = (await ctx.store.appById(ctx.app.app_id))!;
  return { application: { app_id: app.app_id, name: app.name }, message: "Application updated.", success: true };
}

export function getUiSettings(ctx: DomainContext): OperationResults["getUiSettings"] {
  return { ui_settings: { background_color: ctx.app.background_color ?? DEFAULT_BACKGROUND_COLOR }, message: "Application UI settings.", success: true };
}

export async function updateUiSettings(ctx: DomainContext, input: OperationInputs["updateUiSettings"]): Promise<OperationResults["updateUiSettings"]> {
  await ctx.store.dashboard.updateSettings(ctx.app.app_id, { backgroundColor: input.background_color });
  const color = input.background_color ?? ctx.app.background_color ?? DEFAULT_BACKGROUND_COLOR;
  return { ui_settings: { background_color: color }, message: "Application UI settings updated.", success: true };
}

const dataUrl = (png: Buffer | undefined): string | null => (png ? `data:image/png;base64,${png.toString("base64")}` : null);

async function assetsView(ctx: DomainContext) {
  return {
    main_logo: dataUrl(await ctx.store.dashboard.logo(ctx.app.app_id, "main_logo")),
    sidebar_logo: dataUrl(await ctx.store.dashboard.logo(ctx.app.app_id, "sidebar_logo")),
  };
}

/** The logos as PNG data URLs (null until uploaded): the server has no public file host. */
export async function getApplicationAssets(ctx: DomainContext): Promise<OperationResults["getApplicationAssets"]> {
  return { assets: await assetsView(ctx), message: "Application assets.", success: true };
}

/** Multipart upload of `main_logo` and/or `sidebar_logo`; each must be a PNG (its signature is checked: 60070 otherwise). */
export async function updateApplicationAssets(
  ctx: DomainContext,
  files: { main_logo?: Buffer; sidebar_logo?: Buffer },
): Promise<OperationResults["updateApplicationAssets"]> {
  for (const [name, file] of Object.entries(files)) {
    if (file && !file.subarray(0, 8).equals(PNG_SIGNATURE)) throw new AuthyFailure(60070, undefined, { [name]: "must be a PNG image" });
  }
  await ctx.store.dashboard.updateSettings(ctx.app.app_id, { mainLogo: files.main_logo, sidebarLogo: files.sidebar_logo });
  return { assets: await assetsView(ctx), message: "Application assets updated.", success: true };
}

export async function listApplicationUsers(ctx: DomainContext): Promise<OperationResults["listApplicationUsers"]> {
  const ids = await ctx.store.dashboard.userIds(ctx.app.app_id);
  return { users: ids.map((authy_id) => ({ authy_id })), message: "Application users.", success: true };
}

/**
 * A new application, authorised by the API key of an existing one (`integration_api_key`, 400 60073 otherwise),
 * with its own API key, signing key and access key (listed by `GET /__dev/apps`: the spec's answer has no room for
 * them). Its users, codes,
 * events and webhooks are its own. An owner phone number libphonenumber rejects is 400 60070.
 */
export async function createApplication(ctx: Omit<DomainContext, "app">, input: OperationInputs["createApplication"]) {
  const owner = await ctx.store.appByApiKey(input.integration_api_key);
  if (!owner) throw new AuthyFailure(60073);
  const phone = parsePhone(input.country_code, input.phone_number);
  if (!phone) throw new AuthyFailure(60070, undefined, { phone_number: "is invalid" });
  const keys = { apiKey: generateApiKey(), signingKey: generateApiKey(), accessKey: generateApiKey() };
  const appId = await ctx.store.dashboard.createApp({ name: input.name, ...keys, ownerEmail: input.email, ownerPhone: phone.e164, createdAt: ctx.now });
  ctx.log(`Created application ${appId} "${input.name}" through the Dashboard API`);
  return {
    application: { app_id: appId, name: input.name },
    message: "Application created.",
    success: true,
  } satisfies OperationResults["createApplication"];
}

export async function createWebhook(ctx: DomainContext, input: OperationInputs["createWebhook"]): Promise<OperationResults["createWebhook"]> {
  const webhook = {
    id: `WH_${randomUUID()}`,
    name: input.name,
    url: input.url,
    events: [...input.events],
    signing_key: `WSK_${randomBytes(16).toString("hex")}`,
    created_at: ctx.now,
  };
  await ctx.store.dashboard.createWebhook(ctx.app.app_id, webhook);
  return { webhook: webhookView(ctx, webhook), message: "Webhook created", success: true };
}

function webhookView(ctx: DomainContext, row: { id: string; name: string; url: string; events: string[]; signing_key: string }) {
  return {
    id: row.id,
    name: row.name,
    account_sid: accountSid(ctx.app.app_id),
    service_id: String(ctx.app.app_id),
    url: row.url,
    signing_key: row.signing_key,
    events: row.events,
  };
}

/** A stable Twilio-style account SID for the application (`AC` + 32 hex digits). */
const accountSid = (appId: number): string => `AC${appId.toString(16).padStart(32, "0")}`;

export async function listWebhooks(ctx: DomainContext): Promise<OperationResults["listWebhooks"]> {
  const rows = await ctx.store.dashboard.webhooks(ctx.app.app_id);
  return { webhooks: rows.map((row) => webhookView(ctx, row)), message: "Webhooks.", success: true };
}

/** Deletes one of the application's webhooks; an unknown id is 404 60100. */
export async function deleteWebhook(ctx: DomainContext, input: OperationInputs["deleteWebhook"]): Promise<OperationResults["deleteWebhook"]> {
  if (!(await ctx.store.dashboard.deleteWebhook(ctx.app.app_id, input.webhook_id))) throw new AuthyFailure(60100);
  return { message: "Webhook deleted", success: true };
}
