export { Economy } from './economy.js';
export { readSettings, SETTINGS, GAME_PROVIDERS } from './config.js';
export { fromFiveM, fromAltV } from './identities.js';
export { EconomyError, Codes } from './errors.js';
export { idempotencyKey, KEY_FORMAT } from './keys.js';
