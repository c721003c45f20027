import { EconomyError, Codes } from '../core/errors.js';

/**
 * The functions other resources call, the same on both platforms. `handleOf` turns the platform's
 * player (alt:V: an alt.Player or its id; FiveM: the server id) into the core's handle; a
 * `{playerId}` object passes through. Calls made while the core is still opening its journal wait
 * for it.
 *
 * @param {import('../core/economy.js').Economy} economy
 * @param {Promise<void>} ready settles when economy.start() has
 * @param {(player: any) => any} handleOf
 */
export function createApi(economy, ready, handleOf) {
  /**
   * @template T
   * @param {(...args: any[]) => Promise<T>} fn
   * @param {number} arity the position of the callback
   * @returns {(...args: any[]) => Promise<T>}
   */
  const whenReady = (fn, arity) => (...args) => {
    if (economy.state === 'started') return fn(...args);
    const callback = typeof args[arity] === 'function' ? args[arity] : undefined;
    const p = ready.then(() => fn(...args), (e) => {
      const error = new EconomyError(Codes.STOPPED, `the economy core did not start: ${e && e.message}`);
      if (callback) callback(error.toJSON());
      throw error;
    });
    p.catch(() => {});
    return p;
  };
  const ref = (/** @type {any} */ p) => (p !== null && typeof p === 'object' && 'playerId' in p ? p : handleOf(p));
  return {
    /** @param {any} player @param {any} [callback] */
    balance: whenReady((player, callback) => economy.balance(handleOf(player), callback), 1),
    /** @param {any} from @param {any} to @param {any} amountMinor @param {any} options @param {any} [callback] */
    transfer: whenReady((from, to, amountMinor, options, callback) => economy.transfer(ref(from), ref(to), amountMinor, options, callback), 4),
    /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
    deposit: whenReady((player, amountMinor, options, callback) => economy.deposit(ref(player), amountMinor, options, callback), 3),
    /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
    withdraw: whenReady((player, amountMinor, options, callback) => economy.withdraw(ref(player), amountMinor, options, callback), 3),
    /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
    pay: whenReady((player, amountMinor, options, callback) => economy.pay(ref(player), amountMinor, options, callback), 3),
    /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
    payWage: whenReady((player, amountMinor, options, callback) => economy.payWage(ref(player), amountMinor, options, callback), 3),
    /** @param {any} player */
    requestLinkCode: whenReady((player) => economy.requestLinkCode(handleOf(player)), 9),
    /** @param {any} player @param {any} code */
    redeemLinkCode: whenReady((player, code) => economy.redeemLinkCode(handleOf(player), code), 9),
    /** The backend player id of a connected, linked player, or null. @param {any} player */
    playerId: (player) => economy.playerIdOf(handleOf(player)),
    /** Figures for monitoring (journal size, commands waiting, backend reachable). */
    stats: () => economy.stats(),
    /** @param {(notice: import('../core/economy.js').OutcomeNotice) => void} listener */
    onOutcome: (listener) => economy.onOutcome(listener),
  };
}

/** The operations reachable through the `economy:call` event. */
export const CALLABLE = Object.freeze(['balance', 'transfer', 'deposit', 'withdraw', 'pay', 'payWage', 'requestLinkCode', 'redeemLinkCode']);

/**
 * Runs one `economy:call` event: `(op, requestId, ...args)`; the answer goes to `reply(requestId,
 * error, result)`.
 *
 * @param {ReturnType<typeof createApi>} api
 * @param {unknown} op
 * @param {unknown} requestId
 * @param {any[]} args
 * @param {(requestId: unknown, error: object | null, result: unknown) => void} reply
 */
export function handleCall(api, op, requestId, args, reply) {
  if (typeof op !== 'string' || !CALLABLE.includes(op)) {
    reply(requestId, new EconomyError(Codes.INVALID_ARGUMENT, `economy:call: unknown operation (one of ${CALLABLE.join(', ')})`).toJSON(), null);
    return;
  }
  /** @type {any} */
  const fn = api[/** @type {keyof typeof api} */ (op)];
  fn(...args).then((result) => reply(requestId, null, result),
    (e) => reply(requestId, e instanceof EconomyError ? e.toJSON() : { code: 'internal_error', message: String(e && e.message) }, null));
}

/**
 * The chat command: `/link` shows a code to enter on the website, `/link CODE` redeems a code
 * from the website.
 *
 * @param {import('../core/economy.js').Economy} economy
 * @param {string} handle
 * @param {unknown[]} args
 */
export function chatCommand(economy, handle, args) {
  const code = args.filter((a) => typeof a === 'string').join('');
  const done = code ? economy.redeemLinkCode(handle, code) : economy.requestLinkCode(handle);
  done.catch(() => {});
}

/**
 * A per-player limit for what a game client may ask (its balance, linking): at most one request per
 * `intervalMs`; more are dropped, so that a modified client cannot make the game server flood the
 * backend.
 *
 * @param {number} intervalMs
 * @returns {(handle: string) => boolean} true when the request may go
 */
export function clientLimiter(intervalMs) {
  /** @type {Map<string, number>} */
  const last = new Map();
  return (handle) => {
    const now = Date.now();
    const before = last.get(handle);
    if (before !== undefined && now - before < intervalMs) return false;
    last.set(handle, now);
    if (last.size > 4096) {
      for (const [h, t] of last) if (now - t >= intervalMs) last.delete(h);
    }
    return true;
  };
}
