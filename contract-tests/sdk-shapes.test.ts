/**
 * Every request that a real SDK sends must validate against the spec.
 *
 * Each row is a raw HTTP request written by hand exactly as one of the old SDKs puts it on the wire (query string,
 * headers, body encoding; see the reference notes §1.3, §2 and §7), sent with plain `fetch` to the Prism mock. Prism
 * must answer 200 with no request entry in `sl-violations` (a 400, 401, 415 or 422 means the spec rejects real
 * traffic). Negative rows prove the validation is real.
 */
import { describe, expect, it } from "vitest";
import { requestViolations } from "./prism.js";
import { sendRaw as send } from "./raw-request.js";

const KEY = "7f3c9a1e5b2d4e6f8a0c1b3d5e7f9a2c";
const APP_API_KEY = KEY;
const ACCESS_KEY = "Jx7kQ2mN9pLrT4vW8yZb3cFh6dGs1aEu";
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

interface Row {
  name: string;
  method: "GET" | "POST" | "DELETE";
  /** Path and raw query string, exactly as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** authy-php 3.x (Guzzle): X-Authy-API-Key header; every parameter in the query string, also on POSTs (no body). */
const php = (name: string, method: Row["method"], url: string): Row => ({
  name: `authy-php ${name}`,
  method,
  url,
  headers: { "X-Authy-API-Key": KEY, "User-Agent": "AuthyPHP/3.0.4 (Linux-5.10-x86_64; PHP 8.1.2)" },
});

/**
 * node-authy (npm `authy`, `request` with `form: params, qs: {api_key, ...}, json: true`): the API key in the query
 * string, no header; every call gets a form content type, also GETs (whose parameters travel in that form body).
 */
const nodeAuthy = (name: string, method: Row["method"], url: string, form: string): Row => ({
  name: `node-authy ${name}`,
  method,
  url: `${url}${url.includes("?") ? "&" : "?"}api_key=${KEY}`,
  headers: { "Content-Type": FORM, Accept: JSON_TYPE, "User-Agent": "AuthyNode/1.1 (node v8.9.0)" },
  body: form,
});

/** authy-client (`request` with `json: true`): header key, JSON bodies (also `{}` or `{"user_ip"}` on a GET). */
const authyClient = (name: string, method: Row["method"], url: string, json?: unknown): Row => ({
  name: `authy-client ${name}`,
  method,
  url,
  headers: {
    "X-Authy-API-Key": KEY,
    Accept: JSON_TYPE,
    "User-Agent": "authy-client/1.1.4 (https://github.com/ruimarinho/authy-client)",
    ...(json === undefined ? {} : { "Content-Type": JSON_TYPE }),
  },
  ...(json === undefined ? {} : { body: JSON.stringify(json) }),
});

/** authy-python (`requests`): header key; POST bodies are `json.dumps(data)` (", " and ": " separators); GET params. */
const python = (name: string, method: Row["method"], url: string, pythonJson?: string): Row => ({
  name: `authy-python ${name}`,
  method,
  url,
  headers: {
    "X-Authy-API-Key": KEY,
    "User-Agent": "AuthyPython/1.4.0 (Linux; Python 3.8.10)",
    ...(pythonJson === undefined ? {} : { "Content-Type": JSON_TYPE }),
  },
  ...(pythonJson === undefined ? {} : { body: pythonJson }),
});

/** authy-ruby (httpclient, `escape_query`): header key; POST form bodies in Rails bracket notation; GET query. */
const ruby = (name: string, method: Row["method"], url: string, form?: string): Row => ({
  name: `authy-ruby ${name}`,
  method,
  url,
  headers: {
    "X-Authy-API-Key": KEY,
    "User-Agent": "AuthyRuby/3.0.0 (x86_64-linux, Ruby 2.7.2)",
    ...(form === undefined ? {} : { "Content-Type": FORM }),
  },
  ...(form === undefined ? {} : { body: form }),
});

/** authy-java: header key; POST bodies as JSON; GET query. */
const java = (name: string, method: Row["method"], url: string, json?: unknown): Row => ({
  name: `authy-java ${name}`,
  method,
  url,
  headers: {
    "X-Authy-API-Key": KEY,
    "User-Agent": "AuthyJava/1.5.1 (Linux; Java 11)",
    ...(json === undefined ? {} : { "Content-Type": "application/json; charset=utf-8" }),
  },
  ...(json === undefined ? {} : { body: JSON.stringify(json) }),
});

/** AuthySE webhooks-api sample (`request` with `form:`): signature headers; form bodies with `events[]`. */
const webhooksSample = (name: string, method: Row["method"], url: string, form?: string): Row => ({
  name: `webhooks sample ${name}`,
  method,
  url,
  headers: {
    "X-Authy-Signature-Nonce": "1498759842.123456",
    "X-Authy-Signature": "mkmZXyR8A1Y+p6q5PqBbYOHRtuE6b2Jth1vNn7nGgJ8=",
    ...(form === undefined ? {} : { "Content-Type": FORM }),
  },
  ...(form === undefined ? {} : { body: form }),
});

const E = encodeURIComponent;
const LOGO = "https://example.com/logos/default.png";

const rows: Row[] = [
  // authy-php: Guzzle `query` arrays go through http_build_query (RFC 3986; brackets percent-encoded, true -> 1).
  php(
    "registerUser (user[...] and user[send_install_link_via_sms]=1 in the query of the POST)",
    "POST",
    "/protected/json/users/new?user%5Bemail%5D=new_user%40example.com&user%5Bcellphone%5D=405-342-5699&user%5Bcountry_code%5D=1&user%5Bsend_install_link_via_sms%5D=1",
  ),
  php("verifyToken (force=true by default)", "GET", "/protected/json/verify/1234567/1234?force=true"),
  php("requestSms", "GET", "/protected/json/sms/1234?force=true"),
  php("phoneCall", "GET", "/protected/json/call/1234"),
  php("deleteUser (/remove, no body)", "POST", "/protected/json/users/1234/remove"),
  php("userStatus", "GET", "/protected/json/users/1234/status"),
  php("qrCode (qr_size in the query of the POST)", "POST", "/protected/json/users/1234/secret?qr_size=300"),
  php(
    "phoneVerificationStart (query of the POST)",
    "POST",
    "/protected/json/phones/verification/start?phone_number=987-654-3210&country_code=1&via=sms&code_length=4&locale=en",
  ),
  php(
    "phoneVerificationCheck",
    "GET",
    "/protected/json/phones/verification/check?phone_number=987-654-3210&country_code=1&verification_code=1234",
  ),
  php("phoneInfo", "GET", "/protected/json/phones/info?phone_number=987-654-3210&country_code=1"),
  php(
    "createApprovalRequest (message and details[...] in the query of the POST)",
    "POST",
    "/onetouch/json/users/1234/approval_requests?details%5BUsername%5D=Bill%20Smith&details%5BLocation%5D=California%2C%20USA&hidden_details%5Bip_address%5D=10.10.3.203&seconds_to_expire=120&message=Login%20requested%20for%20a%20CapTrade%20Bank%20account.",
  ),
  php("getApprovalRequest", "GET", "/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e"),

  // node-authy 1.x: `request({ form: params, qs: { ...qs, api_key } })`; qs-module encoding (brackets encoded).
  nodeAuthy(
    "register_user (form user[...], send_install_link_via_sms in the query)",
    "POST",
    "/protected/json/users/new?send_install_link_via_sms=true",
    "user%5Bemail%5D=new_user%40example.com&user%5Bcellphone%5D=405-342-5699&user%5Bcountry_code%5D=1",
  ),
  nodeAuthy("delete_user (/users/delete/{id}, empty form)", "POST", "/protected/json/users/delete/1234", ""),
  nodeAuthy("user_status (GET with an empty form)", "GET", "/protected/json/users/1234/status", ""),
  nodeAuthy("verify (force in the query)", "GET", "/protected/json/verify/1234567/1234?force=true", ""),
  nodeAuthy("verify (no force)", "GET", "/protected/json/verify/1234567/1234", ""),
  nodeAuthy("request_sms", "GET", "/protected/json/sms/1234?force=true", ""),
  nodeAuthy("request_call", "GET", "/protected/json/call/1234", ""),
  nodeAuthy(
    "phones().verification_start (form)",
    "POST",
    "/protected/json/phones/verification/start",
    "phone_number=987-654-3210&country_code=1&via=sms&locale=en&code_length=6",
  ),
  nodeAuthy(
    "phones().verification_check (GET parameters as a form body)",
    "GET",
    "/protected/json/phones/verification/check",
    "phone_number=987-654-3210&country_code=1&verification_code=1234",
  ),
  nodeAuthy(
    "phones().verification_status (GET parameters as a form body)",
    "GET",
    "/protected/json/phones/verification/status",
    "phone_number=987-654-3210&country_code=1",
  ),
  nodeAuthy(
    "phones().info (GET parameters as a form body)",
    "GET",
    "/protected/json/phones/info",
    "phone_number=987-654-3210&country_code=1",
  ),
  nodeAuthy(
    "send_approval_request (form with details[...] and indexed logos[0][res])",
    "POST",
    "/onetouch/json/users/1234/approval_requests",
    `message=Login%20requested&details%5BUsername%5D=Bill%20Smith&hidden_details%5Bip_address%5D=10.10.3.203&logos%5B0%5D%5Bres%5D=default&logos%5B0%5D%5Burl%5D=${E(LOGO)}&seconds_to_expire=120`,
  ),
  nodeAuthy(
    "check_approval_status (GET with an empty form)",
    "GET",
    "/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e",
    "",
  ),

  // authy-client 1.1.4: `json: true`, bodies are JSON.
  authyClient("registerUser (JSON body)", "POST", "/protected/json/users/new", {
    user: { cellphone: "4053425699", country_code: "1", email: "new_user@example.com" },
  }),
  authyClient("getUserStatus ({} JSON body on the GET)", "GET", "/protected/json/users/1234/status", {}),
  authyClient("getUserStatus ({user_ip} JSON body on the GET)", "GET", "/protected/json/users/1234/status", {
    user_ip: "83.137.2.1",
  }),
  authyClient("deleteUser (/remove, {user_ip})", "POST", "/protected/json/users/1234/remove", { user_ip: "83.137.2.1" }),
  authyClient("registerActivity (JSON with data)", "POST", "/protected/json/users/1234/register_activity", {
    data: { reason: "reset by user" },
    type: "password_reset",
    user_ip: "83.137.2.1",
  }),
  authyClient("getApplicationDetails (user_ip in the query)", "GET", "/protected/json/app/details?user_ip=83.137.2.1"),
  authyClient("getApplicationStatistics", "GET", "/protected/json/app/stats"),
  authyClient("requestSms (force=true, action, action_message)", "GET", "/protected/json/sms/1234?action=login&action_message=Login%20code&force=true"),
  authyClient("requestCall", "GET", "/protected/json/call/1234?force=true"),
  authyClient("verifyToken (force only when true)", "GET", "/protected/json/verify/1234567/1234?force=true"),
  authyClient("getPhoneInformation (user_ip in the query)", "GET", "/protected/json/phones/info?country_code=1&phone_number=9876543210&user_ip=83.137.2.1"),
  authyClient("startPhoneVerification (JSON, no code_length)", "POST", "/protected/json/phones/verification/start", {
    country_code: "1",
    locale: "en",
    phone_number: "9876543210",
    via: "sms",
  }),
  authyClient(
    "verifyPhone",
    "GET",
    "/protected/json/phones/verification/check?country_code=1&phone_number=9876543210&verification_code=1234",
  ),
  authyClient("createApprovalRequest (JSON details/hidden_details/logos)", "POST", "/onetouch/json/users/1234/approval_requests", {
    details: { Username: "Bill Smith", Location: "California, USA" },
    hidden_details: { ip_address: "10.10.3.203" },
    logos: [{ res: "default", url: LOGO }],
    message: "Login requested for a CapTrade Bank account.",
    seconds_to_expire: 120,
  }),
  authyClient("getApprovalRequest", "GET", "/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e"),

  // authy-python 1.x: POST bodies are json.dumps(data); GETs carry params only.
  python(
    "users.create (JSON, send_install_link_via_sms false)",
    "POST",
    "/protected/json/users/new",
    '{"user": {"email": "new_user@example.com", "cellphone": "405-342-5699", "country_code": 1}, "send_install_link_via_sms": false}',
  ),
  python("users.delete (/delete, body {})", "POST", "/protected/json/users/1234/delete", "{}"),
  python("users.status", "GET", "/protected/json/users/1234/status"),
  python("users.request_sms (force=True as Python spells it)", "GET", "/protected/json/sms/1234?force=True"),
  python("users.request_call (force=True)", "GET", "/protected/json/call/1234?force=True"),
  python("users.generate_qr (JSON)", "POST", "/protected/json/users/1234/secret", '{"qr_size": 300, "label": "My App"}'),
  python("users.registration_status", "GET", "/protected/json/registrations/status?custom_user_id=user-42"),
  python("tokens.verify (default force=true)", "GET", "/protected/json/verify/1234567/1234?force=true"),
  python("tokens.verify (README: options={'force': True})", "GET", "/protected/json/verify/1234567/1234?force=True"),
  python("apps.fetch", "GET", "/protected/json/app/details"),
  python("stats.fetch", "GET", "/protected/json/app/stats"),
  python(
    "phones.verification_start (JSON)",
    "POST",
    "/protected/json/phones/verification/start",
    '{"phone_number": "987-654-3210", "country_code": 1, "via": "sms", "locale": "es"}',
  ),
  python(
    "phones.verification_check",
    "GET",
    "/protected/json/phones/verification/check?phone_number=987-654-3210&country_code=1&verification_code=1234",
  ),
  python("phones.info", "GET", "/protected/json/phones/info?phone_number=987-654-3210&country_code=1"),
  python(
    "one_touch.send_request (seconds_to_expire: null, empty details and logos)",
    "POST",
    "/onetouch/json/users/1234/approval_requests",
    '{"message": "Login requested", "seconds_to_expire": null, "details": {}, "hidden_details": {}, "logos": []}',
  ),
  python(
    "one_touch.send_request (details, logos)",
    "POST",
    "/onetouch/json/users/1234/approval_requests",
    `{"message": "Login requested", "seconds_to_expire": 120, "details": {"Username": "Bill Smith"}, "hidden_details": {"ip_address": "10.10.3.203"}, "logos": [{"res": "default", "url": "${LOGO}"}]}`,
  ),
  python("one_touch.get_approval_status", "GET", "/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e"),

  // authy-ruby 3.x: escape_query form bodies for POST, query for GET.
  ruby(
    "register_user (form user[...], send_install_link_via_sms)",
    "POST",
    "/protected/json/users/new",
    "user%5Bemail%5D=new_user%40example.com&user%5Bcellphone%5D=405-342-5699&user%5Bcountry_code%5D=1&send_install_link_via_sms=true",
  ),
  ruby("verify (force=true)", "GET", "/protected/json/verify/1234567/1234?force=true"),
  ruby("request_sms (force, locale)", "GET", "/protected/json/sms/1234?force=true&locale=es"),
  ruby("request_phone_call", "GET", "/protected/json/call/1234?force=true"),
  ruby("request_email (form)", "POST", "/protected/json/email/1234", "force=true"),
  ruby("delete_user (/users/delete/{id}, empty form)", "POST", "/protected/json/users/delete/1234", ""),
  ruby("user_status", "GET", "/protected/json/users/1234/status"),
  ruby("update_user (form email)", "POST", "/protected/json/users/1234/update", "email=updated%40example.com"),
  ruby("request_qr_code (form qr_size and label)", "POST", "/protected/json/users/1234/secret", "qr_size=300&label=example+app+name"),
  ruby(
    "send_approval_request (form details[Key], logos[][res]/logos[][url], empty seconds_to_expire)",
    "POST",
    "/onetouch/json/users/1234/approval_requests",
    `message=Login+requested&details%5BUsername%5D=Bill+Smith&details%5BLocation%5D=California%2C+USA&hidden_details%5Bip_address%5D=10.10.3.203&logos%5B%5D%5Bres%5D=default&logos%5B%5D%5Burl%5D=${E(LOGO)}&logos%5B%5D%5Bres%5D=low&logos%5B%5D%5Burl%5D=${E("https://example.com/logos/low.png")}&seconds_to_expire=`,
  ),
  ruby("approval_request_status", "GET", "/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e"),
  ruby(
    "PhoneVerification.start (form)",
    "POST",
    "/protected/json/phones/verification/start",
    "via=sms&country_code=1&phone_number=987-654-3210&locale=en",
  ),
  ruby(
    "PhoneVerification.check",
    "GET",
    "/protected/json/phones/verification/check?country_code=1&phone_number=987-654-3210&verification_code=1234",
  ),

  // authy-java 1.x: JSON POST bodies, GET query.
  java("Users.createUser (JSON)", "POST", "/protected/json/users/new", {
    user: { email: "new_user@example.com", cellphone: "405-342-5699", country_code: "1" },
  }),
  java("Users.deleteUser (/users/delete/{id}, empty body)", "POST", "/protected/json/users/delete/1234"),
  java("Users.requestStatus", "GET", "/protected/json/users/1234/status"),
  java("Users.requestSms (force=true)", "GET", "/protected/json/sms/1234?force=true"),
  java("Users.requestCall", "GET", "/protected/json/call/1234?force=true"),
  java("Tokens.verify (force=true)", "GET", "/protected/json/verify/1234567/1234?force=true"),
  java("PhoneVerification.start (JSON)", "POST", "/protected/json/phones/verification/start", {
    via: "sms",
    country_code: "1",
    phone_number: "987-654-3210",
    locale: "en",
  }),
  java(
    "PhoneVerification.check",
    "GET",
    "/protected/json/phones/verification/check?phone_number=987-654-3210&country_code=1&verification_code=1234",
  ),
  java("PhoneInfo.info", "GET", "/protected/json/phones/info?phone_number=987-654-3210&country_code=1"),
  java("OneTouch.sendApprovalRequest (JSON)", "POST", "/onetouch/json/users/1234/approval_requests", {
    message: "Login requested",
    details: { Username: "Bill Smith" },
    hidden_details: { ip_address: "10.10.3.203" },
    logos: [
      { res: "default", url: LOGO },
      { res: "low", url: "https://example.com/logos/low.png" },
    ],
    seconds_to_expire: 120,
  }),
  java("OneTouch.getApprovalRequestStatus", "GET", "/onetouch/json/approval_requests/8d031630-d15b-0134-b0a8-0a77bbe8093e"),

  // AuthySE webhooks-api sample: signed requests, `form:` bodies with events[].
  webhooksSample(
    "create (form with events[])",
    "POST",
    "/dashboard/json/application/webhooks",
    `url=${E("https://example.com/authy/webhooks")}&name=my_webhook&events%5B%5D=user_added&events%5B%5D=one_touch_request_responded&app_api_key=${APP_API_KEY}&access_key=${ACCESS_KEY}`,
  ),
  webhooksSample(
    "create (form with one events[])",
    "POST",
    "/dashboard/json/application/webhooks",
    `url=${E("https://example.com/authy/webhooks")}&name=my_webhook&events%5B%5D=user_added&app_api_key=${APP_API_KEY}&access_key=${ACCESS_KEY}`,
  ),
  webhooksSample(
    "list (GET with the keys as a form body)",
    "GET",
    "/dashboard/json/application/webhooks",
    `app_api_key=${APP_API_KEY}&access_key=${ACCESS_KEY}`,
  ),
  webhooksSample("list (keys in the query)", "GET", `/dashboard/json/application/webhooks?app_api_key=${APP_API_KEY}&access_key=${ACCESS_KEY}`),
  webhooksSample(
    "delete (DELETE with the keys as a form body)",
    "DELETE",
    "/dashboard/json/application/webhooks/WH_a1b2c3d4-e5f6-7890-abcd-ef1234567890",
    `app_api_key=${APP_API_KEY}&access_key=${ACCESS_KEY}`,
  ),
];

interface NegativeRow extends Row {
  /** What Prism must report: a request violation whose message matches, and this status. */
  violation: RegExp;
  status: number;
}

const negative = (row: Row, status: number, violation: RegExp): NegativeRow => ({
  ...row,
  name: `rejects: ${row.name}`,
  status,
  violation,
});

// Prism answers a request violation with the operation's own 400 when it declares one (every operation the
// server implements does: 60004), else with its 422; the violation is then in the sl-violations header.
const negatives: NegativeRow[] = [
  negative(php("a token with letters", "GET", "/protected/json/verify/12ab567/1234?force=true"), 400, /token must match pattern/),
  negative(php("an authy_id that is not a number", "GET", "/protected/json/users/abc/status"), 400, /authy_id must be integer/),
  negative(php("a format that is not json or xml", "GET", "/protected/yaml/users/1234/status"), 400, /format must be equal to one of the allowed values/),
  negative(
    ruby("a form body missing user[cellphone]", "POST", "/protected/json/users/new", "user%5Bemail%5D=new_user%40example.com&user%5Bcountry_code%5D=1"),
    400,
    /must have required property 'user\[cellphone\]'/,
  ),
  negative(
    authyClient("a JSON body with an invalid email", "POST", "/protected/json/users/new", {
      user: { cellphone: "4053425699", country_code: "1", email: "not-an-email" },
    }),
    400,
    /must match format "email"/,
  ),
  negative(
    python("force=yes (not a boolean spelling)", "GET", "/protected/json/sms/1234?force=yes"),
    400,
    /force must be equal to one of the allowed values/,
  ),
  negative(
    java("a body in a media type the operation does not take", "POST", "/protected/json/users/new"),
    // Prism reports the unsupported media type as a 415-coded violation; the operation documents 400, so that is
    // the status it answers with.
    400,
    /Supported content types/,
  ),
  negative(
    php(
      "user[email] in the query of the POST that is not an email",
      "POST",
      "/protected/json/users/new?user%5Bemail%5D=not-an-email&user%5Bcellphone%5D=405-342-5699&user%5Bcountry_code%5D=1",
    ),
    400,
    /email/,
  ),
  negative(
    nodeAuthy(
      "a GET form body with a verification_code that has letters",
      "GET",
      "/protected/json/phones/verification/check",
      "phone_number=987-654-3210&country_code=1&verification_code=12ab",
    ),
    400,
    /verification_code must match pattern/,
  ),
  negative(
    ruby(
      "a form logos[][res] outside the enum",
      "POST",
      "/onetouch/json/users/1234/approval_requests",
      `message=Login+requested&logos%5B%5D%5Bres%5D=huge&logos%5B%5D%5Burl%5D=${E(LOGO)}`,
    ),
    400,
    /logos\[\]\[res\]/,
  ),
  negative(
    authyClient("a JSON body on a GET with a user_ip that is not an address", "GET", "/protected/json/users/1234/status", {
      user_ip: "localhost; rm -rf",
    }),
    400,
    /user_ip must match pattern/,
  ),
  negative(
    {
      name: "authy-java <1.4: an XML user without a cellphone",
      method: "POST",
      url: "/protected/xml/users/new",
      headers: { "X-Authy-API-Key": KEY, "Content-Type": "application/xml" },
      body: "<user><country_code>57</country_code><email>test@example.com</email></user>",
    },
    400,
    /must match pattern/,
  ),
  negative(
    {
      name: "authy_elixir's octet-stream body carrying anything but \"\"",
      method: "GET",
      url: "/protected/json/sms/1234",
      headers: { "X-Authy-API-Key": KEY, "Content-Type": "application/octet-stream" },
      body: '"force"',
    },
    400, // sendSmsToken declares a 400 (the server's 60004), so Prism answers with it
    /must be equal to one of the allowed values/,
  ),
  negative(
    { ...php("no API key at all", "GET", "/protected/json/users/1234/status"), headers: {} },
    401,
    /Invalid security scheme used/,
  ),
];
// The 415 row needs a body in an undeclared media type.
const unsupported = negatives.find((r) => r.name.includes("media type the operation does not take"))!;
unsupported.headers["Content-Type"] = "text/plain";
unsupported.body = "user=1";

describe.concurrent("Every request that a real SDK sends must validate against the spec", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", async (_, row) => {
    const { status, text, violations } = await send(row);
    expect(requestViolations(violations), `${row.method} ${row.url}\n${row.body ?? ""}`).toEqual([]);
    expect([400, 401, 415, 422], text).not.toContain(status);
    expect(status, text).toBe(200);
  });
});

describe.concurrent("validation is real: Prism rejects what the spec forbids", () => {
  it.each(negatives.map((r) => [r.name, r] as const))("%s", async (_, row) => {
    const { status, violations } = await send(row);
    expect(status).toBe(row.status);
    const messages = requestViolations(violations).map((v) => v.message);
    expect(messages.some((m) => row.violation.test(m)), messages.join("\n")).toBe(true);
  });
});
