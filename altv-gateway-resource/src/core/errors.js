/**
 * The one error type the core rejects with. `code` is stable (other resources switch on it): the
 * core's own codes (below) or the backend's problem+json `code` (insufficient_funds,
 * idempotency_conflict, account_frozen, ...).
 */
export class EconomyError extends Error {
  /**
   * @param {string} code a stable machine-readable code
   * @param {string} message what went wrong, for people
   * @param {{status?: number, key?: string, detail?: string, retryable?: boolean}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = 'EconomyError';
    /** @type {string} */
    this.code = code;
    /** @type {number | undefined} the HTTP status the backend answered, when it did */
    this.status = extra.status;
    /** @type {string | undefined} the idempotency key of the command, when there was one */
    this.key = extra.key;
    /** @type {boolean} true for failures the core retries itself (never delivered to callers) */
    this.retryable = extra.retryable === true;
  }

  /** A plain object that crosses resource boundaries (FiveM exports, alt:V events) intact. */
  toJSON() {
    return { code: this.code, message: this.message, status: this.status, key: this.key };
  }
}

/** The core's own codes. */
export const Codes = Object.freeze({
  /** An argument from another resource broke an input rule; nothing was journaled. */
  INVALID_ARGUMENT: 'invalid_argument',
  /** The player has no linked backend account (yet): they link with a one-time code. */
  PLAYER_NOT_LINKED: 'player_not_linked',
  /** The player is not connected (or their login failed for good). */
  PLAYER_NOT_CONNECTED: 'player_not_connected',
  /** The journal reached its bound: the command was refused, not queued (nothing was journaled). */
  JOURNAL_FULL: 'journal_full',
  /** Writing the journal failed (disk): the command was refused, not queued. */
  JOURNAL_WRITE_FAILED: 'journal_write_failed',
  /** The core is stopped or not started. */
  STOPPED: 'stopped',
  /** The backend did not answer (network error, timeout) on a call that is not journaled (a read, a login). */
  BACKEND_UNAVAILABLE: 'backend_unavailable',
});
