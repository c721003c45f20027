// alt:V shim (server): alt-server events wired to the core. Built by esbuild into
// dist/altv/server.js (alt-server stays an import), which resource.toml names as main.
import * as alt from 'alt-server';
import path from 'node:path';
import { Economy, readSettings, fromAltV } from '../core/index.js';
import { createApi, handleCall, chatCommand, clientLimiter } from '../platform/api.js';

const current = alt.Resource.current;
/** @type {Record<string, unknown>} */
const config = (current && current.config && typeof current.config === 'object') ? /** @type {any} */ (current.config) : {};

/** Settings: a key of resource.toml (ECONOMY_BACKEND_URL = '...') wins over the environment. */
const settings = readSettings((env) => {
  const value = config[env];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : process.env[env];
}, { journalDir: path.join(current.path, 'journal') });

/** @param {string} level @param {string} msg */
const log = (level, msg) => (level === 'error' ? alt.logError(msg) : level === 'warn' ? alt.logWarning(msg) : alt.log(msg));

/** @type {Map<string, alt.Player>} */
const players = new Map();

const economy = new Economy({
  settings,
  platform: 'altv',
  log,
  message: (handle, text) => {
    const player = players.get(handle);
    if (player && player.valid) alt.emitClient(player, 'chat:message', null, text);
    alt.emit('economy:message', player, text);
  },
});

/** @param {any} player */
const handleOf = (player) => String(player !== null && typeof player === 'object' && 'id' in player ? player.id : player);

/** @param {alt.Player} player */
function connect(player) {
  players.set(String(player.id), player);
  economy.playerConnected(player.id, fromAltV({ socialId: player.socialID, discordId: player.discordID }));
}

const ready = economy.start();
ready.then(() => { for (const player of alt.Player.all) connect(player); },
  (e) => log('error', `economy: could not start: ${e.message}`));

const api = createApi(economy, ready, handleOf);

alt.on('playerConnect', (player) => connect(player));
alt.on('playerDisconnect', (player) => {
  players.delete(String(player.id));
  economy.playerDisconnected(player.id);
});
alt.on('resourceStop', () => { economy.stop(); });

// Other server resources: alt.emit('economy:call', op, requestId, ...args) -> 'economy:result' (requestId, error, result)
alt.on('economy:call', (op, requestId, ...args) =>
  handleCall(api, op, requestId, args, (id, error, result) => alt.emit('economy:result', id, error, result)));
economy.onOutcome((notice) => alt.emit('economy:outcome', notice));
// Linking from a chat resource (chat.registerCmd('link', (p, args) => alt.emit('economy:link', p, args[0]))) or the client.
alt.on('economy:link', (player, code) => chatCommand(economy, handleOf(player), typeof code === 'string' ? [code] : []));
// What a client may ask, at most once per second per player.
const clientMayAsk = clientLimiter(1000);
alt.onClient('economy:link', (player, code) => {
  if (clientMayAsk(handleOf(player))) chatCommand(economy, handleOf(player), typeof code === 'string' ? [code] : []);
});
alt.onClient('economy:balance', (player) => {
  if (!clientMayAsk(handleOf(player))) return;
  economy.balance(handleOf(player)).then((b) => alt.emitClient(player, 'economy:balance', null, b),
    (e) => alt.emitClient(player, 'economy:balance', e.toJSON ? e.toJSON() : { code: 'internal_error' }, null));
});

// Other resources that list this one in `deps` import these: import * as economy from 'economy-gateway'.
export const { balance, transfer, deposit, withdraw, pay, payWage, requestLinkCode, redeemLinkCode, playerId, stats, onOutcome } = api;
