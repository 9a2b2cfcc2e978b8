import spec from "../../../generated/openapi.json" with { type: "json" };

/**
 * The value of the spec's named example (`components.examples`): the body the real API gave, which the server must
 * give verbatim where nothing in it depends on the user or the moment.
 */
export function specExample(name: string): Record<string, unknown> {
  const example = (spec.components.examples as Record<string, { value?: unknown }>)[name];
  if (example === undefined || typeof example.value !== "object" || example.value === null) throw new Error(`the spec has no example ${name}`);
  return example.value as Record<string, unknown>;
}

export const TOKEN_REUSED = specExample("TokenReused");
export const TOKEN_INVALID = specExample("TokenInvalid");
export const USER_NOT_FOUND = specExample("UserNotFound");
export const INVALID_API_KEY = specExample("InvalidApiKey");

/** The status of a user just created in the US (+1) with one email: no app, never verified. */
export const newUserStatus = (authyId: number, lastFourDigits: string, email: string) => ({
  status: {
    authy_id: authyId,
    confirmed: false,
    registered: false,
    country_code: 1,
    phone_number: `XXX-XXX-${lastFourDigits}`,
    email,
    devices: [],
    has_hard_token: false,
    account_disabled: false,
    detailed_devices: [],
    deleted_devices: [],
  },
  message: "User status.",
  success: true,
});
