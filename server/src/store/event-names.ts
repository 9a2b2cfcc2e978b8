/**
 * The server's own event kinds as reporting and webhooks name them (the reference's event catalogue, §2.21 and
 * §2.26). A kind not listed (an internal counter) is neither reported nor delivered. Data only: the store uses it to
 * queue webhook deliveries in the statement that records the event, reporting to name what it lists.
 */
const REPORTED_AS: Readonly<Record<string, string>> = {
  user_added: "user_added",
  user_removed: "user_removed",
  sms_sent: "totp_token_sent",
  call_sent: "totp_token_sent",
  email_sent: "totp_token_sent",
  token_verified: "token_verified",
  token_invalid: "token_invalid",
  phone_verification_started: "phone_verification_started",
  phone_verification_code_is_valid: "phone_verification_code_is_valid",
  phone_verification_code_is_invalid: "phone_verification_code_is_invalid",
  phone_verification_not_found: "phone_verification_not_found",
  phone_verification_failed: "phone_verification_failed",
  device_registration_completed: "device_registration_completed",
  one_touch_request_responded: "one_touch_request_responded",
};

export const reportedName = (kind: string): string | undefined => (Object.hasOwn(REPORTED_AS, kind) ? REPORTED_AS[kind] : undefined);

/** The delivery `kind` of a webhook event in the delivery queue. */
export const WEBHOOK_EVENT_KIND = "webhook_event";
/** Attempts of a webhook event delivery (the queue's rule for every kind). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
