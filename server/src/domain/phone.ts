import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export interface PhoneNumberParts {
  countryCode: number;
  /** National significant number, digits only. */
  nationalNumber: string;
  e164: string;
}

/**
 * A phone number as Authy takes it (calling code + national number written with dashes, dots, spaces or nothing),
 * checked against libphonenumber's full (`max`) metadata, so a number must be valid for its region, not only of a
 * plausible length. Undefined when it is not.
 */
export function parsePhone(countryCode: number | string, cellphone: string): PhoneNumberParts | undefined {
  const code = String(countryCode).replace(/^\+/, "");
  const parsed = parsePhoneNumberFromString(`+${code}${cellphone.replace(/[^0-9]/g, "")}`);
  if (!parsed || !parsed.isValid() || parsed.countryCallingCode !== code) return undefined;
  return { countryCode: Number(code), nationalNumber: parsed.nationalNumber, e164: parsed.number };
}

/** Any way of writing a full international number (`+1 201-555-0123`, `12015550123`) as E.164, if valid. */
export function toE164(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(`+${text.replace(/[^0-9]/g, "")}`);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** National number grouped with dashes the way the region writes it (`201-555-0123`), for the phone number export. */
export function dashedNational(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164.replace(/^\+/, "");
  // The international form groups the national significant number without a trunk prefix (UK 7400 123456).
  const grouped = parsed.formatInternational().slice(`+${parsed.countryCallingCode}`.length);
  return grouped.replace(/[^0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** `+1-XXX-XXX-XX23`: how the send answers show the cellphone (only the last two digits). */
export const maskedCellphone = (countryCode: number, nationalNumber: string): string =>
  `+${countryCode}-XXX-XXX-XX${nationalNumber.slice(-2)}`;

/** `XXX-XXX-0123`: how the user status shows the phone number (only the last four digits). */
export const maskedStatusPhone = (nationalNumber: string): string => `XXX-XXX-${nationalNumber.slice(-4)}`;
