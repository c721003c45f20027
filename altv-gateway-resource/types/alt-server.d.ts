// The part of alt:V's server API (alt-server) the alt:V shim uses, written out so that checking
// needs no extra package.
declare module 'alt-server' {
  export class Player {
    static readonly all: Player[];
    readonly id: number;
    readonly valid: boolean;
    readonly name: string;
    readonly socialID: string | number;
    readonly discordID: string | number;
  }
  export class Resource {
    static readonly current: { name: string; path: string; config?: Record<string, unknown> };
  }
  export function on(eventName: 'playerConnect', listener: (player: Player) => void): void;
  export function on(eventName: 'playerDisconnect', listener: (player: Player, reason: string) => void): void;
  export function on(eventName: string, listener: (...args: any[]) => void): void;
  export function onClient(eventName: string, listener: (player: Player, ...args: any[]) => void): void;
  export function emit(eventName: string, ...args: any[]): void;
  export function emitClient(player: Player, eventName: string, ...args: any[]): void;
  export function log(...args: any[]): void;
  export function logWarning(...args: any[]): void;
  export function logError(...args: any[]): void;
}
