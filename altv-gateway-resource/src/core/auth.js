import { EconomyError } from './errors.js';
import { problemError } from './http.js';

/**
 * The game server's service token (POST /api/v1/auth/service-token with its client id and secret).
 * It is renewed before it expires (at 80% of its lifetime, by a timer), fetched again when the
 * backend says 401, and fetched once for all callers that need it at the same moment.
 */
export class ServiceAuth {
  /**
   * @param {{http: import('./http.js').HttpClient, backendUrl: string, clientId: string, clientSecret: string,
   *   log: (level: string, msg: string) => void, retryMs?: number}} options
   */
  constructor({ http, backendUrl, clientId, clientSecret, log, retryMs = 5000 }) {
    this.http = http;
    this.url = backendUrl + '/api/v1/auth/service-token';
    this.body = JSON.stringify({ clientId, clientSecret });
    this.log = log;
    this.retryMs = retryMs;
    /** @type {string | null} */
    this.current = null;
    this.expiresAt = 0;
    this.marginMs = 5000;
    /** @type {Promise<string> | null} */
    this.fetching = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    this.stopped = false;
    this.fetches = 0;
  }

  /** The token to send now (fetching one when there is none or it is about to expire). */
  async token() {
    if (this.current && Date.now() < this.expiresAt - this.marginMs) return this.current;
    return this.fetch();
  }

  /** The backend refused this token (401): the next call fetches a new one. @param {string} token */
  invalidate(token) {
    if (this.current === token) {
      this.current = null;
      this.expiresAt = 0;
    }
  }

  /** @returns {Promise<string>} */
  fetch() {
    if (this.fetching) return this.fetching;
    this.fetching = (async () => {
      try {
        this.fetches++;
        const answer = await this.http.request('POST', this.url, { body: this.body });
        if (answer.status !== 200 || !answer.body || typeof answer.body.accessToken !== 'string') {
          const error = problemError(answer);
          if (error.code === 'invalid_client') {
            this.log('error', 'economy: the backend refused the game server\'s credentials (invalid_client): check ECONOMY_GAME_CLIENT_ID and ECONOMY_GAME_CLIENT_SECRET; money commands stay journaled until it accepts them');
            // A configuration error, not an answer about any command: commands wait in the journal.
            error.retryable = true;
          }
          throw error;
        }
        const lifetimeMs = Math.max(1, Number(answer.body.expiresIn) || 60) * 1000;
        // Not used in its last 5 s (or last fifth): a request sent then could arrive expired.
        this.marginMs = Math.min(5000, lifetimeMs / 5);
        this.current = answer.body.accessToken;
        this.expiresAt = Date.now() + lifetimeMs;
        this.schedule(lifetimeMs * 0.8);
        return /** @type {string} */ (this.current);
      } finally {
        this.fetching = null;
      }
    })();
    return this.fetching;
  }

  /** @param {number} delayMs */
  schedule(delayMs) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fetch().catch((/** @type {EconomyError} */ e) => {
        this.log('warn', `economy: renewing the service token failed (${e.code}); trying again`);
        this.schedule(this.retryMs);
      });
    }, delayMs);
    // A renewal timer alone must not keep a process alive.
    if (typeof this.timer === 'object' && this.timer && 'unref' in this.timer) this.timer.unref();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export { EconomyError };
