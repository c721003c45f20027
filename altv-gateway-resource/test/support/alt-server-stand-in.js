// A stand-in for alt:V's server module: events, players, the current resource, logging. The test
// drives it through `control`.
export const control = {
  resource: { name: 'economy-gateway', path: '/nonexistent', config: {} },
  /** @type {Map<string, Function[]>} */
  listeners: new Map(),
  /** @type {Map<string, Function[]>} */
  clientListeners: new Map(),
  emitted: [],
  toClients: [],
  logs: [],
  /** server event, as alt:V raises it (playerConnect, playerDisconnect, resourceStop, or another resource's alt.emit) */
  raise(name, ...args) {
    for (const f of this.listeners.get(name) || []) f(...args);
  },
  /** a client event from a player */
  raiseFromClient(name, player, ...args) {
    for (const f of this.clientListeners.get(name) || []) f(player, ...args);
  },
};

export class Player {
  static all = [];
  constructor(id, socialID, discordID) {
    this.id = id;
    this.socialID = socialID;
    this.discordID = discordID;
    this.valid = true;
    this.name = `player${id}`;
  }
}

export class Resource {
  static get current() {
    return control.resource;
  }
}

export function on(name, f) {
  control.listeners.set(name, [...(control.listeners.get(name) || []), f]);
}
export function onClient(name, f) {
  control.clientListeners.set(name, [...(control.clientListeners.get(name) || []), f]);
}
export function emit(name, ...args) {
  control.emitted.push([name, ...args]);
  control.raise(name, ...args);
}
export function emitClient(player, name, ...args) {
  control.toClients.push([player, name, ...args]);
}
export function log(...a) { control.logs.push(a.join(' ')); }
export function logWarning(...a) { control.logs.push('WARN ' + a.join(' ')); }
export function logError(...a) { control.logs.push('ERROR ' + a.join(' ')); }
