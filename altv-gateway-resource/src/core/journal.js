import nodeFs from 'node:fs';
import path from 'node:path';
import { EconomyError, Codes } from './errors.js';

/**
 * @typedef {Object} JournalEntry
 * @property {number} seq position in the journal (increasing)
 * @property {string} key the command's idempotency key
 * @property {Record<string, unknown>} command the ingress command exactly as it is sent
 * @property {Record<string, unknown>} meta what the outcome is delivered with (op, eventId, playerId)
 * @property {number} at when it was journaled (ms since the epoch)
 * @property {number} [segment] the file it is in
 */

const SEGMENT = /^segment-(\d{9})\.log$/;

/**
 * An append-only journal on disk: write-ahead for every money command. A command is acknowledged
 * as queued only once its line is on disk (fdatasync); when its outcome is known a "done" line
 * records that. After a restart every command without its done line is pending again, in journal
 * order.
 *
 * Lines are JSON: `{"s":seq,"k":key,"b":command,"m":meta,"t":time}` for a command, `{"d":[seq,...]}`
 * for outcomes. Files are segments of about `segmentBytes`; a segment is deleted once it and every
 * older segment hold nothing pending. The journal holds at most `maxBytes` (all segments): a command
 * that would pass the bound is refused with `journal_full` and nothing of it is written. Done lines
 * are always written (they free space), so the files may pass the bound by those small lines.
 *
 * Writes are grouped: every line queued while one write and fdatasync run goes into the next one
 * (one system call and one flush for many commands). All file work is asynchronous (libuv's
 * thread pool): the caller's thread never waits for the disk.
 */
