import { EconomyError, Codes } from './errors.js';
import { HttpClient, problemError } from './http.js';
import { ServiceAuth } from './auth.js';
import { Journal } from './journal.js';
import { Sender } from './sender.js';
import { Sessions } from './sessions.js';
import { idempotencyKey } from './keys.js';
import * as v from './validate.js';

/**
 * @typedef {import('./config.js').Settings} Settings
 * @typedef {import('./identities.js').Identity} Identity
 * @typedef {import('./identities.js').MappedIdentities} MappedIdentities
 * @typedef {import('./journal.js').JournalEntry} JournalEntry
 *
 * A player as other resources name one: the platform's handle of a connected player (FiveM: the
 * server id `source`; alt:V: `player.id`), or `{playerId}` for any player of the backend
 * (connected or not).
 * @typedef {string | number | {playerId: string}} PlayerRef
 *
 * @typedef {Object} Outcome the backend's outcome of a money command
 * @property {string} transferId
 * @property {string} idempotencyKey
 * @property {string} fromAccountId
 * @property {string} toAccountId
 * @property {number} amountMinor
 * @property {'COMPLETED' | 'RETURNED' | 'PENDING'} status COMPLETED, or RETURNED with `failureCode` (the destination refused: the money went back), or PENDING (the backend settles it)
 * @property {string | null} failureCode
 * @property {boolean} replayed true when the backend had seen the key before (a retry): nothing moved twice
 * @property {string} op transfer, deposit, withdraw, pay or wage
 * @property {string} eventId the caller's event id
 *
 * @typedef {Object} OutcomeNotice what every onOutcome listener gets, for every command
 * @property {string} op
 * @property {string} eventId
 * @property {string} key
 * @property {string | undefined} playerId
 * @property {Outcome | null} outcome
 * @property {{code: string, message: string, status?: number} | null} error
 * @property {boolean} recovered true for a command journaled before this process started (its caller is gone)
 *
 * @typedef {(error: {code: string, message: string} | null, outcome?: Outcome) => void} Callback
 *
 * @typedef {Object} MoneyOptions
 * @property {string} eventId the game event this comes from (receipt, job, ride id); the idempotency key is derived from it
 * @property {string} [memo] at most 140 characters, shown in the player's history
 * @property {string} [reason] a reason code ([a-z][a-z0-9_.-]{0,39}); each operation has its default
 * @property {(key: string) => void} [onQueued] called once the command is on disk (journaled)
 */

const MONEY_OPTIONS = ['eventId', 'memo', 'reason', 'onQueued'];
const SINKS = { purchase: 'system:purchases', fee: 'system:fees' };

/**
 * The platform-neutral core. The shims create one with the platform's settings and hooks, feed it
 * player connects and disconnects, and expose its methods to other resources.
 */
export class Economy {
  /**
   * @param {{settings: Settings, platform: string, log?: (level: string, msg: string) => void,
   *   message?: (handle: string, text: string) => void, autoLink?: boolean}} options
   */
  constructor({ settings, platform, log, message, autoLink = true }) {
    this.settings = settings;
    this.platform = platform;
    this.log = log || ((level, msg) => (level === 'error' || level === 'warn' ? console.error : console.log)(msg));
    this.http = new HttpClient({ timeoutMs: settings.requestTimeoutMs });
    this.auth = new ServiceAuth({ http: this.http, backendUrl: settings.backendUrl, clientId: settings.clientId,
      clientSecret: settings.clientSecret, log: this.log, retryMs: settings.retryMinMs });
    this.journal = new Journal({ dir: settings.journalDir, maxBytes: settings.journalMaxBytes,
      segmentBytes: settings.journalSegmentBytes, log: this.log });
    this.sender = new Sender({ http: this.http, auth: this.auth, backendUrl: settings.backendUrl, journal: this.journal,
      batchSize: settings.batchSize, batchDelayMs: settings.batchDelayMs, retryMinMs: settings.retryMinMs,
      retryMaxMs: settings.retryMaxMs, log: this.log, deliver: (entry, error, outcome) => this.delivered(entry, error, outcome) });
    this.sessions = new Sessions({ http: this.http, auth: this.auth, settings, log: this.log,
      message: message || (() => {}), autoLink });
    /** @type {Map<number, {resolve: (o: Outcome) => void, reject: (e: EconomyError) => void}>} */
    this.waiting = new Map();
    /** @type {Set<(notice: OutcomeNotice) => void>} */
    this.listeners = new Set();
    this.state = 'new';
  }

