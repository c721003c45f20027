// The FiveM server natives and globals the FiveM shim uses (a subset of @citizenfx/server's typings,
// written out so that checking needs no extra package). `exports` is Node's `any` global here.
declare function GetCurrentResourceName(): string;
declare function GetResourcePath(resourceName: string): string;
declare function GetConvar(name: string, defaultValue: string): string;
declare function GetNumPlayerIdentifiers(player: string): number;
declare function GetPlayerIdentifier(player: string, index: number): string;
declare function GetNumPlayerIndices(): number;
declare function GetPlayerFromIndex(index: number): string;
declare function RegisterCommand(name: string, handler: (source: number, args: string[], raw: string) => void, restricted: boolean): void;
declare function on(eventName: string, handler: (...args: any[]) => void): void;
declare function onNet(eventName: string, handler: (...args: any[]) => void): void;
declare function emit(eventName: string, ...args: any[]): void;
declare function emitNet(eventName: string, target: number, ...args: any[]): void;
/** The player who raised the event being handled (FiveM sets it around each handler). */
declare var source: number | string;
