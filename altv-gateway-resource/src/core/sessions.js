import { EconomyError, Codes } from './errors.js';
import { problemError } from './http.js';
import { ordered } from './identities.js';

/**
 * @typedef {import('./identities.js').Identity} Identity
 * @typedef {Object} Session
 * @property {string} handle the platform's player handle (FiveM: server id; alt:V: player id)
 * @property {Identity[]} identities linkable identities, in the order of the setting
 * @property {'connecting' | 'linked' | 'unlinked' | 'gone'} state
 * @property {string | null} playerId the backend's player id once logged in
 * @property {string | null} accessToken the player's access token (reads their balance)
 * @property {string | null} refreshToken
 * @property {number} accessExpiresAt
 * @property {Promise<void>} ready settles when the first login attempt is over
 * @property {ReturnType<typeof setTimeout> | null} pollTimer
 * @property {Promise<string> | null} refreshing
 */

/**
 * The players of this game server: each connected player is logged in by the platform identities
 * the game vouches for (POST /api/v1/auth/game-login, in the order of ECONOMY_GAME_IDENTITIES).
 * A player nobody linked yet is shown a one-time code in chat to enter on the website, and may
 * type a code from the website in chat. A linked player's other identities (a Discord id beside a
 * FiveM license) are linked to the same player, so that the player logs in from either platform.
 */
export class Sessions {
  /**
   * @param {{http: import('./http.js').HttpClient, auth: import('./auth.js').ServiceAuth,
   *   settings: import('./config.js').Settings, log: (level: string, msg: string) => void,
   *   message: (handle: string, text: string) => void, autoLink?: boolean}} options
   */
  constructor({ http, auth, settings, log, message, autoLink = true }) {
    this.http = http;
    this.auth = auth;
    this.settings = settings;
    this.log = log;
    this.message = message;
    this.autoLink = autoLink;
    /** @type {Map<string, Session>} */
    this.sessions = new Map();
  }

  /**
   * A player connected: logs them in (in the background; `ready` settles when it is over).
   *
   * @param {string} handle
   * @param {Identity[]} identities
   * @returns {Session}
   */
  connect(handle, identities) {
    this.disconnect(handle);
    /** @type {Session} */
    const session = {
      handle, identities: ordered(identities, this.settings.identities), state: 'connecting', playerId: null,
      accessToken: null, refreshToken: null, accessExpiresAt: 0, ready: Promise.resolve(), pollTimer: null, refreshing: null,
    };
    this.sessions.set(handle, session);
    session.ready = this.firstLogin(session);
    return session;
  }

  /** @param {string} handle */
  disconnect(handle) {
    const session = this.sessions.get(handle);
    if (!session) return;
    session.state = 'gone';
    if (session.pollTimer) clearTimeout(session.pollTimer);
    this.sessions.delete(handle);
  }

  stop() {
    for (const handle of [...this.sessions.keys()]) this.disconnect(handle);
  }

  /** @param {string} handle */
  get(handle) {
    return this.sessions.get(handle);
  }

  /**
   * The backend player id of a connected player, once their login is over (waiting at most the
   * request timeout for a login in progress).
   *
   * @param {string} handle
   * @returns {Promise<string>}
   */
  async playerIdOf(handle) {
    const session = this.sessions.get(handle);
    if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
    if (session.state === 'connecting') {
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      await Promise.race([session.ready, new Promise((r) => { timer = setTimeout(r, this.settings.requestTimeoutMs); })]);
      clearTimeout(timer);
    }
    return this.linkedId(session);
  }

