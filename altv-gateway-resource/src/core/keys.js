import { createHash } from 'node:crypto';

/** The backend's idempotency key format (LedgerRules.IDEMPOTENCY_KEY). */
export const KEY_FORMAT = /^[A-Za-z0-9._:-]{1,128}$/;
const VERBATIM = /^[A-Za-z0-9._-][A-Za-z0-9._:-]*$/;

/**
 * The idempotency key of a money command, derived from the game event alone:
 * `{serverId}:{op}:{eventId}` when the event id is made of key characters and the key fits 128
 * characters, otherwise `{serverId}:{op}::{sha256 of the event id, base64url}` (the double colon
 * cannot occur in the first form, whose event id never starts with a colon).
 *
 * The platform is deliberately not part of the key: a server moving from alt:V to FiveM keeps its
 * server id, and a command journaled under one shim and retried under the other still has its key.
 * Keys are scoped to the service client by the backend, so two game servers cannot collide.
 *
 * @param {string} serverId [a-z0-9][a-z0-9._-]{0,31}
 * @param {string} op the operation (transfer, deposit, withdraw, pay, wage)
 * @param {string} eventId the caller's event id (checked by validate.eventId)
 * @returns {string}
 */
export function idempotencyKey(serverId, op, eventId) {
  const prefix = serverId + ':' + op + ':';
  if (prefix.length + eventId.length <= 128 && VERBATIM.test(eventId)) {
    return prefix + eventId;
  }
  const digest = createHash('sha256').update(eventId, 'utf8').digest('base64url');
  return prefix + ':' + digest;
}