  /**
   * Opens the journal (commands pending from before a restart are sent first, their outcomes go to
   * the onOutcome listeners) and fetches the service token.
   */
  async start() {
    if (this.state !== 'new') throw new EconomyError(Codes.STOPPED, 'start() is called once');
    const pending = await this.journal.open();
    for (const entry of pending) {
      entry.meta = { ...entry.meta, recovered: true };
      this.sender.push(entry);
    }
    this.state = 'started';
    this.auth.token().catch((e) => this.log('warn', `economy: no service token yet (${e.code}); commands are journaled until the backend answers`));
  }

  /** Stops sending; what is journaled stays on disk and is sent after the next start. */
  async stop() {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.sender.stop();
    this.auth.stop();
    this.sessions.stop();
    await this.journal.close();
    this.http.close();
  }

  /** Dies as a crash would (for tests): nothing more is written or sent. */
  crash() {
    this.state = 'stopped';
    this.sender.stop();
    this.auth.stop();
    this.sessions.stop();
    this.journal.crash();
    this.http.close();
  }

  /** Resolves when every journaled command has its outcome. */
  idle() {
    return this.sender.idle();
  }

  /**
   * A player connected: logs them in by their platform identities.
   *
   * @param {string | number} handle
   * @param {MappedIdentities | Identity[]} identities fromFiveM(...) / fromAltV(...), or the linkable list
   */
  playerConnected(handle, identities) {
    const list = Array.isArray(identities) ? identities : identities.linkable;
    return this.sessions.connect(String(handle), list).ready;
  }

  /** @param {string | number} handle */
  playerDisconnected(handle) {
    this.sessions.disconnect(String(handle));
  }

  /**
   * The backend player id of a connected player (after their login), or null.
   * @param {string | number} handle
   */
  playerIdOf(handle) {
    const s = this.sessions.get(String(handle));
    return s && s.state === 'linked' ? s.playerId : null;
  }

  /**
   * Shows the player a one-time code in chat to enter on the website.
   * @param {string | number} handle
   */
  requestLinkCode(handle) {
    return this.sessions.requestCode(String(handle));
  }

  /**
   * Redeems a code the player got on the website (typed in chat): links and logs them in.
   * @param {string | number} handle
   * @param {unknown} code
   */
  redeemLinkCode(handle, code) {
    return this.sessions.redeemCode(String(handle), code);
  }

