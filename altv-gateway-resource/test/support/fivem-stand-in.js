// A stand-in for FiveM's server scripting runtime: the natives and globals the shim uses, and a
// way to raise events as FiveM does (with the global `source` set around each handler).
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import vm from 'node:vm';

export function installFiveM({ resourcePath, convars, identifiers }) {
  const state = {
    handlers: new Map(),
    netHandlers: new Map(),
    exported: {},
    emitted: [],
    toClients: [],
    commands: new Map(),
    players: [],
  };
  const g = /** @type {any} */ (globalThis);
  g.require = createRequire(import.meta.url);
  g.GetCurrentResourceName = () => 'economy-gateway';
  g.GetResourcePath = () => resourcePath;
  g.GetConvar = (name, def) => (name in convars ? convars[name] : def);
  g.GetNumPlayerIdentifiers = (src) => (identifiers[String(src)] || []).length;
  g.GetPlayerIdentifier = (src, i) => identifiers[String(src)][i];
  g.GetNumPlayerIndices = () => state.players.length;
  g.GetPlayerFromIndex = (i) => state.players[i];
  g.RegisterCommand = (name, handler) => state.commands.set(name, handler);
  g.on = (name, f) => state.handlers.set(name, [...(state.handlers.get(name) || []), f]);
  g.onNet = (name, f) => state.netHandlers.set(name, [...(state.netHandlers.get(name) || []), f]);
  g.emit = (name, ...args) => { state.emitted.push([name, ...args]); raise(name, '', ...args); };
  g.emitNet = (name, target, ...args) => state.toClients.push([name, target, ...args]);
  g.exports = (name, fn) => { state.exported[name] = fn; };
  const raise = (name, src, ...args) => {
    for (const f of state.handlers.get(name) || []) { g.source = src; f(...args); }
  };
  const raiseNet = (name, src, ...args) => {
    for (const f of state.netHandlers.get(name) || []) { g.source = src; f(...args); }
  };
  return { state, raise, raiseNet };
}

/** Loads the built server script as FiveM does: a plain script in the runtime's context. */
export async function loadScript(file) {
  vm.runInThisContext(await readFile(file, 'utf8'), { filename: file });
}
