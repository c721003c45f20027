import { EconomyError, Codes } from './errors.js';

/**
 * @typedef {Object} Settings
 * @property {string} backendUrl base URL of the backend's command side (POST)
 * @property {string} queryUrl base URL of the backend's query side (GET)
 * @property {string} clientId the game server's service client id
 * @property {string} clientSecret its secret (from the server's configuration or environment)
 * @property {string} serverId this game server's name in idempotency keys
 * @property {number} batchSize most commands in one ingress batch
 * @property {number} batchDelayMs longest a command waits for its batch to fill
 * @property {string} journalDir where the journal lives
 * @property {number} journalMaxBytes the journal's bound
 * @property {number} journalSegmentBytes size of one journal file before the next is begun
 * @property {number} requestTimeoutMs longest one HTTP request may take
 * @property {number} retryMinMs first wait after a failed send
 * @property {number} retryMaxMs longest wait between two sends while the backend is down
 * @property {string[]} identities the providers tried at game-login, in this order
 * @property {number} linkPollMs how often an unlinked player's login is tried again while their code is valid (0: never)
 * @property {string} chatCommand the chat command players type to link (FiveM: RegisterCommand)
 */

/**
 * Every setting: its environment variable (FiveM: the same name in lower case is a convar, which wins),
 * its default and how it is read. The README's "Settings" table lists the same.
 */
export const SETTINGS = Object.freeze([
  { key: 'backendUrl', env: 'ECONOMY_BACKEND_URL', def: 'http://127.0.0.1:8080', kind: 'url' },
  { key: 'queryUrl', env: 'ECONOMY_QUERY_URL', def: '', kind: 'url?' },
  { key: 'clientId', env: 'ECONOMY_GAME_CLIENT_ID', def: '', kind: 'clientId' },
  { key: 'clientSecret', env: 'ECONOMY_GAME_CLIENT_SECRET', def: '', kind: 'secret' },
  { key: 'serverId', env: 'ECONOMY_GAME_SERVER_ID', def: '', kind: 'serverId' },
  { key: 'batchSize', env: 'ECONOMY_GAME_BATCH_SIZE', def: '100', kind: 'int', min: 1, max: 500 },
  { key: 'batchDelayMs', env: 'ECONOMY_GAME_BATCH_DELAY_MS', def: '20', kind: 'int', min: 0, max: 10000 },
  { key: 'journalDir', env: 'ECONOMY_GAME_JOURNAL_DIR', def: '', kind: 'string' },
  { key: 'journalMaxBytes', env: 'ECONOMY_GAME_JOURNAL_MAX_BYTES', def: String(64 * 1024 * 1024), kind: 'int', min: 64 * 1024, max: 2 ** 40 },
  { key: 'journalSegmentBytes', env: 'ECONOMY_GAME_JOURNAL_SEGMENT_BYTES', def: String(4 * 1024 * 1024), kind: 'int', min: 4 * 1024, max: 2 ** 31 },
  { key: 'requestTimeoutMs', env: 'ECONOMY_GAME_REQUEST_TIMEOUT_MS', def: '15000', kind: 'int', min: 100, max: 600000 },
  { key: 'retryMinMs', env: 'ECONOMY_GAME_RETRY_MIN_MS', def: '250', kind: 'int', min: 1, max: 600000 },
  { key: 'retryMaxMs', env: 'ECONOMY_GAME_RETRY_MAX_MS', def: '10000', kind: 'int', min: 1, max: 3600000 },
  { key: 'identities', env: 'ECONOMY_GAME_IDENTITIES', def: 'fivem-license,altv-social,discord', kind: 'providers' },
  { key: 'linkPollMs', env: 'ECONOMY_GAME_LINK_POLL_MS', def: '15000', kind: 'int', min: 0, max: 3600000 },
  { key: 'chatCommand', env: 'ECONOMY_GAME_CHAT_COMMAND', def: 'link', kind: 'command' },
]);

/** The providers a game server may vouch for (the backend's LinkingController.GAME_PROVIDERS). */
export const GAME_PROVIDERS = Object.freeze(['fivem-license', 'altv-social', 'discord']);

/**
 * Reads the settings. `lookup(envName)` answers the configured value or undefined (a shim looks in
 * the platform's configuration, then the environment); `defaults` are the platform's own defaults
 * (e.g. the journal folder inside the resource). Throws invalid_argument naming every bad setting.
 *
 * @param {(env: string) => (string | undefined | null)} lookup
 * @param {Partial<Record<keyof Settings, string>>} [defaults]
 * @returns {Settings}
 */
export function readSettings(lookup, defaults = {}) {
  /** @type {Record<string, any>} */
  const out = {};
  const problems = [];
  for (const s of SETTINGS) {
    let raw = lookup(s.env);
    if (raw === undefined || raw === null || String(raw).trim() === '') {
      raw = defaults[/** @type {keyof Settings} */ (s.key)] ?? s.def;
    }
    const value = String(raw).trim();
    switch (s.kind) {
      case 'url':
      case 'url?': {
        if (value === '' && s.kind === 'url?') { out[s.key] = ''; break; }
        if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value)) problems.push(`${s.env} must be an http(s) URL`);
        out[s.key] = value.replace(/\/+$/, '');
        break;
      }
      case 'clientId':
        if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(value)) problems.push(`${s.env} must be the service client id ([a-z0-9][a-z0-9._-]{0,63})`);
        out[s.key] = value;
        break;
      case 'secret':
        if (value.length < 32) problems.push(`${s.env} must be the service client's secret (at least 32 characters)`);
        out[s.key] = value;
        break;
      case 'serverId':
        out[s.key] = value;
        break;
      case 'int': {
        const n = Number(value);
        const min = /** @type {number} */ (s.min), max = /** @type {number} */ (s.max);
        if (!/^\d+$/.test(value) || n < min || n > max) problems.push(`${s.env} must be a whole number from ${min} to ${max}`);
        out[s.key] = n;
        break;
      }
      case 'providers': {
        const list = value.split(',').map((p) => p.trim()).filter(Boolean);
        const bad = list.filter((p) => !GAME_PROVIDERS.includes(p));
        if (list.length === 0 || bad.length) problems.push(`${s.env} must list providers of ${GAME_PROVIDERS.join(', ')}`);
        out[s.key] = list;
        break;
      }
      case 'command':
        if (!/^[a-z][a-z0-9_-]{0,31}$/.test(value)) problems.push(`${s.env} must be a command name ([a-z][a-z0-9_-]{0,31})`);
        out[s.key] = value;
        break;
      default:
        out[s.key] = value;
    }
  }
  if (!out.queryUrl) out.queryUrl = out.backendUrl;
  if (!out.serverId) out.serverId = out.clientId;
  if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(out.serverId)) {
    problems.push('ECONOMY_GAME_SERVER_ID must be [a-z0-9][a-z0-9._-]{0,31} (default: the client id, when it is that short)');
  }
  if (!out.journalDir) problems.push('ECONOMY_GAME_JOURNAL_DIR is missing (the shims default it to the resource\'s journal/ folder)');
  if (out.retryMaxMs < out.retryMinMs) problems.push('ECONOMY_GAME_RETRY_MAX_MS must be at least ECONOMY_GAME_RETRY_MIN_MS');
  if (problems.length) {
    throw new EconomyError(Codes.INVALID_ARGUMENT, 'economy settings: ' + problems.join('; '));
  }
  return /** @type {Settings} */ (out);
}
