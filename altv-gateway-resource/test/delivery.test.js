// Batching, store-and-forward and delivery of outcomes, against the stand-in backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBackend } from './support/fake-backend.js';
import { startCore, linkedPlayer, removeDir } from './support/core.js';

const setup = async (env = {}, backendOptions = {}) => {
  const backend = await new FakeBackend(backendOptions).start();
  const core = await startCore(backend, env);
  await linkedPlayer(backend, core.economy, '1', 'p1');
  await linkedPlayer(backend, core.economy, '2', 'p2');
  return { backend, ...core };
};
const teardown = async ({ backend, economy, journalDir }) => {
  await economy.stop();
  await backend.stop();
  await removeDir(journalDir);
};

test('commands are collected into batches of at most the batch size', async () => {
  const ctx = await setup({ ECONOMY_GAME_BATCH_SIZE: '25', ECONOMY_GAME_BATCH_DELAY_MS: '50' });
  const calls = [];
  for (let i = 0; i < 100; i++) calls.push(ctx.economy.payWage('1', 10, { eventId: `w${i}` }));
  const outcomes = await Promise.all(calls);
  assert.equal(outcomes.every((o) => o.status === 'COMPLETED' && o.op === 'wage'), true);
  assert.ok(ctx.backend.batches.every((n) => n <= 25), JSON.stringify(ctx.backend.batches));
  assert.ok(ctx.backend.batches.length <= 8, `${ctx.backend.batches.length} batches for 100 commands`);
  assert.equal(ctx.backend.balance('player:p1:wallet'), 1000);
  assert.equal(outcomes[0].idempotencyKey, 'eu1:wage:w0');
  await teardown(ctx);
});

test('a lone command leaves after the batch delay (time limit)', async () => {
  const ctx = await setup({ ECONOMY_GAME_BATCH_SIZE: '100', ECONOMY_GAME_BATCH_DELAY_MS: '40' });
  const started = Date.now();
  const outcome = await ctx.economy.payWage('1', 10, { eventId: 'lone' });
  assert.equal(outcome.status, 'COMPLETED');
  assert.ok(Date.now() - started >= 35, 'waited for the batch to fill');
  assert.deepEqual(ctx.backend.batches, [1]);
  await teardown(ctx);
});

test('every money operation builds the ingress command the backend reads', async () => {
  const ctx = await setup();
  const seen = [];
  ctx.backend.perCommand = (cmd) => { seen.push(cmd); return null; };
  await ctx.economy.payWage('1', 1000, { eventId: 'pay-1', memo: 'week 1', account: 'wallet' });
  await ctx.economy.deposit('1', 300, { eventId: 'atm-1' });
  await ctx.economy.withdraw('1', 100, { eventId: 'atm-2', reason: 'atm' });
  await ctx.economy.transfer('1', '2', 50, { eventId: 'give-1', toAccount: 'bank' });
  await ctx.economy.transfer({ playerId: 'p1' }, { playerId: 'p2' }, 5, { eventId: 'give-2', fromAccount: 'bank' });
  await ctx.economy.pay('1', 20, { eventId: 'shop-1' });
  await ctx.economy.pay('1', 2n, { eventId: 'fee-1', kind: 'fee', reason: 'parking' });
  assert.deepEqual(seen, [
    { type: 'transfer', idempotencyKey: 'eu1:wage:pay-1', amountMinor: 1000, memo: 'week 1', fromAccountId: 'system:payroll', toAccountId: 'player:p1:wallet', reasonCode: 'salary' },
    { type: 'deposit', playerId: 'p1', idempotencyKey: 'eu1:deposit:atm-1', amountMinor: 300 },
    { type: 'withdrawal', playerId: 'p1', idempotencyKey: 'eu1:withdraw:atm-2', amountMinor: 100, reasonCode: 'atm' },
    { type: 'transfer', idempotencyKey: 'eu1:transfer:give-1', amountMinor: 50, fromAccountId: 'player:p1:wallet', toAccountId: 'player:p2:bank', reasonCode: 'transfer' },
    { type: 'transfer', idempotencyKey: 'eu1:transfer:give-2', amountMinor: 5, fromAccountId: 'player:p1:bank', toAccountId: 'player:p2:wallet', reasonCode: 'transfer' },
    { type: 'transfer', idempotencyKey: 'eu1:pay:shop-1', amountMinor: 20, fromAccountId: 'player:p1:wallet', toAccountId: 'system:purchases', reasonCode: 'purchase' },
    { type: 'transfer', idempotencyKey: 'eu1:pay:fee-1', amountMinor: 2, fromAccountId: 'player:p1:wallet', toAccountId: 'system:fees', reasonCode: 'parking' },
  ]);
  await teardown(ctx);
});