  /** @param {Session} session */
  linkedId(session) {
    if (session.state === 'linked' && session.playerId) return session.playerId;
    if (session.state === 'connecting') {
      throw new EconomyError(Codes.BACKEND_UNAVAILABLE, `player ${session.handle} is not logged in yet: the backend has not answered their login`);
    }
    if (session.state === 'gone') throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${session.handle} is not connected`);
    throw new EconomyError(Codes.PLAYER_NOT_LINKED, `player ${session.handle} has not linked a website account (a one-time code links it)`);
  }

  /** @param {Session} session */
  async firstLogin(session) {
    let delay = this.settings.retryMinMs;
    while (session.state === 'connecting') {
      try {
        await this.login(session);
        break;
      } catch (e) {
        const error = /** @type {EconomyError} */ (e);
        if (!error.retryable) {
          this.log('warn', `economy: logging player ${session.handle} in failed: ${error.code}`);
          session.state = 'unlinked';
          break;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.settings.retryMaxMs);
      }
    }
    if (session.state === 'unlinked' && session.identities.length) {
      this.requestCodeRetrying(session).catch((e) => this.log('warn', `economy: no link code for player ${session.handle}: ${e.code} (${e.message})`));
    } else if (session.state === 'unlinked') {
      this.message(session.handle, 'Economy: the game reports no identity of yours that a website account can be linked to (FiveM: a license or Discord; alt:V: a social club or Discord id).');
    }
  }

  /**
   * Tries game-login with each of the player's identities; the first one linked wins. Throws a
   * retryable error when the backend does not answer.
   *
   * @param {Session} session
   * @returns {Promise<boolean>} whether the player is linked
   */
  async login(session) {
    for (const identity of session.identities) {
      const answer = await this.service('POST', '/api/v1/auth/game-login', identity);
      if (session.state === 'gone') return false;
      if (answer.status === 200 && answer.body && typeof answer.body.accessToken === 'string') {
        this.adopt(session, answer.body);
        session.state = 'linked';
        if (session.pollTimer) clearTimeout(session.pollTimer);
        session.pollTimer = null;
        if (this.autoLink) this.linkOthers(session, identity).catch(() => {});
        return true;
      }
      const error = problemError(answer);
      if (error.retryable) throw error;
      if (error.code !== 'identity_not_linked') this.log('warn', `economy: game-login of player ${session.handle} by ${identity.provider} refused: ${error.code}`);
    }
    if (session.state === 'connecting') session.state = 'unlinked';
    return false;
  }

  /**
   * Links the player's other identities to the player who logged in (the game vouches for all of
   * them): a code issued for the identity, redeemed with the player's own token.
   *
   * @param {Session} session
   * @param {Identity} loggedInWith
   */
  async linkOthers(session, loggedInWith) {
    for (const identity of session.identities) {
      if (identity === loggedInWith || session.state !== 'linked') continue;
      const issued = await this.service('POST', '/api/v1/link-codes', identity);
      if (issued.status !== 200 || !issued.body || typeof issued.body.code !== 'string') continue;
      const token = await this.playerToken(session.handle);
      const redeemed = await this.http.request('POST', this.settings.backendUrl + '/api/v1/link-codes/redeem',
        { token, body: JSON.stringify({ code: issued.body.code }) });
      if (redeemed.status === 200) {
        this.log('info', `economy: player ${session.playerId} also linked their ${identity.provider} identity`);
      } else {
        // identity_already_linked: it is this player's already, or another player's (left alone).
        const code = problemError(redeemed).code;
        if (code !== 'identity_already_linked') this.log('warn', `economy: linking ${identity.provider} of player ${session.handle}: ${code}`);
      }
    }
  }

  /**
   * requestCode, tried again (with back-off, a few times) while the backend does not answer.
   * @param {Session} session
   */
  async requestCodeRetrying(session) {
    let delay = this.settings.retryMinMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requestCode(session.handle);
      } catch (e) {
        const error = /** @type {EconomyError} */ (e);
        if (!error.retryable || attempt >= 6 || session.state !== 'unlinked') throw error;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.settings.retryMaxMs);
      }
    }
  }

  /**
   * A one-time code for the player's first identity, shown in chat: the player enters it on the
   * website to link their account. While it is valid, their login is tried every `linkPollMs`.
   *
   * @param {string} handle
   * @returns {Promise<{code: string, expiresAt: string}>}
   */
  async requestCode(handle) {
    const session = this.sessions.get(handle);
    if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
    const identity = session.identities[0];
    if (!identity) throw new EconomyError(Codes.PLAYER_NOT_LINKED, 'the game reports no identity that can be linked');
    const answer = await this.service('POST', '/api/v1/link-codes', identity);
    if (answer.status !== 200 || !answer.body || typeof answer.body.code !== 'string') throw problemError(answer);
    const { code, expiresAt } = answer.body;
    this.message(handle, `Economy: to link this game account to your website account, enter the code ${code} on the website (valid until ${expiresAt}). Or type /${this.settings.chatCommand} <code> with a code from the website.`);
    this.poll(session, Date.parse(expiresAt) || Date.now() + 600000);
    return { code, expiresAt };
  }

  /** @param {Session} session @param {number} until */
  poll(session, until) {
    if (session.pollTimer) clearTimeout(session.pollTimer);
    session.pollTimer = null;
    if (this.settings.linkPollMs <= 0) return;
    const next = () => {
      session.pollTimer = null;
      if (session.state !== 'unlinked' || Date.now() > until) return;
      this.login(session).then((linked) => {
        if (linked) this.message(session.handle, 'Economy: your account is linked.');
        else session.pollTimer = setTimeout(next, this.settings.linkPollMs);
      }, () => { session.pollTimer = setTimeout(next, this.settings.linkPollMs); });
    };
    session.pollTimer = setTimeout(next, this.settings.linkPollMs);
  }

  /**
   * The player typed a code from the website in chat: links their first identity to that website
   * account and logs them in.
   *
   * @param {string} handle
   * @param {unknown} code
   * @returns {Promise<{playerId: string}>}
   */
  async redeemCode(handle, code) {
    const session = this.sessions.get(handle);
    if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
    if (typeof code !== 'string' || code.length > 32 || !/^[A-Za-z0-9 -]+$/.test(code)) {
      throw new EconomyError(Codes.INVALID_ARGUMENT, 'a link code is 8 letters and digits');
    }
    const identity = session.identities[0];
    if (!identity) throw new EconomyError(Codes.PLAYER_NOT_LINKED, 'the game reports no identity that can be linked');
    const answer = await this.service('POST', '/api/v1/link-codes/redeem', { code, ...identity });
    if (answer.status !== 200) {
      const error = problemError(answer);
      this.message(handle, `Economy: the code was not accepted (${error.code}).`);
      throw error;
    }
    if (session.state !== 'gone') session.state = 'connecting';
    await this.login(session);
    this.message(handle, 'Economy: your account is linked.');
    return { playerId: /** @type {string} */ (session.playerId) };
  }

  /**
   * The player's access token (for their reads), refreshed when it is about to expire; a refused
   * refresh logs the player in again.
   *
   * @param {string} handle
   * @returns {Promise<string>}
   */
  async playerToken(handle) {
    const session = this.sessions.get(handle);
    if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
    this.linkedId(session);
    if (session.accessToken && Date.now() < session.accessExpiresAt - 30000) return session.accessToken;
    if (!session.refreshing) {
      session.refreshing = (async () => {
        try {
          const answer = await this.http.request('POST', this.settings.backendUrl + '/api/v1/auth/refresh',
            { body: JSON.stringify({ refreshToken: session.refreshToken }) });
          if (answer.status === 200 && answer.body && typeof answer.body.accessToken === 'string') {
            this.adopt(session, answer.body);
          } else {
            const error = problemError(answer);
            if (error.retryable) throw error;
            session.state = 'connecting';
            if (!(await this.login(session))) this.linkedId(session);
          }
          return /** @type {string} */ (session.accessToken);
        } finally {
          session.refreshing = null;
        }
      })();
    }
    return session.refreshing;
  }

  /** @param {Session} session @param {{accessToken: string, refreshToken: string, expiresIn: number}} pair */
  adopt(session, pair) {
    session.accessToken = pair.accessToken;
    session.refreshToken = pair.refreshToken;
    session.accessExpiresAt = Date.now() + Math.max(1, Number(pair.expiresIn) || 60) * 1000;
    const playerId = playerIdOfToken(pair.accessToken);
    if (!playerId) throw new EconomyError('invalid_token', 'the backend\'s token names no player');
    session.playerId = playerId;
  }

  /**
   * A request with the game server's service token (a 401 fetches a new one and tries once more).
   *
   * @param {'POST' | 'GET'} method
   * @param {string} path
   * @param {object} body
   */
  async service(method, path, body) {
    for (let attempt = 0; ; attempt++) {
      const token = await this.auth.token();
      const answer = await this.http.request(method, this.settings.backendUrl + path, { token, body: JSON.stringify(body) });
      if (answer.status === 401 && attempt === 0) {
        this.auth.invalidate(token);
        continue;
      }
      return answer;
    }
  }
}

/**
 * The `player_id` claim of a player's access token. The token comes from the backend over the
 * connection we opened; it is read, not verified (the backend verifies it when it is used).
 *
 * @param {string} token
 * @returns {string | null}
 */
export function playerIdOfToken(token) {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    return typeof payload.player_id === 'string' ? payload.player_id : null;
  } catch {
    return null;
  }
}