export class Journal {
  /**
   * @param {{dir: string, maxBytes: number, segmentBytes: number, log?: (level: string, msg: string) => void, fs?: typeof nodeFs}} options
   */
  constructor({ dir, maxBytes, segmentBytes, log, fs }) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentBytes = segmentBytes;
    this.log = log || (() => {});
    this.fs = fs || nodeFs;
    /** @type {{id: number, size: number, pending: number}[]} oldest first; the last one is written to */
    this.segments = [];
    /** @type {number | null} */
    this.fd = null;
    this.nextSeq = 1;
    /** bytes on disk plus bytes queued for writing */
    this.bytes = 0;
    /** @type {Map<number, number>} seq -> segment id of every pending entry */
    this.pendingSegments = new Map();
    /** @type {{line: string, size: number, resolve: () => void, reject: (e: Error) => void, onWritten?: (segment: number) => void}[]} */
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
    /** @type {Map<number, JournalEntry>} */
    const entries = new Map();
    const done = new Set();
    let lastId = 0;
    for (const name of names) {
      const id = Number(/** @type {RegExpExecArray} */ (SEGMENT.exec(name))[1]);
      lastId = Math.max(lastId, id);
      const file = path.join(this.dir, name);
      const content = await fsp.readFile(file);
      let end = content.lastIndexOf(0x0a) + 1;
      if (end < content.length) {
        // A line without its newline: a write that never completed, so never acknowledged.
        this.log('warn', `journal: ${name} ends in an incomplete line (${content.length - end} bytes), cut off`);
        await fsp.truncate(file, end);
      }
      const lines = content.subarray(0, end).toString('utf8').split('\n');
      for (const line of lines) {
        if (line === '') continue;
        let record;
        try {
          record = JSON.parse(line);
        } catch {
          this.corruptLines++;
          this.log('error', `journal: ${name} holds a line that is not JSON; skipped`);
          continue;
        }
        if (Array.isArray(record.d)) {
          for (const seq of record.d) done.add(seq);
        } else if (typeof record.s === 'number' && typeof record.k === 'string') {
          entries.set(record.s, { seq: record.s, key: record.k, command: record.b, meta: record.m || {}, at: record.t, segment: id });
          this.nextSeq = Math.max(this.nextSeq, record.s + 1);
        }
      }
      this.segments.push({ id, size: end, pending: 0 });
      this.bytes += end;
    }
    const pending = [...entries.values()].filter((e) => !done.has(e.seq)).sort((a, b) => a.seq - b.seq);
    for (const entry of pending) {
      const segment = /** @type {number} */ (entry.segment);
      this.pendingSegments.set(entry.seq, segment);
      this.bump(segment, 1);
    }
    await this.openSegment(lastId + 1);
    await this.dropDoneSegments();
    if (pending.length) this.log('info', `journal: ${pending.length} commands pending from before the restart`);
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
    if (this.closed) throw new EconomyError(Codes.STOPPED, 'the economy core is stopped');
    if (this.broken) throw new EconomyError(Codes.JOURNAL_WRITE_FAILED, 'the journal cannot be written (see the log); the command was not queued');
    const seq = this.nextSeq;
    const at = Date.now();
    // The line stays a string until the write (one Buffer for all lines of a write, not one per call).
    const line = JSON.stringify({ s: seq, k: item.key, b: item.command, m: item.meta, t: at }) + '\n';
    const size = Buffer.byteLength(line, 'utf8');
    if (this.bytes + size > this.maxBytes) {
      throw new EconomyError(Codes.JOURNAL_FULL, `the journal holds ${this.bytes} bytes, its bound is ${this.maxBytes}: the command was refused, not queued (the backend has been unreachable too long)`);
    }
    this.nextSeq++;
    this.bytes += size;
    /** @type {JournalEntry} */
    const entry = { seq, key: item.key, command: item.command, meta: item.meta, at };
    /** @type {Promise<void>} */
    const durable = new Promise((resolve, reject) => {
      this.queue.push({
        line,
        size,
        resolve,
        reject: (e) => { this.bytes -= size; reject(e); },
        onWritten: (segment) => {
          entry.segment = segment;
          this.pendingSegments.set(seq, segment);
          this.bump(segment, 1);
        },
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
      const seg = this.segmentById(/** @type {number} */ (this.pendingSegments.get(seq)));
      if (seg) seg.pending--;
      this.pendingSegments.delete(seq);
    }
    const line = JSON.stringify({ d: known }) + '\n';
    const size = Buffer.byteLength(line, 'utf8');
    this.bytes += size;
    /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
      this.queue.push({ line, size, resolve, reject: (e) => { this.bytes -= size; reject(e); } });
      this.kick();
    })).then(() => this.dropDoneSegments(), (e) => this.log('error', `journal: writing outcomes failed: ${e.message}`));
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
      await new Promise((r) => this.fs.close(fd, () => r(undefined)));
    }
  }

  /**
   * Stops at once as a crash would: lines not yet written are lost (their callers were never told
   * they were queued), the file is closed. For tests of recovery.
   */
  crash() {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new EconomyError(Codes.STOPPED, 'crashed'));
    if (this.fd !== null) {
      try { this.fs.closeSync(this.fd); } catch { /* already closed */ }
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
    const name = `segment-${String(id).padStart(9, '0')}.log`;
    /** @type {number} */
    const fd = await new Promise((resolve, reject) =>
      this.fs.open(path.join(this.dir, name), 'a', (e, opened) => (e ? reject(e) : resolve(opened))));
    if (this.fd !== null) {
      const old = this.fd;
      this.fs.close(old, () => {});
    }
    this.fd = fd;
    this.segments.push({ id, size: 0, pending: 0 });
    await this.syncDir();
  }

  /** A new or deleted file is durable only once its folder is. */
  async syncDir() {
    try {
      const dirFd = await this.fs.promises.open(this.dir, 'r');
      try { await dirFd.sync(); } finally { await dirFd.close(); }
    } catch { /* not every file system syncs folders */ }
  }

  /** Deletes the oldest segments while they, and every older one, hold nothing pending. */
  async dropDoneSegments() {
    let dropped = false;
    while (this.segments.length > 1 && this.segments[0].pending === 0) {
      const seg = /** @type {{id: number, size: number, pending: number}} */ (this.segments.shift());
      const file = path.join(this.dir, `segment-${String(seg.id).padStart(9, '0')}.log`);
      try {
        await this.fs.promises.unlink(file);
      } catch (e) {
        this.log('warn', `journal: could not delete ${file}: ${/** @type {Error} */ (e).message}`);
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
        this.log('error', `journal: cannot begin a new segment: ${/** @type {Error} */ (e).message}`);
      }
      current = this.segments[this.segments.length - 1];
    }
    const buf = Buffer.from(batch.length === 1 ? batch[0].line : batch.map((b) => b.line).join(''), 'utf8');
    const fd = /** @type {number} */ (this.fd);
    const before = current.size;
    try {
      await writeAll(this.fs, fd, buf);
      await new Promise((resolve, reject) => this.fs.fdatasync(fd, (e) => (e ? reject(e) : resolve(undefined))));
    } catch (e) {
      const failure = new EconomyError(Codes.JOURNAL_WRITE_FAILED, `writing the journal failed: ${/** @type {Error} */ (e).message}; the command was not queued`);
      this.log('error', failure.message);
      // Take back whatever part of the lines reached the file: unacknowledged lines must not come back after a restart.
      await new Promise((resolve) => this.fs.ftruncate(fd, before, (err) => {
        if (err) {
          this.broken = true;
          this.log('error', `journal: could not undo a failed write (${err.message}); refusing new commands`);
        }
        resolve(undefined);
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
}

/**
 * @param {typeof nodeFs} fs
 * @param {number} fd
 * @param {Buffer} buf
 */
async function writeAll(fs, fd, buf) {
  let offset = 0;
  while (offset < buf.length) {
    offset += await new Promise((resolve, reject) =>
      fs.write(fd, buf, offset, buf.length - offset, null, (e, written) => (e ? reject(e) : resolve(written))));
  }
}