  /**
   * The balances of a connected, linked player (read with the player's own token, from the query
   * side: a movement shows once the projection has it, normally within milliseconds).
   *
   * @param {string | number} handle
   * @param {Callback} [callback]
   * @returns {Promise<{playerId: string, walletMinor: number, bankMinor: number}>}
   */
  balance(handle, callback) {
    return settle((async () => {
      const key = String(handle);
      const playerId = await this.sessions.playerIdOf(key);
      for (let attempt = 0; ; attempt++) {
        const token = await this.sessions.playerToken(key);
        const answer = await this.http.request('GET', `${this.settings.queryUrl}/api/v1/players/${encodeURIComponent(playerId)}/accounts`, { token });
        if (answer.status === 401 && attempt === 0) {
          const s = this.sessions.get(key);
          if (s) s.accessExpiresAt = 0;
          continue;
        }
        if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.accounts)) throw problemError(answer);
        const find = (/** @type {string} */ suffix) => {
          const account = answer.body.accounts.find((/** @type {any} */ a) => typeof a.accountId === 'string' && a.accountId.endsWith(suffix));
          return account ? Number(account.balanceMinor) : 0;
        };
        return { playerId, walletMinor: find(':wallet'), bankMinor: find(':bank') };
      }
    })(), callback);
  }

  /**
   * Moves money from one player's wallet (or bank) to another player's wallet (or bank).
   *
   * @param {PlayerRef} from
   * @param {PlayerRef} to
   * @param {number | bigint} amountMinor
   * @param {MoneyOptions & {fromAccount?: 'wallet' | 'bank', toAccount?: 'wallet' | 'bank'}} options
   * @param {Callback} [callback]
   * @returns {Promise<Outcome>}
   */
  transfer(from, to, amountMinor, options, callback) {
    return this.money('transfer', callback, () => {
      const o = v.options(options, [...MONEY_OPTIONS, 'fromAccount', 'toAccount']);
      const fromKind = v.accountKind('fromAccount', o.fromAccount);
      const toKind = v.accountKind('toAccount', o.toAccount);
      return {
        o, amount: v.amountMinor(amountMinor), refs: [from, to],
        build: (/** @type {string[]} */ [fromId, toId], /** @type {any} */ base) => ({
          type: 'transfer', ...base, fromAccountId: `player:${fromId}:${fromKind}`, toAccountId: `player:${toId}:${toKind}`,
          reasonCode: v.reasonCode(o.reason, 'transfer'),
        }),
        check: (/** @type {string[]} */ [fromId, toId]) => {
          if (fromId === toId && fromKind === toKind) throw v.invalid('from and to are the same account');
        },
      };
    });
  }

  /**
   * Wallet to bank of one player.
   * @param {PlayerRef} player @param {number | bigint} amountMinor @param {MoneyOptions} options @param {Callback} [callback]
   * @returns {Promise<Outcome>}
   */
  deposit(player, amountMinor, options, callback) {
    return this.playerMove('deposit', 'deposit', player, amountMinor, options, callback);
  }

  /**
   * Bank to wallet of one player.
   * @param {PlayerRef} player @param {number | bigint} amountMinor @param {MoneyOptions} options @param {Callback} [callback]
   * @returns {Promise<Outcome>}
   */
  withdraw(player, amountMinor, options, callback) {
    return this.playerMove('withdraw', 'withdrawal', player, amountMinor, options, callback);
  }

  /**
   * A purchase (to system:purchases, the default) or a fee (to system:fees), from the player's
   * wallet (or bank).
   *
   * @param {PlayerRef} player
   * @param {number | bigint} amountMinor
   * @param {MoneyOptions & {kind?: 'purchase' | 'fee', account?: 'wallet' | 'bank'}} options
   * @param {Callback} [callback]
   * @returns {Promise<Outcome>}
   */
  pay(player, amountMinor, options, callback) {
    return this.money('pay', callback, () => {
      const o = v.options(options, [...MONEY_OPTIONS, 'kind', 'account']);
      const kind = o.kind === undefined ? 'purchase' : o.kind;
      if (kind !== 'purchase' && kind !== 'fee') throw v.invalid("kind must be 'purchase' or 'fee'");
      const account = v.accountKind('account', o.account);
      return {
        o, amount: v.amountMinor(amountMinor), refs: [player],
        build: (/** @type {string[]} */ [id], /** @type {any} */ base) => ({
          type: 'transfer', ...base, fromAccountId: `player:${id}:${account}`, toAccountId: SINKS[kind],
          reasonCode: v.reasonCode(o.reason, kind),
        }),
      };
    });
  }

  /**
   * Wages: from system:payroll to the player's wallet (or bank). The one way a game server brings
   * money into the economy.
   *
   * @param {PlayerRef} player
   * @param {number | bigint} amountMinor
   * @param {MoneyOptions & {account?: 'wallet' | 'bank'}} options
   * @param {Callback} [callback]
   * @returns {Promise<Outcome>}
   */
  payWage(player, amountMinor, options, callback) {
    return this.money('wage', callback, () => {
      const o = v.options(options, [...MONEY_OPTIONS, 'account']);
      const account = v.accountKind('account', o.account);
      return {
        o, amount: v.amountMinor(amountMinor), refs: [player],
        build: (/** @type {string[]} */ [id], /** @type {any} */ base) => ({
          type: 'transfer', ...base, fromAccountId: 'system:payroll', toAccountId: `player:${id}:${account}`,
          reasonCode: v.reasonCode(o.reason, 'salary'),
        }),
      };
    });
  }

  /**
   * Every outcome, also those of commands journaled before a restart (whose callers are gone).
   * @param {(notice: OutcomeNotice) => void} listener
   * @returns {() => void} unsubscribes
   */
  onOutcome(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Figures for monitoring. */
  stats() {
    return {
      state: this.state,
      journalBytes: this.journal.bytes,
      journalMaxBytes: this.settings.journalMaxBytes,
      journalPending: this.journal.pendingCount,
      waitingToSend: this.sender.queue.length,
      backendReachable: !this.sender.down,
      players: this.sessions.sessions.size,
      ...this.sender.stats,
    };
  }

  /**
   * @param {string} op @param {string} type @param {PlayerRef} player @param {number | bigint} amountMinor
   * @param {MoneyOptions} options @param {Callback} [callback]
   */
  playerMove(op, type, player, amountMinor, options, callback) {
    return this.money(op, callback, () => {
      const o = v.options(options, MONEY_OPTIONS);
      return {
        o, amount: v.amountMinor(amountMinor), refs: [player],
        build: (/** @type {string[]} */ [id], /** @type {any} */ base) => ({
          type, playerId: id, ...base, reasonCode: v.reasonCode(o.reason, undefined),
        }),
      };
    });
  }

  /**
   * Checks the arguments, resolves the players, journals the command (on the calling thread only
   * the checks and a queue push happen; disk and network are asynchronous) and answers its outcome.
   *
   * @param {string} op
   * @param {Callback | undefined} callback
   * @param {() => {o: Record<string, unknown>, amount: number, refs: PlayerRef[],
   *   build: (ids: string[], base: object) => Record<string, unknown>, check?: (ids: string[]) => void}} prepare
   * @returns {Promise<Outcome>}
   */
  money(op, callback, prepare) {
    /** @type {Promise<Outcome>} */
    let promise;
    try {
      if (callback !== undefined && typeof callback !== 'function') throw v.invalid('callback must be a function');
      if (this.state !== 'started') throw new EconomyError(Codes.STOPPED, 'the economy core is not running');
      const p = prepare();
      const eventId = v.eventId(p.o.eventId);
      const memo = v.memo(p.o.memo);
      if (p.o.onQueued !== undefined && typeof p.o.onQueued !== 'function') throw v.invalid('onQueued must be a function');
      const key = idempotencyKey(this.settings.serverId, op, eventId);
      const base = { idempotencyKey: key, amountMinor: p.amount, ...(memo === undefined ? {} : { memo }) };
      const meta = { op, eventId };
      const ids = p.refs.map((ref) => this.resolveNow(ref));
      const onQueued = /** @type {((key: string) => void) | undefined} */ (p.o.onQueued);
      if (ids.every((id) => typeof id === 'string')) {
        promise = this.enqueue(p, /** @type {string[]} */ (ids), base, meta, onQueued);
      } else {
        // A player whose login is still in progress: wait for it (bounded), then journal.
        promise = Promise.all(ids).then((resolved) => this.enqueue(p, resolved, base, meta, onQueued));
      }
    } catch (e) {
      promise = Promise.reject(e);
    }
    return settle(promise, callback);
  }

  /**
   * @param {{build: (ids: string[], base: object) => Record<string, unknown>, check?: (ids: string[]) => void}} p
   * @param {string[]} ids @param {object} base @param {Record<string, unknown>} meta
   * @param {((key: string) => void) | undefined} onQueued
   * @returns {Promise<Outcome>}
   */
  enqueue(p, ids, base, meta, onQueued) {
    if (p.check) p.check(ids);
    const command = p.build(ids, base);
    const key = /** @type {string} */ (command.idempotencyKey);
    const { entry, durable } = this.journal.append({ key, command, meta: { ...meta, playerId: ids[0] } });
    return new Promise((resolve, reject) => {
      this.waiting.set(entry.seq, { resolve, reject });
      durable.then(() => {
        if (onQueued) {
          try { onQueued(key); } catch (e) { this.log('error', `economy: an onQueued handler threw: ${/** @type {Error} */ (e).message}`); }
        }
        this.sender.push(entry);
      }, (error) => {
        this.waiting.delete(entry.seq);
        reject(error);
      });
    });
  }

  /**
   * A player's backend id now, or a promise of it while their login is in progress.
   * @param {PlayerRef} ref
   * @returns {string | Promise<string>}
   */
  resolveNow(ref) {
    if (ref !== null && typeof ref === 'object' && !Array.isArray(ref)) {
      return v.playerId(/** @type {{playerId: unknown}} */ (ref).playerId);
    }
    if (typeof ref !== 'string' && typeof ref !== 'number') throw v.invalid('a player is a connected player\'s handle or {playerId}');
    const session = this.sessions.get(String(ref));
    if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${v.printable(String(ref))} is not connected`);
    if (session.state === 'connecting') return this.sessions.playerIdOf(session.handle);
    return this.sessions.linkedId(session);
  }

  /** @param {JournalEntry} entry @param {EconomyError | null} error @param {any} outcome */
  delivered(entry, error, outcome) {
    const meta = entry.meta || {};
    const full = outcome ? { ...outcome, op: meta.op, eventId: meta.eventId } : null;
    const waiter = this.waiting.get(entry.seq);
    if (waiter) {
      this.waiting.delete(entry.seq);
      if (error) waiter.reject(error);
      else waiter.resolve(full);
    }
    /** @type {OutcomeNotice} */
    const notice = {
      op: String(meta.op), eventId: String(meta.eventId), key: entry.key,
      playerId: /** @type {string | undefined} */ (meta.playerId), outcome: full,
      error: error ? error.toJSON() : null, recovered: meta.recovered === true,
    };
    for (const listener of this.listeners) {
      try { listener(notice); } catch (e) { this.log('error', `economy: an onOutcome listener threw: ${/** @type {Error} */ (e).message}`); }
    }
  }
}

/**
 * Hands the answer to the callback too, when there is one; a rejection nobody handles never
 * becomes an unhandled rejection (which would stop a Node process).
 *
 * @template T
 * @param {Promise<T>} promise
 * @param {Callback | ((error: any, value?: T) => void) | undefined} callback
 * @returns {Promise<T>}
 */
function settle(promise, callback) {
  if (typeof callback === 'function') {
    promise.then((value) => callback(null, /** @type {any} */ (value)),
      (e) => callback(e instanceof EconomyError ? e.toJSON() : { code: 'internal_error', message: String(e && e.message) }));
  }
  promise.catch(() => {});
  return promise;
}