test('a 4xx answer for one command is delivered to its caller once and never retried; the others complete', async () => {
  const ctx = await setup();
  const notices = [];
  ctx.economy.onOutcome((n) => notices.push(n));
  const poor = ctx.economy.pay('2', 500, { eventId: 'too-expensive' });
  const fine = ctx.economy.payWage('1', 500, { eventId: 'fine' });
  await assert.rejects(poor, (e) => e.code === 'insufficient_funds' && e.status === 422 && e.key === 'eu1:pay:too-expensive');
  assert.equal((await fine).status, 'COMPLETED');
  await ctx.economy.idle();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(ctx.backend.batches.reduce((a, b) => a + b, 0), 2, 'sent once each');
  assert.equal(ctx.economy.stats().journalPending, 0);
  assert.deepEqual(notices.map((n) => [n.eventId, n.error && n.error.code]).sort(), [['fine', null], ['too-expensive', 'insufficient_funds']]);
  await teardown(ctx);
});

test('while the backend answers 5xx or is unreachable commands wait in the journal, then go in order, each paid once', async () => {
  const ctx = await setup({ ECONOMY_GAME_BATCH_SIZE: '10' });
  ctx.backend.mode = 503;
  const order = [];
  const calls = [];
  for (let i = 0; i < 30; i++) calls.push(ctx.economy.payWage('1', i + 1, { eventId: `o${i}` }).then((o) => order.push(o.eventId)));
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(ctx.backend.applied.length, 0);
  assert.equal(ctx.economy.stats().journalPending, 30);
  assert.equal(ctx.economy.stats().backendReachable, false);
  ctx.backend.mode = 'drop';
  await new Promise((r) => setTimeout(r, 150));
  ctx.backend.mode = 'ok';
  await Promise.all(calls);
  assert.deepEqual(ctx.backend.applied, Array.from({ length: 30 }, (_, i) => `eu1:wage:o${i}`));
  assert.deepEqual(order, Array.from({ length: 30 }, (_, i) => `o${i}`));
  assert.equal(ctx.backend.balance('player:p1:wallet'), (30 * 31) / 2);
  await teardown(ctx);
});

test('a 5xx for one command of a batch retries that command only; its key makes a repeat harmless', async () => {
  const ctx = await setup();
  let failures = 2;
  ctx.backend.perCommand = (cmd) => (cmd.idempotencyKey === 'eu1:wage:flaky' && failures-- > 0 ? { status: 503, code: 'command_timeout' } : null);
  const [a, b, c] = await Promise.all(['before', 'flaky', 'after'].map((e) => ctx.economy.payWage('1', 7, { eventId: e })));
  assert.deepEqual([a.status, b.status, c.status], ['COMPLETED', 'COMPLETED', 'COMPLETED']);
  assert.equal(ctx.backend.applied.filter((k) => k === 'eu1:wage:flaky').length, 1);
  assert.equal(ctx.backend.balance('player:p1:wallet'), 21);
  await teardown(ctx);
});

test('the same event sent twice (a resource retrying) moves money once; the second answer says replayed', async () => {
  const ctx = await setup();
  const first = await ctx.economy.payWage('1', 100, { eventId: 'job-77' });
  const second = await ctx.economy.payWage('1', 100, { eventId: 'job-77' });
  assert.equal(first.replayed, false);
  assert.equal(second.replayed, true);
  assert.equal(second.transferId, first.transferId);
  // Concurrent duplicates too.
  const many = await Promise.all(Array.from({ length: 20 }, () => ctx.economy.payWage('1', 100, { eventId: 'job-78' })));
  assert.equal(new Set(many.map((o) => o.transferId)).size, 1);
  assert.equal(ctx.backend.balance('player:p1:wallet'), 200);
  // The same event with other content is refused by the backend, delivered to the caller.
  await assert.rejects(ctx.economy.payWage('1', 999, { eventId: 'job-77' }), { code: 'idempotency_conflict' });
  await teardown(ctx);
});

test('a batch refused whole (413) is sent in halves; a whole-batch 400 ends with the one command it is about', async () => {
  const ctx = await setup({ ECONOMY_GAME_BATCH_SIZE: '40', ECONOMY_GAME_BATCH_DELAY_MS: '30' });
  ctx.backend.mode = '413-over:15';
  const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => ctx.economy.payWage('1', 1, { eventId: `h${i}` })));
  assert.equal(outcomes.length, 40);
  assert.equal(ctx.backend.applied.length, 40);
  assert.ok(ctx.backend.batches.includes(40) && ctx.backend.batches.some((n) => n <= 15), JSON.stringify(ctx.backend.batches));
  ctx.backend.mode = 400;
  await assert.rejects(ctx.economy.payWage('1', 1, { eventId: 'unreadable' }), { code: 'validation_failed' });
  await teardown(ctx);
});

