import { EconomyError } from './errors.js';
import { problemError, isRetryableStatus } from './http.js';

/**
 * @typedef {import('./journal.js').JournalEntry} JournalEntry
 * @typedef {(entry: JournalEntry, error: EconomyError | null, outcome: any) => void} Deliver
 */

/**
 * Sends the journal's pending commands to POST /api/v1/ingress/batch, in journal order, one batch at
 * a time: a batch leaves when it holds `batchSize` commands or its first command has waited
 * `batchDelayMs`. Each command's answer is delivered once and its done line written:
 *
 * - 2xx: the outcome (COMPLETED, RETURNED or PENDING, `replayed` when the key was seen before);
 * - 4xx (other than 408, 429): the backend's refusal, with its code; never retried;
 * - 5xx, 408, 429, network errors, timeouts: nothing is delivered, the command stays in the journal
 *   and is sent again (same key: the backend answers the first outcome) after a back-off that
 *   doubles from `retryMinMs` to `retryMaxMs`;
 * - a whole batch refused with a 4xx (too large, unreadable): sent again in halves, down to the one
 *   command it is about, which gets the refusal; a 401 fetches a new service token first.
 */
export class Sender {
  /**
   * @param {{http: import('./http.js').HttpClient, auth: import('./auth.js').ServiceAuth, backendUrl: string,
   *   journal: import('./journal.js').Journal, batchSize: number, batchDelayMs: number, retryMinMs: number,
   *   retryMaxMs: number, log: (level: string, msg: string) => void, deliver: Deliver}} options
   */
  constructor(options) {
    this.http = options.http;
    this.auth = options.auth;
    this.url = options.backendUrl + '/api/v1/ingress/batch';
    this.journal = options.journal;
    this.batchSize = options.batchSize;
    this.limit = options.batchSize;
    this.batchDelayMs = options.batchDelayMs;
    this.retryMinMs = options.retryMinMs;
    this.retryMaxMs = options.retryMaxMs;
    this.log = options.log;
    this.deliver = options.deliver;
    /** @type {JournalEntry[]} in journal order */
    this.queue = [];
    this.inflight = false;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.timer = null;
    this.backoffMs = 0;
    this.stopped = false;
    this.down = false;
    this.stats = { batches: 0, commands: 0, delivered: 0, retries: 0, failedRequests: 0 };
    /** @type {(() => void)[]} */
    this.idleWaiters = [];
  }

  /** A command that is on disk: it will be sent. @param {JournalEntry} entry */
  push(entry) {
    this.queue.push(entry);
    this.schedule();
  }

  schedule() {
    if (this.stopped || this.inflight) return;
    if (this.queue.length === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
      return;
    }
    if (this.timer) {
      if (this.backoffMs === 0 && this.queue.length >= this.limit) {
        clearTimeout(this.timer);
        this.timer = null;
      } else {
        return;
      }
    }
    const delay = this.backoffMs > 0 ? this.backoffMs : (this.queue.length >= this.limit ? 0 : this.batchDelayMs);
    if (delay === 0) {
      this.sendNext();
    } else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.sendNext();
      }, delay);
    }
  }

  /** Resolves when nothing is waiting to be sent. */
  idle() {
    if (this.queue.length === 0 && !this.inflight) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(() => resolve(undefined)));
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  sendNext() {
    if (this.stopped || this.inflight || this.queue.length === 0) return;
    this.inflight = true;
    const batch = this.queue.slice(0, this.limit);
    this.send(batch).then((progress) => {
      this.inflight = false;
      if (progress === 'failed') {
        this.stats.failedRequests++;
        this.backoffMs = this.backoffMs === 0 ? this.retryMinMs : Math.min(this.backoffMs * 2, this.retryMaxMs);
        if (!this.down) {
          this.down = true;
          this.log('warn', `economy: the backend is unreachable; ${this.queue.length} commands wait in the journal, retrying every ${this.backoffMs}..${this.retryMaxMs} ms`);
        }
      } else if (progress === 'split') {
        this.backoffMs = 0;
      } else {
        if (this.down) {
          this.down = false;
          this.log('info', `economy: the backend answers again; sending the journal (${this.queue.length} commands)`);
        }
        this.backoffMs = progress === 'partial' ? this.retryMinMs : 0;
        this.limit = this.batchSize;
      }
      this.schedule();
    });
  }

  /**
   * @param {JournalEntry[]} batch
   * @returns {Promise<'done' | 'partial' | 'failed' | 'split'>}
   */
  async send(batch) {
    let answer;
    let token;
    try {
      token = await this.auth.token();
      answer = await this.http.request('POST', this.url, { token, body: JSON.stringify({ commands: batch.map((e) => e.command) }) });
    } catch (e) {
      this.lastError = /** @type {Error} */ (e).message;
      return 'failed';
    }
    this.stats.batches++;
    if (answer.status === 401) {
      this.auth.invalidate(token);
      this.lastError = 'the backend refused the service token (401)';
      return 'failed';
    }
    if (answer.status !== 200) {
      if (isRetryableStatus(answer.status)) {
        this.lastError = `the backend answered ${answer.status}`;
        return 'failed';
      }
      // The whole batch refused: find the command it is about by halving.
      if (batch.length > 1) {
        this.limit = Math.ceil(batch.length / 2);
        this.log('warn', `economy: a batch of ${batch.length} was refused (${answer.status} ${answer.body && answer.body.code}); sending it in halves`);
        return 'split';
      }
      this.finish(batch, [problemError(answer, batch[0].key)], [null]);
      return 'done';
    }
    const results = answer.body && answer.body.results;
    if (!Array.isArray(results) || results.length !== batch.length) {
      this.lastError = 'the backend answered a batch without one result per command';
      this.log('error', 'economy: ' + this.lastError);
      return 'failed';
    }
    /** @type {(EconomyError | null | undefined)[]} */
    const errors = [];
    const outcomes = [];
    let retried = 0;
    for (let i = 0; i < batch.length; i++) {
      const r = results[i] || {};
      const status = Number(r.status);
      if (status >= 200 && status < 300) {
        errors.push(null);
        outcomes.push(r.outcome);
      } else if (isRetryableStatus(status) || !status) {
        errors.push(undefined);
        outcomes.push(undefined);
        retried++;
      } else {
        errors.push(problemError({ status, body: r.problem, headers: {} }, batch[i].key));
        outcomes.push(null);
      }
    }
    this.stats.retries += retried;
    this.finish(batch, errors, outcomes);
    return retried ? 'partial' : 'done';
  }

  /**
   * Writes the done lines, takes the finished commands out of the queue and delivers them.
   * An `undefined` error marks a command that stays (retried).
   *
   * @param {JournalEntry[]} batch
   * @param {(EconomyError | null | undefined)[]} errors
   * @param {any[]} outcomes
   */
  finish(batch, errors, outcomes) {
    const doneSeqs = [];
    const kept = [];
    for (let i = 0; i < batch.length; i++) {
      if (errors[i] === undefined) kept.push(batch[i]);
      else doneSeqs.push(batch[i].seq);
    }
    this.queue = kept.concat(this.queue.slice(batch.length));
    this.journal.markDone(doneSeqs);
    this.stats.commands += doneSeqs.length;
    for (let i = 0; i < batch.length; i++) {
      if (errors[i] === undefined) continue;
      this.stats.delivered++;
      try {
        this.deliver(batch[i], errors[i] || null, outcomes[i]);
      } catch (e) {
        this.log('error', `economy: a caller's outcome handler threw: ${/** @type {Error} */ (e).message}`);
      }
    }
  }
}
