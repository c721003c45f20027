// Built by build.mjs from src/ (npm run build); do not edit.
"use strict";
(() => {
  var __create = Object.create;
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __getProtoOf = Object.getPrototypeOf;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
    get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
  }) : x)(function(x) {
    if (typeof require !== "undefined") return require.apply(this, arguments);
    throw Error('Dynamic require of "' + x + '" is not supported');
  });
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
    mod
  ));

  // src/fivem/server.js
  var import_node_path2 = __toESM(__require("node:path"), 1);

  // src/core/errors.js
  var EconomyError = class extends Error {
    /**
     * @param {string} code a stable machine-readable code
     * @param {string} message what went wrong, for people
     * @param {{status?: number, key?: string, detail?: string, retryable?: boolean}} [extra]
     */
    constructor(code, message, extra = {}) {
      super(message);
      this.name = "EconomyError";
      this.code = code;
      this.status = extra.status;
      this.key = extra.key;
      this.retryable = extra.retryable === true;
    }
    /** A plain object that crosses resource boundaries (FiveM exports, alt:V events) intact. */
    toJSON() {
      return { code: this.code, message: this.message, status: this.status, key: this.key };
    }
  };
  var Codes = Object.freeze({
    /** An argument from another resource broke an input rule; nothing was journaled. */
    INVALID_ARGUMENT: "invalid_argument",
    /** The player has no linked backend account (yet): they link with a one-time code. */
    PLAYER_NOT_LINKED: "player_not_linked",
    /** The player is not connected (or their login failed for good). */
    PLAYER_NOT_CONNECTED: "player_not_connected",
    /** The journal reached its bound: the command was refused, not queued (nothing was journaled). */
    JOURNAL_FULL: "journal_full",
    /** Writing the journal failed (disk): the command was refused, not queued. */
    JOURNAL_WRITE_FAILED: "journal_write_failed",
    /** The core is stopped or not started. */
    STOPPED: "stopped",
    /** The backend did not answer (network error, timeout) on a call that is not journaled (a read, a login). */
    BACKEND_UNAVAILABLE: "backend_unavailable"
  });

  // src/core/http.js
  var import_node_http = __toESM(__require("node:http"), 1);
  var import_node_https = __toESM(__require("node:https"), 1);
  var HttpClient = class {
    /** @param {{timeoutMs: number, maxSockets?: number}} options */
    constructor({ timeoutMs, maxSockets = 8 }) {
      this.timeoutMs = timeoutMs;
      this.agents = {
        "http:": new import_node_http.default.Agent({ keepAlive: true, maxSockets }),
        "https:": new import_node_https.default.Agent({ keepAlive: true, maxSockets })
      };
    }
    /**
     * @param {'GET' | 'POST'} method
     * @param {string} url
     * @param {{token?: string, body?: string}} [options] body: JSON text
     * @returns {Promise<HttpAnswer>}
     */
    request(method, url, { token, body } = {}) {
      return this.attempt(method, url, token, body, true);
    }
    /**
     * A kept-alive connection the backend closed just as we reused it fails before any answer
     * (ECONNRESET, "socket hang up"): such a request never reached the backend and is sent once more
     * on a new connection. Every other failure is the caller's to handle.
     *
     * @param {'GET' | 'POST'} method @param {string} url @param {string | undefined} token
     * @param {string | undefined} body @param {boolean} mayRetry
     * @returns {Promise<HttpAnswer>}
     */
    attempt(method, url, token, body, mayRetry) {
      return new Promise((resolve, reject) => {
        const target = new URL(url);
        const lib = target.protocol === "https:" ? import_node_https.default : import_node_http.default;
        const headers = { Accept: "application/json, application/problem+json" };
        if (token) headers.Authorization = "Bearer " + token;
        let payload;
        if (body !== void 0) {
          payload = Buffer.from(body, "utf8");
          headers["Content-Type"] = "application/json";
          headers["Content-Length"] = payload.length;
        }
        const req = lib.request(target, {
          method,
          headers,
          agent: this.agents[
            /** @type {'http:' | 'https:'} */
            target.protocol
          ],
          timeout: this.timeoutMs
        }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("error", (e) => reject(unavailable(e)));
          res.on("end", () => {
            const text2 = Buffer.concat(chunks).toString("utf8");
            let parsed = null;
            if (text2) {
              try {
                parsed = JSON.parse(text2);
              } catch {
                parsed = null;
              }
            }
            resolve({ status: res.statusCode || 0, body: parsed, headers: res.headers });
          });
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
        req.on("error", (e) => {
          if (mayRetry && req.reusedSocket && (e.code === "ECONNRESET" || e.code === "EPIPE")) {
            resolve(this.attempt(method, url, token, body, false));
          } else {
            reject(unavailable(e));
          }
        });
        req.end(payload);
      });
    }
    close() {
      for (const agent of Object.values(this.agents)) agent.destroy();
    }
  };
  function unavailable(e) {
    return new EconomyError(Codes.BACKEND_UNAVAILABLE, `the backend does not answer: ${e.message}`, { retryable: true });
  }
  function problemError(answer, key) {
    const body = answer.body || {};
    const code = typeof body.code === "string" ? body.code : `http_${answer.status}`;
    const detail = typeof body.detail === "string" ? body.detail : typeof body.title === "string" ? body.title : `HTTP ${answer.status}`;
    return new EconomyError(code, detail, { status: answer.status, key, retryable: isRetryableStatus(answer.status) });
  }
  function isRetryableStatus(status) {
    return status >= 500 || status === 408 || status === 429;
  }

  // src/core/auth.js
  var ServiceAuth = class {
    /**
     * @param {{http: import('./http.js').HttpClient, backendUrl: string, clientId: string, clientSecret: string,
     *   log: (level: string, msg: string) => void, retryMs?: number}} options
     */
    constructor({ http: http2, backendUrl, clientId, clientSecret, log: log2, retryMs = 5e3 }) {
      this.http = http2;
      this.url = backendUrl + "/api/v1/auth/service-token";
      this.body = JSON.stringify({ clientId, clientSecret });
      this.log = log2;
      this.retryMs = retryMs;
      this.current = null;
      this.expiresAt = 0;
      this.marginMs = 5e3;
      this.fetching = null;
      this.timer = null;
      this.stopped = false;
      this.fetches = 0;
    }
    /** The token to send now (fetching one when there is none or it is about to expire). */
    async token() {
      if (this.current && Date.now() < this.expiresAt - this.marginMs) return this.current;
      return this.fetch();
    }
    /** The backend refused this token (401): the next call fetches a new one. @param {string} token */
    invalidate(token) {
      if (this.current === token) {
        this.current = null;
        this.expiresAt = 0;
      }
    }
    /** @returns {Promise<string>} */
    fetch() {
      if (this.fetching) return this.fetching;
      this.fetching = (async () => {
        try {
          this.fetches++;
          const answer = await this.http.request("POST", this.url, { body: this.body });
          if (answer.status !== 200 || !answer.body || typeof answer.body.accessToken !== "string") {
            const error = problemError(answer);
            if (error.code === "invalid_client") {
              this.log("error", "economy: the backend refused the game server's credentials (invalid_client): check ECONOMY_GAME_CLIENT_ID and ECONOMY_GAME_CLIENT_SECRET; money commands stay journaled until it accepts them");
              error.retryable = true;
            }
            throw error;
          }
          const lifetimeMs = Math.max(1, Number(answer.body.expiresIn) || 60) * 1e3;
          this.marginMs = Math.min(5e3, lifetimeMs / 5);
          this.current = answer.body.accessToken;
          this.expiresAt = Date.now() + lifetimeMs;
          this.schedule(lifetimeMs * 0.8);
          return (
            /** @type {string} */
            this.current
          );
        } finally {
          this.fetching = null;
        }
      })();
      return this.fetching;
    }
    /** @param {number} delayMs */
    schedule(delayMs) {
      if (this.stopped) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.fetch().catch((e) => {
          this.log("warn", `economy: renewing the service token failed (${e.code}); trying again`);
          this.schedule(this.retryMs);
        });
      }, delayMs);
      if (typeof this.timer === "object" && this.timer && "unref" in this.timer) this.timer.unref();
    }
    stop() {
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    }
  };

  // src/core/journal.js
  var import_node_fs = __toESM(__require("node:fs"), 1);
  var import_node_path = __toESM(__require("node:path"), 1);
  var SEGMENT = /^segment-(\d{9})\.log$/;
  var Journal = class {
    /**
     * @param {{dir: string, maxBytes: number, segmentBytes: number, log?: (level: string, msg: string) => void, fs?: typeof nodeFs}} options
     */
    constructor({ dir, maxBytes, segmentBytes, log: log2, fs }) {
      this.dir = dir;
      this.maxBytes = maxBytes;
      this.segmentBytes = segmentBytes;
      this.log = log2 || (() => {
      });
      this.fs = fs || import_node_fs.default;
      this.segments = [];
      this.fd = null;
      this.nextSeq = 1;
      this.bytes = 0;
      this.pendingSegments = /* @__PURE__ */ new Map();
      this.queue = [];
      this.flushing = false;
      this.broken = false;
      this.closed = false;
      this.kickScheduled = false;
      this.corruptLines = 0;
    }
    /** Entries pending (journaled, no outcome yet). */
    get pendingCount() {
      return this.pendingSegments.size;
    }
    /**
     * Reads the journal folder (creating it), cuts off a torn last line, and answers the pending
     * entries in order. New lines go to a new segment.
     *
     * @returns {Promise<JournalEntry[]>}
     */
    async open() {
      const fsp = this.fs.promises;
      await fsp.mkdir(this.dir, { recursive: true });
      const names = (await fsp.readdir(this.dir)).filter((n) => SEGMENT.test(n)).sort();
      const entries = /* @__PURE__ */ new Map();
      const done = /* @__PURE__ */ new Set();
      let lastId = 0;
      for (const name of names) {
        const id = Number(
          /** @type {RegExpExecArray} */
          SEGMENT.exec(name)[1]
        );
        lastId = Math.max(lastId, id);
        const file = import_node_path.default.join(this.dir, name);
        const content = await fsp.readFile(file);
        let end = content.lastIndexOf(10) + 1;
        if (end < content.length) {
          this.log("warn", `journal: ${name} ends in an incomplete line (${content.length - end} bytes), cut off`);
          await fsp.truncate(file, end);
        }
        const lines = content.subarray(0, end).toString("utf8").split("\n");
        for (const line of lines) {
          if (line === "") continue;
          let record;
          try {
            record = JSON.parse(line);
          } catch {
            this.corruptLines++;
            this.log("error", `journal: ${name} holds a line that is not JSON; skipped`);
            continue;
          }
          if (Array.isArray(record.d)) {
            for (const seq of record.d) done.add(seq);
          } else if (typeof record.s === "number" && typeof record.k === "string") {
            entries.set(record.s, { seq: record.s, key: record.k, command: record.b, meta: record.m || {}, at: record.t, segment: id });
            this.nextSeq = Math.max(this.nextSeq, record.s + 1);
          }
        }
        this.segments.push({ id, size: end, pending: 0 });
        this.bytes += end;
      }
      const pending = [...entries.values()].filter((e) => !done.has(e.seq)).sort((a, b) => a.seq - b.seq);
      for (const entry of pending) {
        const segment = (
          /** @type {number} */
          entry.segment
        );
        this.pendingSegments.set(entry.seq, segment);
        this.bump(segment, 1);
      }
      await this.openSegment(lastId + 1);
      await this.dropDoneSegments();
      if (pending.length) this.log("info", `journal: ${pending.length} commands pending from before the restart`);
      return pending;
    }
    /**
     * Queues a command. Throws journal_full (synchronously) when it would pass the bound, and
     * journal_write_failed after a write failure that could not be undone; nothing is written then.
     * The answer's `durable` settles once the line is on disk (fdatasync) or the write failed.
     *
     * @param {{key: string, command: Record<string, unknown>, meta: Record<string, unknown>}} item
     * @returns {{entry: JournalEntry, durable: Promise<void>}}
     */
    append(item) {
      if (this.closed) throw new EconomyError(Codes.STOPPED, "the economy core is stopped");
      if (this.broken) throw new EconomyError(Codes.JOURNAL_WRITE_FAILED, "the journal cannot be written (see the log); the command was not queued");
      const seq = this.nextSeq;
      const at = Date.now();
      const line = JSON.stringify({ s: seq, k: item.key, b: item.command, m: item.meta, t: at }) + "\n";
      const size = Buffer.byteLength(line, "utf8");
      if (this.bytes + size > this.maxBytes) {
        throw new EconomyError(Codes.JOURNAL_FULL, `the journal holds ${this.bytes} bytes, its bound is ${this.maxBytes}: the command was refused, not queued (the backend has been unreachable too long)`);
      }
      this.nextSeq++;
      this.bytes += size;
      const entry = { seq, key: item.key, command: item.command, meta: item.meta, at };
      const durable = new Promise((resolve, reject) => {
        this.queue.push({
          line,
          size,
          resolve,
          reject: (e) => {
            this.bytes -= size;
            reject(e);
          },
          onWritten: (segment) => {
            entry.segment = segment;
            this.pendingSegments.set(seq, segment);
            this.bump(segment, 1);
          }
        });
      });
      this.kick();
      return { entry, durable };
    }
    /**
     * Records the outcome of entries (their done line). Asynchronous; a failure is logged (the
     * entries are then sent again after a restart, which the idempotency keys make harmless).
     *
     * @param {number[]} seqs
     */
    markDone(seqs) {
      const known = seqs.filter((s) => this.pendingSegments.has(s));
      if (known.length === 0 || this.closed) return;
      for (const seq of known) {
        const seg = this.segmentById(
          /** @type {number} */
          this.pendingSegments.get(seq)
        );
        if (seg) seg.pending--;
        this.pendingSegments.delete(seq);
      }
      const line = JSON.stringify({ d: known }) + "\n";
      const size = Buffer.byteLength(line, "utf8");
      this.bytes += size;
      new Promise((resolve, reject) => {
        this.queue.push({ line, size, resolve, reject: (e) => {
          this.bytes -= size;
          reject(e);
        } });
        this.kick();
      }).then(() => this.dropDoneSegments(), (e) => this.log("error", `journal: writing outcomes failed: ${e.message}`));
    }
    /** Waits until everything queued so far is on disk. */
    async flushed() {
      while (this.queue.length || this.flushing) {
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    /** Closes the file after the queued lines are written. */
    async close() {
      await this.flushed();
      this.closed = true;
      if (this.fd !== null) {
        const fd = this.fd;
        this.fd = null;
        await new Promise((r) => this.fs.close(fd, () => r(void 0)));
      }
    }
    /**
     * Stops at once as a crash would: lines not yet written are lost (their callers were never told
     * they were queued), the file is closed. For tests of recovery.
     */
    crash() {
      this.closed = true;
      for (const q of this.queue.splice(0)) q.reject(new EconomyError(Codes.STOPPED, "crashed"));
      if (this.fd !== null) {
        try {
          this.fs.closeSync(this.fd);
        } catch {
        }
        this.fd = null;
      }
    }
    /** @param {number} id @param {number} delta */
    bump(id, delta) {
      const seg = this.segmentById(id);
      if (seg) seg.pending += delta;
    }
    /** @param {number} id */
    segmentById(id) {
      return this.segments.find((s) => s.id === id);
    }
    /** @param {number} id */
    async openSegment(id) {
      const name = `segment-${String(id).padStart(9, "0")}.log`;
      const fd = await new Promise((resolve, reject) => this.fs.open(import_node_path.default.join(this.dir, name), "a", (e, opened) => e ? reject(e) : resolve(opened)));
      if (this.fd !== null) {
        const old = this.fd;
        this.fs.close(old, () => {
        });
      }
      this.fd = fd;
      this.segments.push({ id, size: 0, pending: 0 });
      await this.syncDir();
    }
    /** A new or deleted file is durable only once its folder is. */
    async syncDir() {
      try {
        const dirFd = await this.fs.promises.open(this.dir, "r");
        try {
          await dirFd.sync();
        } finally {
          await dirFd.close();
        }
      } catch {
      }
    }
    /** Deletes the oldest segments while they, and every older one, hold nothing pending. */
    async dropDoneSegments() {
      let dropped = false;
      while (this.segments.length > 1 && this.segments[0].pending === 0) {
        const seg = (
          /** @type {{id: number, size: number, pending: number}} */
          this.segments.shift()
        );
        const file = import_node_path.default.join(this.dir, `segment-${String(seg.id).padStart(9, "0")}.log`);
        try {
          await this.fs.promises.unlink(file);
        } catch (e) {
          this.log("warn", `journal: could not delete ${file}: ${/** @type {Error} */
          e.message}`);
        }
        this.bytes -= seg.size;
        dropped = true;
      }
      if (dropped) await this.syncDir();
    }
    /**
     * Starts a write of the queued lines, not on the caller's stack: after the current task, so that
     * a caller never pays for starting a write, and every line queued in the same turn joins it.
     */
    kick() {
      if (this.kickScheduled) return;
      this.kickScheduled = true;
      queueMicrotask(() => {
        this.kickScheduled = false;
        this.kickNow();
      });
    }
    kickNow() {
      if (!this.flushing && this.queue.length && !this.closed) {
        this.flushing = true;
        this.flush().finally(() => {
          this.flushing = false;
          this.kickNow();
        });
      }
    }
    async flush() {
      const batch = this.queue.splice(0);
      let current = this.segments[this.segments.length - 1];
      if (current.size >= this.segmentBytes) {
        try {
          await this.openSegment(current.id + 1);
        } catch (e) {
          this.log("error", `journal: cannot begin a new segment: ${/** @type {Error} */
          e.message}`);
        }
        current = this.segments[this.segments.length - 1];
      }
      const buf = Buffer.from(batch.length === 1 ? batch[0].line : batch.map((b) => b.line).join(""), "utf8");
      const fd = (
        /** @type {number} */
        this.fd
      );
      const before = current.size;
      try {
        await writeAll(this.fs, fd, buf);
        await new Promise((resolve, reject) => this.fs.fdatasync(fd, (e) => e ? reject(e) : resolve(void 0)));
      } catch (e) {
        const failure = new EconomyError(Codes.JOURNAL_WRITE_FAILED, `writing the journal failed: ${/** @type {Error} */
        e.message}; the command was not queued`);
        this.log("error", failure.message);
        await new Promise((resolve) => this.fs.ftruncate(fd, before, (err) => {
          if (err) {
            this.broken = true;
            this.log("error", `journal: could not undo a failed write (${err.message}); refusing new commands`);
          }
          resolve(void 0);
        }));
        for (const b of batch) b.reject(failure);
        return;
      }
      current.size += buf.length;
      for (const b of batch) {
        if (b.onWritten) b.onWritten(current.id);
        b.resolve();
      }
    }
  };
  async function writeAll(fs, fd, buf) {
    let offset = 0;
    while (offset < buf.length) {
      offset += await new Promise((resolve, reject) => fs.write(fd, buf, offset, buf.length - offset, null, (e, written) => e ? reject(e) : resolve(written)));
    }
  }

  // src/core/sender.js
  var Sender = class {
    /**
     * @param {{http: import('./http.js').HttpClient, auth: import('./auth.js').ServiceAuth, backendUrl: string,
     *   journal: import('./journal.js').Journal, batchSize: number, batchDelayMs: number, retryMinMs: number,
     *   retryMaxMs: number, log: (level: string, msg: string) => void, deliver: Deliver}} options
     */
    constructor(options2) {
      this.http = options2.http;
      this.auth = options2.auth;
      this.url = options2.backendUrl + "/api/v1/ingress/batch";
      this.journal = options2.journal;
      this.batchSize = options2.batchSize;
      this.limit = options2.batchSize;
      this.batchDelayMs = options2.batchDelayMs;
      this.retryMinMs = options2.retryMinMs;
      this.retryMaxMs = options2.retryMaxMs;
      this.log = options2.log;
      this.deliver = options2.deliver;
      this.queue = [];
      this.inflight = false;
      this.timer = null;
      this.backoffMs = 0;
      this.stopped = false;
      this.down = false;
      this.stats = { batches: 0, commands: 0, delivered: 0, retries: 0, failedRequests: 0 };
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
      const delay = this.backoffMs > 0 ? this.backoffMs : this.queue.length >= this.limit ? 0 : this.batchDelayMs;
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
      return new Promise((resolve) => this.idleWaiters.push(() => resolve(void 0)));
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
        if (progress === "failed") {
          this.stats.failedRequests++;
          this.backoffMs = this.backoffMs === 0 ? this.retryMinMs : Math.min(this.backoffMs * 2, this.retryMaxMs);
          if (!this.down) {
            this.down = true;
            this.log("warn", `economy: the backend is unreachable; ${this.queue.length} commands wait in the journal, retrying every ${this.backoffMs}..${this.retryMaxMs} ms`);
          }
        } else if (progress === "split") {
          this.backoffMs = 0;
        } else {
          if (this.down) {
            this.down = false;
            this.log("info", `economy: the backend answers again; sending the journal (${this.queue.length} commands)`);
          }
          this.backoffMs = progress === "partial" ? this.retryMinMs : 0;
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
        answer = await this.http.request("POST", this.url, { token, body: JSON.stringify({ commands: batch.map((e) => e.command) }) });
      } catch (e) {
        this.lastError = /** @type {Error} */
        e.message;
        return "failed";
      }
      this.stats.batches++;
      if (answer.status === 401) {
        this.auth.invalidate(token);
        this.lastError = "the backend refused the service token (401)";
        return "failed";
      }
      if (answer.status !== 200) {
        if (isRetryableStatus(answer.status)) {
          this.lastError = `the backend answered ${answer.status}`;
          return "failed";
        }
        if (batch.length > 1) {
          this.limit = Math.ceil(batch.length / 2);
          this.log("warn", `economy: a batch of ${batch.length} was refused (${answer.status} ${answer.body && answer.body.code}); sending it in halves`);
          return "split";
        }
        this.finish(batch, [problemError(answer, batch[0].key)], [null]);
        return "done";
      }
      const results = answer.body && answer.body.results;
      if (!Array.isArray(results) || results.length !== batch.length) {
        this.lastError = "the backend answered a batch without one result per command";
        this.log("error", "economy: " + this.lastError);
        return "failed";
      }
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
          errors.push(void 0);
          outcomes.push(void 0);
          retried++;
        } else {
          errors.push(problemError({ status, body: r.problem, headers: {} }, batch[i].key));
          outcomes.push(null);
        }
      }
      this.stats.retries += retried;
      this.finish(batch, errors, outcomes);
      return retried ? "partial" : "done";
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
        if (errors[i] === void 0) kept.push(batch[i]);
        else doneSeqs.push(batch[i].seq);
      }
      this.queue = kept.concat(this.queue.slice(batch.length));
      this.journal.markDone(doneSeqs);
      this.stats.commands += doneSeqs.length;
      for (let i = 0; i < batch.length; i++) {
        if (errors[i] === void 0) continue;
        this.stats.delivered++;
        try {
          this.deliver(batch[i], errors[i] || null, outcomes[i]);
        } catch (e) {
          this.log("error", `economy: a caller's outcome handler threw: ${/** @type {Error} */
          e.message}`);
        }
      }
    }
  };

  // src/core/identities.js
  var LICENSE = /^[0-9a-f]{40}$/;
  var SNOWFLAKE = /^[0-9]{15,20}$/;
  function fromFiveM(identifiers) {
    const out = { linkable: [], other: [] };
    if (!Array.isArray(identifiers)) return out;
    for (const raw of identifiers) {
      if (typeof raw !== "string") continue;
      const colon = raw.indexOf(":");
      if (colon < 1) continue;
      const type = raw.slice(0, colon);
      const value = raw.slice(colon + 1);
      if (type === "license") {
        if (LICENSE.test(value)) out.linkable.push({ provider: "fivem-license", subject: value });
        else out.other.push({ type, value, why: "not 40 lower-case hex digits" });
      } else if (type === "discord") {
        if (SNOWFLAKE.test(value)) out.linkable.push({ provider: "discord", subject: value });
        else out.other.push({ type, value, why: "not a Discord id" });
      } else if (type === "steam") {
        out.other.push({ type, value: steamId64(value), why: "Steam links only through Steam sign-in on the website" });
      } else if (type === "fivem") {
        out.other.push({ type, value, why: "a Cfx.re account id has no backend provider" });
      }
    }
    return dedupe(out);
  }
  function ordered(identities, preference) {
    const rank = (id) => {
      const i = preference.indexOf(id.provider);
      return i < 0 ? preference.length : i;
    };
    return [...identities].sort((a, b) => rank(a) - rank(b));
  }
  function steamId64(hex) {
    return /^[0-9a-f]{1,16}$/i.test(hex) ? BigInt("0x" + hex).toString() : hex;
  }
  function dedupe(out) {
    const seen = /* @__PURE__ */ new Set();
    out.linkable = out.linkable.filter((id) => {
      const k = id.provider + ":" + id.subject;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return out;
  }

  // src/core/sessions.js
  var Sessions = class {
    /**
     * @param {{http: import('./http.js').HttpClient, auth: import('./auth.js').ServiceAuth,
     *   settings: import('./config.js').Settings, log: (level: string, msg: string) => void,
     *   message: (handle: string, text: string) => void, autoLink?: boolean}} options
     */
    constructor({ http: http2, auth, settings: settings2, log: log2, message, autoLink = true }) {
      this.http = http2;
      this.auth = auth;
      this.settings = settings2;
      this.log = log2;
      this.message = message;
      this.autoLink = autoLink;
      this.sessions = /* @__PURE__ */ new Map();
    }
    /**
     * A player connected: logs them in (in the background; `ready` settles when it is over).
     *
     * @param {string} handle
     * @param {Identity[]} identities
     * @returns {Session}
     */
    connect(handle, identities) {
      this.disconnect(handle);
      const session = {
        handle,
        identities: ordered(identities, this.settings.identities),
        state: "connecting",
        playerId: null,
        accessToken: null,
        refreshToken: null,
        accessExpiresAt: 0,
        ready: Promise.resolve(),
        pollTimer: null,
        refreshing: null
      };
      this.sessions.set(handle, session);
      session.ready = this.firstLogin(session);
      return session;
    }
    /** @param {string} handle */
    disconnect(handle) {
      const session = this.sessions.get(handle);
      if (!session) return;
      session.state = "gone";
      if (session.pollTimer) clearTimeout(session.pollTimer);
      this.sessions.delete(handle);
    }
    stop() {
      for (const handle of [...this.sessions.keys()]) this.disconnect(handle);
    }
    /** @param {string} handle */
    get(handle) {
      return this.sessions.get(handle);
    }
    /**
     * The backend player id of a connected player, once their login is over (waiting at most the
     * request timeout for a login in progress).
     *
     * @param {string} handle
     * @returns {Promise<string>}
     */
    async playerIdOf(handle) {
      const session = this.sessions.get(handle);
      if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
      if (session.state === "connecting") {
        let timer;
        await Promise.race([session.ready, new Promise((r) => {
          timer = setTimeout(r, this.settings.requestTimeoutMs);
        })]);
        clearTimeout(timer);
      }
      return this.linkedId(session);
    }
    /** @param {Session} session */
    linkedId(session) {
      if (session.state === "linked" && session.playerId) return session.playerId;
      if (session.state === "connecting") {
        throw new EconomyError(Codes.BACKEND_UNAVAILABLE, `player ${session.handle} is not logged in yet: the backend has not answered their login`);
      }
      if (session.state === "gone") throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${session.handle} is not connected`);
      throw new EconomyError(Codes.PLAYER_NOT_LINKED, `player ${session.handle} has not linked a website account (a one-time code links it)`);
    }
    /** @param {Session} session */
    async firstLogin(session) {
      let delay = this.settings.retryMinMs;
      while (session.state === "connecting") {
        try {
          await this.login(session);
          break;
        } catch (e) {
          const error = (
            /** @type {EconomyError} */
            e
          );
          if (!error.retryable) {
            this.log("warn", `economy: logging player ${session.handle} in failed: ${error.code}`);
            session.state = "unlinked";
            break;
          }
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, this.settings.retryMaxMs);
        }
      }
      if (session.state === "unlinked" && session.identities.length) {
        this.requestCodeRetrying(session).catch((e) => this.log("warn", `economy: no link code for player ${session.handle}: ${e.code} (${e.message})`));
      } else if (session.state === "unlinked") {
        this.message(session.handle, "Economy: the game reports no identity of yours that a website account can be linked to (FiveM: a license or Discord; alt:V: a social club or Discord id).");
      }
    }
    /**
     * Tries game-login with each of the player's identities; the first one linked wins. Throws a
     * retryable error when the backend does not answer.
     *
     * @param {Session} session
     * @returns {Promise<boolean>} whether the player is linked
     */
    async login(session) {
      for (const identity of session.identities) {
        const answer = await this.service("POST", "/api/v1/auth/game-login", identity);
        if (session.state === "gone") return false;
        if (answer.status === 200 && answer.body && typeof answer.body.accessToken === "string") {
          this.adopt(session, answer.body);
          session.state = "linked";
          if (session.pollTimer) clearTimeout(session.pollTimer);
          session.pollTimer = null;
          if (this.autoLink) this.linkOthers(session, identity).catch(() => {
          });
          return true;
        }
        const error = problemError(answer);
        if (error.retryable) throw error;
        if (error.code !== "identity_not_linked") this.log("warn", `economy: game-login of player ${session.handle} by ${identity.provider} refused: ${error.code}`);
      }
      if (session.state === "connecting") session.state = "unlinked";
      return false;
    }
    /**
     * Links the player's other identities to the player who logged in (the game vouches for all of
     * them): a code issued for the identity, redeemed with the player's own token.
     *
     * @param {Session} session
     * @param {Identity} loggedInWith
     */
    async linkOthers(session, loggedInWith) {
      for (const identity of session.identities) {
        if (identity === loggedInWith || session.state !== "linked") continue;
        const issued = await this.service("POST", "/api/v1/link-codes", identity);
        if (issued.status !== 200 || !issued.body || typeof issued.body.code !== "string") continue;
        const token = await this.playerToken(session.handle);
        const redeemed = await this.http.request(
          "POST",
          this.settings.backendUrl + "/api/v1/link-codes/redeem",
          { token, body: JSON.stringify({ code: issued.body.code }) }
        );
        if (redeemed.status === 200) {
          this.log("info", `economy: player ${session.playerId} also linked their ${identity.provider} identity`);
        } else {
          const code = problemError(redeemed).code;
          if (code !== "identity_already_linked") this.log("warn", `economy: linking ${identity.provider} of player ${session.handle}: ${code}`);
        }
      }
    }
    /**
     * requestCode, tried again (with back-off, a few times) while the backend does not answer.
     * @param {Session} session
     */
    async requestCodeRetrying(session) {
      let delay = this.settings.retryMinMs;
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.requestCode(session.handle);
        } catch (e) {
          const error = (
            /** @type {EconomyError} */
            e
          );
          if (!error.retryable || attempt >= 6 || session.state !== "unlinked") throw error;
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, this.settings.retryMaxMs);
        }
      }
    }
    /**
     * A one-time code for the player's first identity, shown in chat: the player enters it on the
     * website to link their account. While it is valid, their login is tried every `linkPollMs`.
     *
     * @param {string} handle
     * @returns {Promise<{code: string, expiresAt: string}>}
     */
    async requestCode(handle) {
      const session = this.sessions.get(handle);
      if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
      const identity = session.identities[0];
      if (!identity) throw new EconomyError(Codes.PLAYER_NOT_LINKED, "the game reports no identity that can be linked");
      const answer = await this.service("POST", "/api/v1/link-codes", identity);
      if (answer.status !== 200 || !answer.body || typeof answer.body.code !== "string") throw problemError(answer);
      const { code, expiresAt } = answer.body;
      this.message(handle, `Economy: to link this game account to your website account, enter the code ${code} on the website (valid until ${expiresAt}). Or type /${this.settings.chatCommand} <code> with a code from the website.`);
      this.poll(session, Date.parse(expiresAt) || Date.now() + 6e5);
      return { code, expiresAt };
    }
    /** @param {Session} session @param {number} until */
    poll(session, until) {
      if (session.pollTimer) clearTimeout(session.pollTimer);
      session.pollTimer = null;
      if (this.settings.linkPollMs <= 0) return;
      const next = () => {
        session.pollTimer = null;
        if (session.state !== "unlinked" || Date.now() > until) return;
        this.login(session).then((linked) => {
          if (linked) this.message(session.handle, "Economy: your account is linked.");
          else session.pollTimer = setTimeout(next, this.settings.linkPollMs);
        }, () => {
          session.pollTimer = setTimeout(next, this.settings.linkPollMs);
        });
      };
      session.pollTimer = setTimeout(next, this.settings.linkPollMs);
    }
    /**
     * The player typed a code from the website in chat: links their first identity to that website
     * account and logs them in.
     *
     * @param {string} handle
     * @param {unknown} code
     * @returns {Promise<{playerId: string}>}
     */
    async redeemCode(handle, code) {
      const session = this.sessions.get(handle);
      if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
      if (typeof code !== "string" || code.length > 32 || !/^[A-Za-z0-9 -]+$/.test(code)) {
        throw new EconomyError(Codes.INVALID_ARGUMENT, "a link code is 8 letters and digits");
      }
      const identity = session.identities[0];
      if (!identity) throw new EconomyError(Codes.PLAYER_NOT_LINKED, "the game reports no identity that can be linked");
      const answer = await this.service("POST", "/api/v1/link-codes/redeem", { code, ...identity });
      if (answer.status !== 200) {
        const error = problemError(answer);
        this.message(handle, `Economy: the code was not accepted (${error.code}).`);
        throw error;
      }
      if (session.state !== "gone") session.state = "connecting";
      await this.login(session);
      this.message(handle, "Economy: your account is linked.");
      return { playerId: (
        /** @type {string} */
        session.playerId
      ) };
    }
    /**
     * The player's access token (for their reads), refreshed when it is about to expire; a refused
     * refresh logs the player in again.
     *
     * @param {string} handle
     * @returns {Promise<string>}
     */
    async playerToken(handle) {
      const session = this.sessions.get(handle);
      if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${handle} is not connected`);
      this.linkedId(session);
      if (session.accessToken && Date.now() < session.accessExpiresAt - 3e4) return session.accessToken;
      if (!session.refreshing) {
        session.refreshing = (async () => {
          try {
            const answer = await this.http.request(
              "POST",
              this.settings.backendUrl + "/api/v1/auth/refresh",
              { body: JSON.stringify({ refreshToken: session.refreshToken }) }
            );
            if (answer.status === 200 && answer.body && typeof answer.body.accessToken === "string") {
              this.adopt(session, answer.body);
            } else {
              const error = problemError(answer);
              if (error.retryable) throw error;
              session.state = "connecting";
              if (!await this.login(session)) this.linkedId(session);
            }
            return (
              /** @type {string} */
              session.accessToken
            );
          } finally {
            session.refreshing = null;
          }
        })();
      }
      return session.refreshing;
    }
    /** @param {Session} session @param {{accessToken: string, refreshToken: string, expiresIn: number}} pair */
    adopt(session, pair) {
      session.accessToken = pair.accessToken;
      session.refreshToken = pair.refreshToken;
      session.accessExpiresAt = Date.now() + Math.max(1, Number(pair.expiresIn) || 60) * 1e3;
      const playerId2 = playerIdOfToken(pair.accessToken);
      if (!playerId2) throw new EconomyError("invalid_token", "the backend's token names no player");
      session.playerId = playerId2;
    }
    /**
     * A request with the game server's service token (a 401 fetches a new one and tries once more).
     *
     * @param {'POST' | 'GET'} method
     * @param {string} path
     * @param {object} body
     */
    async service(method, path3, body) {
      for (let attempt = 0; ; attempt++) {
        const token = await this.auth.token();
        const answer = await this.http.request(method, this.settings.backendUrl + path3, { token, body: JSON.stringify(body) });
        if (answer.status === 401 && attempt === 0) {
          this.auth.invalidate(token);
          continue;
        }
        return answer;
      }
    }
  };
  function playerIdOfToken(token) {
    try {
      const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
      return typeof payload.player_id === "string" ? payload.player_id : null;
    } catch {
      return null;
    }
  }

  // src/core/keys.js
  var import_node_crypto = __require("node:crypto");
  var VERBATIM = /^[A-Za-z0-9._-][A-Za-z0-9._:-]*$/;
  function idempotencyKey(serverId, op, eventId2) {
    const prefix = serverId + ":" + op + ":";
    if (prefix.length + eventId2.length <= 128 && VERBATIM.test(eventId2)) {
      return prefix + eventId2;
    }
    const digest = (0, import_node_crypto.createHash)("sha256").update(eventId2, "utf8").digest("base64url");
    return prefix + ":" + digest;
  }

  // src/core/validate.js
  var MEMO_LENGTH_MAX = 140;
  var EVENT_ID_LENGTH_MAX = 200;
  var REASON_CODE = /^[a-z][a-z0-9_.-]{0,39}$/;
  var PLAYER_ID = /^[A-Za-z0-9._:-]{1,64}$/;
  var CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
  var LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  function invalid(message) {
    return new EconomyError(Codes.INVALID_ARGUMENT, message);
  }
  function amountMinor(value) {
    if (typeof value === "bigint") {
      if (value <= 0n) throw invalid("amountMinor must be a positive whole number of minor units");
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`amountMinor must be at most ${Number.MAX_SAFE_INTEGER}`);
      return Number(value);
    }
    if (typeof value !== "number") throw invalid("amountMinor must be a number (or a bigint), not " + typeOf(value));
    if (!Number.isFinite(value) || !Number.isInteger(value)) throw invalid("amountMinor must be a whole number of minor units");
    if (value <= 0) throw invalid("amountMinor must be a positive whole number of minor units");
    if (!Number.isSafeInteger(value)) throw invalid(`amountMinor must be at most ${Number.MAX_SAFE_INTEGER}`);
    return value;
  }
  function text(field, value, max) {
    if (typeof value !== "string") throw invalid(`${field} must be a string, not ${typeOf(value)}`);
    if (value.length > max) throw invalid(`${field} is longer than ${max} characters`);
    if (CONTROL.test(value)) throw invalid(`${field} must not contain control characters (NUL, newlines, ...)`);
    if (LONE_SURROGATE.test(value)) throw invalid(`${field} is not well-formed Unicode (a lone surrogate)`);
    return value;
  }
  function eventId(value) {
    if (value === void 0 || value === null || value === "") {
      throw invalid("eventId is missing: every money command names the game event it comes from (the key that keeps a retry from paying twice)");
    }
    return text("eventId", value, EVENT_ID_LENGTH_MAX);
  }
  function memo(value) {
    if (value === void 0 || value === null) return void 0;
    return text("memo", value, MEMO_LENGTH_MAX);
  }
  function reasonCode(value, fallback) {
    if (value === void 0 || value === null) return fallback;
    if (typeof value !== "string" || !REASON_CODE.test(value)) {
      throw invalid("reason must be a code of 1 to 40 characters of a-z 0-9 _ . - starting with a letter");
    }
    return value;
  }
  function accountKind(field, value) {
    if (value === void 0 || value === null) return "wallet";
    if (value !== "wallet" && value !== "bank") throw invalid(`${field} must be 'wallet' or 'bank'`);
    return value;
  }
  function playerId(value) {
    if (typeof value !== "string" || !PLAYER_ID.test(value)) throw invalid("playerId must be a backend player id");
    return value;
  }
  function options(value, allowed) {
    if (value === void 0 || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) throw invalid("options must be an object");
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw invalid("options must be a plain object");
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) throw invalid(`unknown option '${printable(key)}' (allowed: ${allowed.join(", ")})`);
    }
    return (
      /** @type {Record<string, unknown>} */
      value
    );
  }
  function typeOf(value) {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  }
  function printable(value) {
    const bounded = value.length > 40 ? value.slice(0, 40) + "..." : value;
    return bounded.replace(/[^\x20-\x7e]/g, "?");
  }

  // src/core/economy.js
  var MONEY_OPTIONS = ["eventId", "memo", "reason", "onQueued"];
  var SINKS = { purchase: "system:purchases", fee: "system:fees" };
  var Economy = class {
    /**
     * @param {{settings: Settings, platform: string, log?: (level: string, msg: string) => void,
     *   message?: (handle: string, text: string) => void, autoLink?: boolean}} options
     */
    constructor({ settings: settings2, platform, log: log2, message, autoLink = true }) {
      this.settings = settings2;
      this.platform = platform;
      this.log = log2 || ((level, msg) => (level === "error" || level === "warn" ? console.error : console.log)(msg));
      this.http = new HttpClient({ timeoutMs: settings2.requestTimeoutMs });
      this.auth = new ServiceAuth({
        http: this.http,
        backendUrl: settings2.backendUrl,
        clientId: settings2.clientId,
        clientSecret: settings2.clientSecret,
        log: this.log,
        retryMs: settings2.retryMinMs
      });
      this.journal = new Journal({
        dir: settings2.journalDir,
        maxBytes: settings2.journalMaxBytes,
        segmentBytes: settings2.journalSegmentBytes,
        log: this.log
      });
      this.sender = new Sender({
        http: this.http,
        auth: this.auth,
        backendUrl: settings2.backendUrl,
        journal: this.journal,
        batchSize: settings2.batchSize,
        batchDelayMs: settings2.batchDelayMs,
        retryMinMs: settings2.retryMinMs,
        retryMaxMs: settings2.retryMaxMs,
        log: this.log,
        deliver: (entry, error, outcome) => this.delivered(entry, error, outcome)
      });
      this.sessions = new Sessions({
        http: this.http,
        auth: this.auth,
        settings: settings2,
        log: this.log,
        message: message || (() => {
        }),
        autoLink
      });
      this.waiting = /* @__PURE__ */ new Map();
      this.listeners = /* @__PURE__ */ new Set();
      this.state = "new";
    }
    /**
     * Opens the journal (commands pending from before a restart are sent first, their outcomes go to
     * the onOutcome listeners) and fetches the service token.
     */
    async start() {
      if (this.state !== "new") throw new EconomyError(Codes.STOPPED, "start() is called once");
      const pending = await this.journal.open();
      for (const entry of pending) {
        entry.meta = { ...entry.meta, recovered: true };
        this.sender.push(entry);
      }
      this.state = "started";
      this.auth.token().catch((e) => this.log("warn", `economy: no service token yet (${e.code}); commands are journaled until the backend answers`));
    }
    /** Stops sending; what is journaled stays on disk and is sent after the next start. */
    async stop() {
      if (this.state === "stopped") return;
      this.state = "stopped";
      this.sender.stop();
      this.auth.stop();
      this.sessions.stop();
      await this.journal.close();
      this.http.close();
    }
    /** Dies as a crash would (for tests): nothing more is written or sent. */
    crash() {
      this.state = "stopped";
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
      return s && s.state === "linked" ? s.playerId : null;
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
        const playerId2 = await this.sessions.playerIdOf(key);
        for (let attempt = 0; ; attempt++) {
          const token = await this.sessions.playerToken(key);
          const answer = await this.http.request("GET", `${this.settings.queryUrl}/api/v1/players/${encodeURIComponent(playerId2)}/accounts`, { token });
          if (answer.status === 401 && attempt === 0) {
            const s = this.sessions.get(key);
            if (s) s.accessExpiresAt = 0;
            continue;
          }
          if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.accounts)) throw problemError(answer);
          const find = (suffix) => {
            const account = answer.body.accounts.find((a) => typeof a.accountId === "string" && a.accountId.endsWith(suffix));
            return account ? Number(account.balanceMinor) : 0;
          };
          return { playerId: playerId2, walletMinor: find(":wallet"), bankMinor: find(":bank") };
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
    transfer(from, to, amountMinor2, options2, callback) {
      return this.money("transfer", callback, () => {
        const o = options(options2, [...MONEY_OPTIONS, "fromAccount", "toAccount"]);
        const fromKind = accountKind("fromAccount", o.fromAccount);
        const toKind = accountKind("toAccount", o.toAccount);
        return {
          o,
          amount: amountMinor(amountMinor2),
          refs: [from, to],
          build: ([fromId, toId], base) => ({
            type: "transfer",
            ...base,
            fromAccountId: `player:${fromId}:${fromKind}`,
            toAccountId: `player:${toId}:${toKind}`,
            reasonCode: reasonCode(o.reason, "transfer")
          }),
          check: ([fromId, toId]) => {
            if (fromId === toId && fromKind === toKind) throw invalid("from and to are the same account");
          }
        };
      });
    }
    /**
     * Wallet to bank of one player.
     * @param {PlayerRef} player @param {number | bigint} amountMinor @param {MoneyOptions} options @param {Callback} [callback]
     * @returns {Promise<Outcome>}
     */
    deposit(player, amountMinor2, options2, callback) {
      return this.playerMove("deposit", "deposit", player, amountMinor2, options2, callback);
    }
    /**
     * Bank to wallet of one player.
     * @param {PlayerRef} player @param {number | bigint} amountMinor @param {MoneyOptions} options @param {Callback} [callback]
     * @returns {Promise<Outcome>}
     */
    withdraw(player, amountMinor2, options2, callback) {
      return this.playerMove("withdraw", "withdrawal", player, amountMinor2, options2, callback);
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
    pay(player, amountMinor2, options2, callback) {
      return this.money("pay", callback, () => {
        const o = options(options2, [...MONEY_OPTIONS, "kind", "account"]);
        const kind = o.kind === void 0 ? "purchase" : o.kind;
        if (kind !== "purchase" && kind !== "fee") throw invalid("kind must be 'purchase' or 'fee'");
        const account = accountKind("account", o.account);
        return {
          o,
          amount: amountMinor(amountMinor2),
          refs: [player],
          build: ([id], base) => ({
            type: "transfer",
            ...base,
            fromAccountId: `player:${id}:${account}`,
            toAccountId: SINKS[kind],
            reasonCode: reasonCode(o.reason, kind)
          })
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
    payWage(player, amountMinor2, options2, callback) {
      return this.money("wage", callback, () => {
        const o = options(options2, [...MONEY_OPTIONS, "account"]);
        const account = accountKind("account", o.account);
        return {
          o,
          amount: amountMinor(amountMinor2),
          refs: [player],
          build: ([id], base) => ({
            type: "transfer",
            ...base,
            fromAccountId: "system:payroll",
            toAccountId: `player:${id}:${account}`,
            reasonCode: reasonCode(o.reason, "salary")
          })
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
        ...this.sender.stats
      };
    }
    /**
     * @param {string} op @param {string} type @param {PlayerRef} player @param {number | bigint} amountMinor
     * @param {MoneyOptions} options @param {Callback} [callback]
     */
    playerMove(op, type, player, amountMinor2, options2, callback) {
      return this.money(op, callback, () => {
        const o = options(options2, MONEY_OPTIONS);
        return {
          o,
          amount: amountMinor(amountMinor2),
          refs: [player],
          build: ([id], base) => ({
            type,
            playerId: id,
            ...base,
            reasonCode: reasonCode(o.reason, void 0)
          })
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
      let promise;
      try {
        if (callback !== void 0 && typeof callback !== "function") throw invalid("callback must be a function");
        if (this.state !== "started") throw new EconomyError(Codes.STOPPED, "the economy core is not running");
        const p = prepare();
        const eventId2 = eventId(p.o.eventId);
        const memo2 = memo(p.o.memo);
        if (p.o.onQueued !== void 0 && typeof p.o.onQueued !== "function") throw invalid("onQueued must be a function");
        const key = idempotencyKey(this.settings.serverId, op, eventId2);
        const base = { idempotencyKey: key, amountMinor: p.amount, ...memo2 === void 0 ? {} : { memo: memo2 } };
        const meta = { op, eventId: eventId2 };
        const ids = p.refs.map((ref) => this.resolveNow(ref));
        const onQueued = (
          /** @type {((key: string) => void) | undefined} */
          p.o.onQueued
        );
        if (ids.every((id) => typeof id === "string")) {
          promise = this.enqueue(
            p,
            /** @type {string[]} */
            ids,
            base,
            meta,
            onQueued
          );
        } else {
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
      const key = (
        /** @type {string} */
        command.idempotencyKey
      );
      const { entry, durable } = this.journal.append({ key, command, meta: { ...meta, playerId: ids[0] } });
      return new Promise((resolve, reject) => {
        this.waiting.set(entry.seq, { resolve, reject });
        durable.then(() => {
          if (onQueued) {
            try {
              onQueued(key);
            } catch (e) {
              this.log("error", `economy: an onQueued handler threw: ${/** @type {Error} */
              e.message}`);
            }
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
      if (ref !== null && typeof ref === "object" && !Array.isArray(ref)) {
        return playerId(
          /** @type {{playerId: unknown}} */
          ref.playerId
        );
      }
      if (typeof ref !== "string" && typeof ref !== "number") throw invalid("a player is a connected player's handle or {playerId}");
      const session = this.sessions.get(String(ref));
      if (!session) throw new EconomyError(Codes.PLAYER_NOT_CONNECTED, `player ${printable(String(ref))} is not connected`);
      if (session.state === "connecting") return this.sessions.playerIdOf(session.handle);
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
      const notice = {
        op: String(meta.op),
        eventId: String(meta.eventId),
        key: entry.key,
        playerId: (
          /** @type {string | undefined} */
          meta.playerId
        ),
        outcome: full,
        error: error ? error.toJSON() : null,
        recovered: meta.recovered === true
      };
      for (const listener of this.listeners) {
        try {
          listener(notice);
        } catch (e) {
          this.log("error", `economy: an onOutcome listener threw: ${/** @type {Error} */
          e.message}`);
        }
      }
    }
  };
  function settle(promise, callback) {
    if (typeof callback === "function") {
      promise.then(
        (value) => callback(
          null,
          /** @type {any} */
          value
        ),
        (e) => callback(e instanceof EconomyError ? e.toJSON() : { code: "internal_error", message: String(e && e.message) })
      );
    }
    promise.catch(() => {
    });
    return promise;
  }

  // src/core/config.js
  var SETTINGS = Object.freeze([
    { key: "backendUrl", env: "ECONOMY_BACKEND_URL", def: "http://127.0.0.1:8080", kind: "url" },
    { key: "queryUrl", env: "ECONOMY_QUERY_URL", def: "", kind: "url?" },
    { key: "clientId", env: "ECONOMY_GAME_CLIENT_ID", def: "", kind: "clientId" },
    { key: "clientSecret", env: "ECONOMY_GAME_CLIENT_SECRET", def: "", kind: "secret" },
    { key: "serverId", env: "ECONOMY_GAME_SERVER_ID", def: "", kind: "serverId" },
    { key: "batchSize", env: "ECONOMY_GAME_BATCH_SIZE", def: "100", kind: "int", min: 1, max: 500 },
    { key: "batchDelayMs", env: "ECONOMY_GAME_BATCH_DELAY_MS", def: "20", kind: "int", min: 0, max: 1e4 },
    { key: "journalDir", env: "ECONOMY_GAME_JOURNAL_DIR", def: "", kind: "string" },
    { key: "journalMaxBytes", env: "ECONOMY_GAME_JOURNAL_MAX_BYTES", def: String(64 * 1024 * 1024), kind: "int", min: 64 * 1024, max: 2 ** 40 },
    { key: "journalSegmentBytes", env: "ECONOMY_GAME_JOURNAL_SEGMENT_BYTES", def: String(4 * 1024 * 1024), kind: "int", min: 4 * 1024, max: 2 ** 31 },
    { key: "requestTimeoutMs", env: "ECONOMY_GAME_REQUEST_TIMEOUT_MS", def: "15000", kind: "int", min: 100, max: 6e5 },
    { key: "retryMinMs", env: "ECONOMY_GAME_RETRY_MIN_MS", def: "250", kind: "int", min: 1, max: 6e5 },
    { key: "retryMaxMs", env: "ECONOMY_GAME_RETRY_MAX_MS", def: "10000", kind: "int", min: 1, max: 36e5 },
    { key: "identities", env: "ECONOMY_GAME_IDENTITIES", def: "fivem-license,altv-social,discord", kind: "providers" },
    { key: "linkPollMs", env: "ECONOMY_GAME_LINK_POLL_MS", def: "15000", kind: "int", min: 0, max: 36e5 },
    { key: "chatCommand", env: "ECONOMY_GAME_CHAT_COMMAND", def: "link", kind: "command" }
  ]);
  var GAME_PROVIDERS = Object.freeze(["fivem-license", "altv-social", "discord"]);
  function readSettings(lookup, defaults = {}) {
    const out = {};
    const problems = [];
    for (const s of SETTINGS) {
      let raw = lookup(s.env);
      if (raw === void 0 || raw === null || String(raw).trim() === "") {
        raw = defaults[
          /** @type {keyof Settings} */
          s.key
        ] ?? s.def;
      }
      const value = String(raw).trim();
      switch (s.kind) {
        case "url":
        case "url?": {
          if (value === "" && s.kind === "url?") {
            out[s.key] = "";
            break;
          }
          if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value)) problems.push(`${s.env} must be an http(s) URL`);
          out[s.key] = value.replace(/\/+$/, "");
          break;
        }
        case "clientId":
          if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(value)) problems.push(`${s.env} must be the service client id ([a-z0-9][a-z0-9._-]{0,63})`);
          out[s.key] = value;
          break;
        case "secret":
          if (value.length < 32) problems.push(`${s.env} must be the service client's secret (at least 32 characters)`);
          out[s.key] = value;
          break;
        case "serverId":
          out[s.key] = value;
          break;
        case "int": {
          const n = Number(value);
          const min = (
            /** @type {number} */
            s.min
          ), max = (
            /** @type {number} */
            s.max
          );
          if (!/^\d+$/.test(value) || n < min || n > max) problems.push(`${s.env} must be a whole number from ${min} to ${max}`);
          out[s.key] = n;
          break;
        }
        case "providers": {
          const list = value.split(",").map((p) => p.trim()).filter(Boolean);
          const bad = list.filter((p) => !GAME_PROVIDERS.includes(p));
          if (list.length === 0 || bad.length) problems.push(`${s.env} must list providers of ${GAME_PROVIDERS.join(", ")}`);
          out[s.key] = list;
          break;
        }
        case "command":
          if (!/^[a-z][a-z0-9_-]{0,31}$/.test(value)) problems.push(`${s.env} must be a command name ([a-z][a-z0-9_-]{0,31})`);
          out[s.key] = value;
          break;
        default:
          out[s.key] = value;
      }
    }
    if (!out.queryUrl) out.queryUrl = out.backendUrl;
    if (!out.serverId) out.serverId = out.clientId;
    if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(out.serverId)) {
      problems.push("ECONOMY_GAME_SERVER_ID must be [a-z0-9][a-z0-9._-]{0,31} (default: the client id, when it is that short)");
    }
    if (!out.journalDir) problems.push("ECONOMY_GAME_JOURNAL_DIR is missing (the shims default it to the resource's journal/ folder)");
    if (out.retryMaxMs < out.retryMinMs) problems.push("ECONOMY_GAME_RETRY_MAX_MS must be at least ECONOMY_GAME_RETRY_MIN_MS");
    if (problems.length) {
      throw new EconomyError(Codes.INVALID_ARGUMENT, "economy settings: " + problems.join("; "));
    }
    return (
      /** @type {Settings} */
      out
    );
  }

  // src/platform/api.js
  function createApi(economy2, ready2, handleOf2) {
    const whenReady = (fn, arity) => (...args) => {
      if (economy2.state === "started") return fn(...args);
      const callback = typeof args[arity] === "function" ? args[arity] : void 0;
      const p = ready2.then(() => fn(...args), (e) => {
        const error = new EconomyError(Codes.STOPPED, `the economy core did not start: ${e && e.message}`);
        if (callback) callback(error.toJSON());
        throw error;
      });
      p.catch(() => {
      });
      return p;
    };
    const ref = (p) => p !== null && typeof p === "object" && "playerId" in p ? p : handleOf2(p);
    return {
      /** @param {any} player @param {any} [callback] */
      balance: whenReady((player, callback) => economy2.balance(handleOf2(player), callback), 1),
      /** @param {any} from @param {any} to @param {any} amountMinor @param {any} options @param {any} [callback] */
      transfer: whenReady((from, to, amountMinor2, options2, callback) => economy2.transfer(ref(from), ref(to), amountMinor2, options2, callback), 4),
      /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
      deposit: whenReady((player, amountMinor2, options2, callback) => economy2.deposit(ref(player), amountMinor2, options2, callback), 3),
      /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
      withdraw: whenReady((player, amountMinor2, options2, callback) => economy2.withdraw(ref(player), amountMinor2, options2, callback), 3),
      /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
      pay: whenReady((player, amountMinor2, options2, callback) => economy2.pay(ref(player), amountMinor2, options2, callback), 3),
      /** @param {any} player @param {any} amountMinor @param {any} options @param {any} [callback] */
      payWage: whenReady((player, amountMinor2, options2, callback) => economy2.payWage(ref(player), amountMinor2, options2, callback), 3),
      /** @param {any} player */
      requestLinkCode: whenReady((player) => economy2.requestLinkCode(handleOf2(player)), 9),
      /** @param {any} player @param {any} code */
      redeemLinkCode: whenReady((player, code) => economy2.redeemLinkCode(handleOf2(player), code), 9),
      /** The backend player id of a connected, linked player, or null. @param {any} player */
      playerId: (player) => economy2.playerIdOf(handleOf2(player)),
      /** Figures for monitoring (journal size, commands waiting, backend reachable). */
      stats: () => economy2.stats(),
      /** @param {(notice: import('../core/economy.js').OutcomeNotice) => void} listener */
      onOutcome: (listener) => economy2.onOutcome(listener)
    };
  }
  var CALLABLE = Object.freeze(["balance", "transfer", "deposit", "withdraw", "pay", "payWage", "requestLinkCode", "redeemLinkCode"]);
  function handleCall(api2, op, requestId, args, reply) {
    if (typeof op !== "string" || !CALLABLE.includes(op)) {
      reply(requestId, new EconomyError(Codes.INVALID_ARGUMENT, `economy:call: unknown operation (one of ${CALLABLE.join(", ")})`).toJSON(), null);
      return;
    }
    const fn = api2[
      /** @type {keyof typeof api} */
      op
    ];
    fn(...args).then(
      (result) => reply(requestId, null, result),
      (e) => reply(requestId, e instanceof EconomyError ? e.toJSON() : { code: "internal_error", message: String(e && e.message) }, null)
    );
  }
  function chatCommand(economy2, handle, args) {
    const code = args.filter((a) => typeof a === "string").join("");
    const done = code ? economy2.redeemLinkCode(handle, code) : economy2.requestLinkCode(handle);
    done.catch(() => {
    });
  }
  function clientLimiter(intervalMs) {
    const last = /* @__PURE__ */ new Map();
    return (handle) => {
      const now = Date.now();
      const before = last.get(handle);
      if (before !== void 0 && now - before < intervalMs) return false;
      last.set(handle, now);
      if (last.size > 4096) {
        for (const [h, t] of last) if (now - t >= intervalMs) last.delete(h);
      }
      return true;
    };
  }

  // src/fivem/server.js
  var resource = GetCurrentResourceName();
  var settings = readSettings((env) => {
    const convar = GetConvar(env.toLowerCase(), "");
    return convar !== "" ? convar : process.env[env];
  }, { journalDir: import_node_path2.default.join(GetResourcePath(resource), "journal") });
  var log = (level, msg) => console.log(`[${resource}] ${level === "info" ? "" : level.toUpperCase() + " "}${msg}`);
  var economy = new Economy({
    settings,
    platform: "fivem",
    log,
    message: (handle, text2) => emitNet("chat:addMessage", Number(handle), { args: ["Economy", text2] })
  });
  function identifiersOf(src) {
    const out = [];
    const n = GetNumPlayerIdentifiers(src);
    for (let i = 0; i < n; i++) out.push(GetPlayerIdentifier(src, i));
    return out;
  }
  var handleOf = (player) => String(player);
  var ready = economy.start();
  ready.then(() => {
    for (let i = 0; i < GetNumPlayerIndices(); i++) {
      const src = GetPlayerFromIndex(i);
      economy.playerConnected(src, fromFiveM(identifiersOf(src)));
    }
  }, (e) => log("error", `economy: could not start: ${e.message}`));
  var api = createApi(economy, ready, handleOf);
  on("playerJoining", () => {
    const src = String(source);
    economy.playerConnected(src, fromFiveM(identifiersOf(src)));
  });
  on("playerDropped", () => economy.playerDisconnected(String(source)));
  on("onResourceStop", (name) => {
    if (name === resource) economy.stop();
  });
  for (const [name, fn] of Object.entries(api)) exports(name, fn);
  on("economy:call", (op, requestId, ...args) => handleCall(api, op, requestId, args, (id, error, result) => emit("economy:result", id, error, result)));
  economy.onOutcome((notice) => emit("economy:outcome", notice));
  var clientMayAsk = clientLimiter(1e3);
  onNet("economy:balance", () => {
    const src = String(source);
    if (!clientMayAsk(src)) return;
    economy.balance(src).then(
      (b) => emitNet("economy:balance", Number(src), null, b),
      (e) => emitNet("economy:balance", Number(src), e.toJSON ? e.toJSON() : { code: "internal_error" }, null)
    );
  });
  onNet("economy:link", (code) => {
    const src = String(source);
    if (!clientMayAsk(src)) return;
    chatCommand(economy, src, typeof code === "string" ? [code] : []);
  });
  RegisterCommand(settings.chatCommand, (src, args) => {
    if (Number(src) > 0 && clientMayAsk(String(src))) chatCommand(economy, String(src), args);
  }, false);
})();
