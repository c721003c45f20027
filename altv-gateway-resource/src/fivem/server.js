/// <reference path="../../types/fivem.d.ts" />
// FiveM shim (server only): FiveM's events, exports and convars wired to the core. Built by esbuild
// into dist/fivem/server.js, which fxmanifest.lua loads.
import path from 'node:path';
import { Economy, readSettings, fromFiveM } from '../core/index.js';
import { createApi, handleCall, chatCommand, clientLimiter } from '../platform/api.js';

const resource = GetCurrentResourceName();

/** Settings: the convar of the lower-case name (`set economy_backend_url ...` in server.cfg) wins over the environment. */
const settings = readSettings((env) => {
  const convar = GetConvar(env.toLowerCase(), '');
  return convar !== '' ? convar : process.env[env];
}, { journalDir: path.join(GetResourcePath(resource), 'journal') });

/** @param {string} level @param {string} msg */
const log = (level, msg) => console.log(`[${resource}] ${level === 'info' ? '' : level.toUpperCase() + ' '}${msg}`);

const economy = new Economy({
  settings,
  platform: 'fivem',
  log,
  message: (handle, text) => emitNet('chat:addMessage', Number(handle), { args: ['Economy', text] }),
});

/** @param {string} src */
function identifiersOf(src) {
  const out = [];
  const n = GetNumPlayerIdentifiers(src);
  for (let i = 0; i < n; i++) out.push(GetPlayerIdentifier(src, i));
  return out;
}

/** @param {unknown} player */
const handleOf = (player) => String(player);

const ready = economy.start();
ready.then(() => {
  // Players already on the server when the resource (re)starts.
  for (let i = 0; i < GetNumPlayerIndices(); i++) {
    const src = GetPlayerFromIndex(i);
    economy.playerConnected(src, fromFiveM(identifiersOf(src)));
  }
}, (e) => log('error', `economy: could not start: ${e.message}`));

const api = createApi(economy, ready, handleOf);

on('playerJoining', () => {
  const src = String(source);
  economy.playerConnected(src, fromFiveM(identifiersOf(src)));
});
on('playerDropped', () => economy.playerDisconnected(String(source)));
on('onResourceStop', (/** @type {string} */ name) => {
  if (name === resource) economy.stop();
});

// Other server resources (Lua, C#, JS): exports['economy-gateway']:pay(source, 500, {eventId = 'x'}, cb)
for (const [name, fn] of Object.entries(api)) exports(name, fn);

// ...or events: TriggerEvent('economy:call', op, requestId, ...) -> 'economy:result' (requestId, error, result)
on('economy:call', (/** @type {unknown} */ op, /** @type {unknown} */ requestId, /** @type {any[]} */ ...args) =>
  handleCall(api, op, requestId, args, (id, error, result) => emit('economy:result', id, error, result)));
economy.onOutcome((notice) => emit('economy:outcome', notice));

// From a player's own client only what concerns that player and moves no money: their balance and
// linking, at most one request per second per player.
const clientMayAsk = clientLimiter(1000);
onNet('economy:balance', () => {
  const src = String(source);
  if (!clientMayAsk(src)) return;
  economy.balance(src).then((b) => emitNet('economy:balance', Number(src), null, b),
    (e) => emitNet('economy:balance', Number(src), e.toJSON ? e.toJSON() : { code: 'internal_error' }, null));
});
onNet('economy:link', (/** @type {unknown} */ code) => {
  const src = String(source);
  if (!clientMayAsk(src)) return;
  chatCommand(economy, src, typeof code === 'string' ? [code] : []);
});

RegisterCommand(settings.chatCommand, (/** @type {number} */ src, /** @type {unknown[]} */ args) => {
  if (Number(src) > 0 && clientMayAsk(String(src))) chatCommand(economy, String(src), args);
}, false);
