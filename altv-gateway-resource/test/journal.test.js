import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Journal } from '../src/core/journal.js';
import { tempDir, removeDir } from './support/core.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cmd = (key, amount = 1) => ({ key, command: { type: 'transfer', idempotencyKey: key, amountMinor: amount }, meta: { op: 'pay', eventId: key } });

test('entries survive a reopen in order; done entries do not come back', async () => {
  const dir = await tempDir();
  const j = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16 });
  assert.deepEqual(await j.open(), []);
  const appended = [];
  for (let i = 0; i < 10; i++) appended.push(j.append(cmd(`k${i}`)));
  await Promise.all(appended.map((a) => a.durable));
  j.markDone([appended[0].entry.seq, appended[4].entry.seq]);
  await j.close();
  const again = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16 });
  const pending = await again.open();
  assert.deepEqual(pending.map((e) => e.key), ['k1', 'k2', 'k3', 'k5', 'k6', 'k7', 'k8', 'k9']);
  assert.deepEqual(pending[0].command, { type: 'transfer', idempotencyKey: 'k1', amountMinor: 1 });
  await again.close();
  await removeDir(dir);
});

test('a torn last line (a write that never finished) is cut off, and later lines stay readable', async () => {
  const dir = await tempDir();
  const j = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16 });
  await j.open();
  await j.append(cmd('whole')).durable;
  await j.close();
  const [file] = (await readdir(dir)).filter((n) => n.endsWith('.log'));
  await appendFile(path.join(dir, file), '{"s":2,"k":"torn","b":{"ty');
  const again = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16 });
  assert.deepEqual((await again.open()).map((e) => e.key), ['whole']);
  assert.equal((await readFile(path.join(dir, file), 'utf8')).endsWith('\n'), true, 'the torn tail was cut');
  await again.append(cmd('after')).durable;
  await again.close();
  const third = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 1 << 16 });
  assert.deepEqual((await third.open()).map((e) => e.key), ['whole', 'after']);
  await third.close();
  await removeDir(dir);
});

test('at its bound the journal refuses new commands with journal_full and writes nothing of them', async () => {
  const dir = await tempDir();
  const j = new Journal({ dir, maxBytes: 4096, segmentBytes: 1024 });
  await j.open();
  let accepted = 0;
  let refusal;
  for (let i = 0; i < 1000 && !refusal; i++) {
    try {
      await j.append(cmd(`fill-${i}`)).durable;
      accepted++;
    } catch (e) {
      refusal = e;
    }
  }
  assert.equal(refusal.code, 'journal_full');
  assert.ok(accepted > 10 && j.bytes <= 4096, `accepted ${accepted}, ${j.bytes} bytes`);
  const before = j.bytes;
  assert.throws(() => j.append(cmd('one-more')), { code: 'journal_full' });
  assert.equal(j.bytes, before);
  // Outcomes free space: once everything is done the old segments are deleted and commands are taken again.
  j.markDone([...j.pendingSegments.keys()]);
  for (let n = 0; n < 200 && j.bytes >= before / 2; n++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(j.bytes < before / 2, `after the outcomes ${j.bytes} bytes`);
  await j.append(cmd('room-again')).durable;
  await j.close();
  const again = new Journal({ dir, maxBytes: 4096, segmentBytes: 1024 });
  assert.deepEqual((await again.open()).map((e) => e.key), ['room-again']);
  await again.close();
  await removeDir(dir);
});

test('segments are deleted once they and every older segment hold nothing pending', async () => {
  const dir = await tempDir();
  const j = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 512 });
  await j.open();
  const all = [];
  for (let i = 0; i < 40; i++) all.push(await (async () => { const a = j.append(cmd(`s${i}`)); await a.durable; return a.entry; })());
  const files = async () => (await readdir(dir)).filter((n) => n.endsWith('.log')).length;
  const many = await files();
  assert.ok(many > 3, `${many} segments`);
  // Everything but the very first entry done: no segment may go (the oldest still holds it).
  j.markDone(all.slice(1).map((e) => e.seq));
  await j.flushed(); await new Promise((r) => setTimeout(r, 30));
  assert.ok((await files()) >= many, 'nothing deleted while the oldest segment holds a pending entry');
  j.markDone([all[0].seq]);
  for (let n = 0; n < 200 && (await files()) > 2; n++) await new Promise((r) => setTimeout(r, 10));
  assert.ok((await files()) <= 2, `${await files()} segments left`);
  await j.close();
  const again = new Journal({ dir, maxBytes: 1 << 20, segmentBytes: 512 });
  assert.deepEqual(await again.open(), []);
  await again.close();
  await removeDir(dir);
});

test('kill -9 of a process appending: every acknowledged command is in the journal after the restart', async () => {
  const dir = await tempDir();
  const child = spawn(process.execPath, [path.join(here, 'support/journal-child.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked = [];
  let buffer = '';
  await new Promise((resolve) => {
    child.stdout.on('data', (d) => {
      buffer += d;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      acked.push(...lines);
      if (acked.length >= 2000 && !child.killed) {
        child.kill('SIGKILL');
      }
    });
    child.on('exit', resolve);
  });
  assert.equal(child.signalCode, 'SIGKILL');
  const j = new Journal({ dir, maxBytes: 64 << 20, segmentBytes: 16 * 1024 });
  const pending = await j.open();
  const keys = new Set(pending.map((e) => e.key));
  const missing = acked.filter((k) => !keys.has(k));
  assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged commands lost`);
  // In order, each once.
  const seqs = pending.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  assert.equal(keys.size, pending.length);
  await j.close();
  await removeDir(dir);
});