test('the service token is renewed before it expires, and fetched again after a 401', async () => {
  const ctx = await setup({}, { tokenTtl: 1 });
  const fetchesBefore = ctx.backend.tokenFetches;
  await new Promise((r) => setTimeout(r, 2500));
  assert.ok(ctx.backend.tokenFetches >= fetchesBefore + 2, `renewed ${ctx.backend.tokenFetches - fetchesBefore} times in 2.5 s for a 1 s token`);
  ctx.backend.tokens.clear();
  const outcome = await ctx.economy.payWage('1', 5, { eventId: 'after-revocation' });
  assert.equal(outcome.status, 'COMPLETED');
  await teardown(ctx);
});

test('wrong credentials: commands stay journaled (nothing is lost) and go once the secret is right', async () => {
  const backend = await new FakeBackend().start();
  backend.links.set('fivem-license:' + 'a'.repeat(40), 'p1');
  const real = backend.clientSecret;
  backend.clientSecret = 'y'.repeat(40);
  const ctx = await startCore(backend, { ECONOMY_GAME_CLIENT_SECRET: real });
  const wage = ctx.economy.payWage({ playerId: 'p1' }, 5, { eventId: 'waits' });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(ctx.economy.stats().journalPending, 1);
  assert.ok(ctx.logs.some((l) => l.includes('invalid_client')));
  backend.clientSecret = real;
  assert.equal((await wage).status, 'COMPLETED');
  await teardown({ backend, ...ctx });
});

test('the journal survives a restart of the game server: pending commands are sent and their outcomes delivered to onOutcome', async () => {
  const backend = await new FakeBackend().start();
  backend.mode = 503;
  const first = await startCore(backend);
  const queued = [];
  const calls = [];
  for (let i = 0; i < 12; i++) {
    const p = first.economy.payWage({ playerId: 'p1' }, 10, { eventId: `r${i}`, onQueued: (key) => queued.push(key) });
    calls.push(p.catch(() => 'lost'));
  }
  while (queued.length < 12) await new Promise((r) => setTimeout(r, 5));
  first.economy.crash();
  backend.mode = 'ok';
  const notices = [];
  const second = await startCore(backend, {}, { dir: first.journalDir });
  second.economy.onOutcome((n) => notices.push(n));
  await second.economy.idle();
  assert.equal(notices.length, 12);
  assert.equal(notices.every((n) => n.recovered && n.outcome && n.outcome.status === 'COMPLETED' && n.playerId === 'p1'), true);
  assert.deepEqual(notices.map((n) => n.eventId), Array.from({ length: 12 }, (_, i) => `r${i}`));
  assert.equal(backend.balance('player:p1:wallet'), 120);
  await second.economy.stop();
  const third = await startCore(backend, {}, { dir: first.journalDir });
  assert.equal(third.economy.stats().journalPending, 0, 'delivered commands do not come back');
  await teardown({ backend, ...third });
});

test('when the journal is full new money commands are refused with journal_full, none dropped silently', async () => {
  const ctx = await setup({ ECONOMY_GAME_JOURNAL_MAX_BYTES: '65536', ECONOMY_GAME_JOURNAL_SEGMENT_BYTES: '8192' });
  ctx.backend.mode = 503;
  const accepted = [];
  let refusal = null;
  for (let i = 0; i < 2000 && !refusal; i++) {
    const p = ctx.economy.payWage('1', 1, { eventId: `full-${i}`, memo: 'x'.repeat(100) });
    // Refusals are immediate (no disk), acceptances settle later.
    const early = await Promise.race([p.then(() => null, (e) => e), new Promise((r) => setTimeout(() => r(null), 0))]);
    if (early && early.code === 'journal_full') refusal = early;
    else accepted.push(p);
  }
  assert.ok(refusal, 'refused at the bound');
  assert.match(refusal.message, /bound/);
  ctx.backend.mode = 'ok';
  const outcomes = await Promise.all(accepted);
  assert.equal(outcomes.length, ctx.backend.applied.length, 'every accepted command was paid, once');
  // And the journal takes commands again, once the outcomes' lines are written and old segments deleted.
  await ctx.economy.idle();
  await ctx.economy.journal.flushed();
  for (let n = 0; n < 200 && ctx.economy.stats().journalBytes > 60000; n++) await new Promise((r) => setTimeout(r, 10));
  assert.equal((await ctx.economy.payWage('1', 1, { eventId: 'after-full' })).status, 'COMPLETED');
  await teardown(ctx);
});

test('callbacks get (null, outcome) or ({code, message}), once', async () => {
  const ctx = await setup();
  const got = await new Promise((resolve) => {
    const seen = [];
    ctx.economy.payWage('1', 5, { eventId: 'cb' }, (error, outcome) => { seen.push([error, outcome && outcome.status]); setTimeout(() => resolve(seen), 50); });
  });
  assert.deepEqual(got, [[null, 'COMPLETED']]);
  const err = await new Promise((resolve) => ctx.economy.pay('2', 1e6, { eventId: 'cb2' }, (e) => resolve(e)));
  assert.equal(err.code, 'insufficient_funds');
  await teardown(ctx);
});
