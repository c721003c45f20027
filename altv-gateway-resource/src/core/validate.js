import { EconomyError, Codes } from './errors.js';

/** The backend's limits (messages/.../LedgerRules.java): checked here before anything is journaled. */
export const MEMO_LENGTH_MAX = 140;
export const EVENT_ID_LENGTH_MAX = 200;
export const REASON_CODE = /^[a-z][a-z0-9_.-]{0,39}$/;
/** The backend's player ids (LedgerRules.OWNER_ID). */
export const PLAYER_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Control characters (C0, DEL, C1): never in a memo or an event id. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** A lone surrogate: text that is not valid Unicode, which no JSON parser on the way must guess at. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** @param {string} message */
export function invalid(message) {
  return new EconomyError(Codes.INVALID_ARGUMENT, message);
}

/**
 * An amount of minor units: a positive whole number that a JavaScript number holds exactly
 * (at most 2^53-1), as a number or a bigint. Strings, fractions, NaN, Infinity, zero and negatives
 * are refused, never coerced.
 *
 * @param {unknown} value
 * @returns {number}
 */
export function amountMinor(value) {
  if (typeof value === 'bigint') {
    if (value <= 0n) throw invalid('amountMinor must be a positive whole number of minor units');
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`amountMinor must be at most ${Number.MAX_SAFE_INTEGER}`);
    return Number(value);
  }
  if (typeof value !== 'number') throw invalid('amountMinor must be a number (or a bigint), not ' + typeOf(value));
  if (!Number.isFinite(value) || !Number.isInteger(value)) throw invalid('amountMinor must be a whole number of minor units');
  if (value <= 0) throw invalid('amountMinor must be a positive whole number of minor units');
  if (!Number.isSafeInteger(value)) throw invalid(`amountMinor must be at most ${Number.MAX_SAFE_INTEGER}`);
  return value;
}

/**
 * Text that goes to the backend and into the audit log: a string, well-formed Unicode, no control
 * characters, at most `max` UTF-16 code units (the backend counts Java chars, the same units).
 *
 * @param {string} field
 * @param {unknown} value
 * @param {number} max
 * @returns {string}
 */
export function text(field, value, max) {
  if (typeof value !== 'string') throw invalid(`${field} must be a string, not ${typeOf(value)}`);
  if (value.length > max) throw invalid(`${field} is longer than ${max} characters`);
  if (CONTROL.test(value)) throw invalid(`${field} must not contain control characters (NUL, newlines, ...)`);
  if (LONE_SURROGATE.test(value)) throw invalid(`${field} is not well-formed Unicode (a lone surrogate)`);
  return value;
}

/**
 * The caller's id of the game event (a receipt number, a job id, a ride id): the idempotency key
 * is derived from it, so the same event never pays twice.
 *
 * @param {unknown} value
 * @returns {string}
 */
export function eventId(value) {
  if (value === undefined || value === null || value === '') {
    throw invalid('eventId is missing: every money command names the game event it comes from (the key that keeps a retry from paying twice)');
  }
  return text('eventId', value, EVENT_ID_LENGTH_MAX);
}

/** @param {unknown} value @returns {string | undefined} */
export function memo(value) {
  if (value === undefined || value === null) return undefined;
  return text('memo', value, MEMO_LENGTH_MAX);
}

/** @param {unknown} value @param {string | undefined} fallback @returns {string | undefined} */
export function reasonCode(value, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !REASON_CODE.test(value)) {
    throw invalid('reason must be a code of 1 to 40 characters of a-z 0-9 _ . - starting with a letter');
  }
  return value;
}

/** @param {string} field @param {unknown} value @returns {'wallet' | 'bank'} */
export function accountKind(field, value) {
  if (value === undefined || value === null) return 'wallet';
  if (value !== 'wallet' && value !== 'bank') throw invalid(`${field} must be 'wallet' or 'bank'`);
  return value;
}

/** @param {unknown} value @returns {string} */
export function playerId(value) {
  if (typeof value !== 'string' || !PLAYER_ID.test(value)) throw invalid('playerId must be a backend player id');
  return value;
}

/**
 * The options object of a money call: a plain object with only the allowed keys (a typo such as
 * `eventID` is an error, not a silently missing key).
 *
 * @param {unknown} value
 * @param {readonly string[]} allowed
 * @returns {Record<string, unknown>}
 */
export function options(value, allowed) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('options must be an object');
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw invalid('options must be a plain object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(`unknown option '${printable(key)}' (allowed: ${allowed.join(', ')})`);
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/** @param {unknown} value */
function typeOf(value) {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A string as it may appear in an error message: bounded, harmless characters only. */
/** @param {string} value */
export function printable(value) {
  const bounded = value.length > 40 ? value.slice(0, 40) + '...' : value;
  return bounded.replace(/[^\x20-\x7e]/g, '?');
}
