// End to end: the real backend (the application's jar on PostgreSQL and Redis), driven through the
// core by a simulated game server with many players. The backend is killed with SIGKILL in the
// middle of the traffic, the game server crashes too while the backend is down, both come back,
// and the test shows that every command the game server acknowledged was delivered exactly once
// and that every balance is what the simulated players did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Economy, readSettings, fromFiveM, fromAltV } from '../src/core/index.js';
import { Backend, Api, resetDatabase, flushRedis, sha256hex, secret, inParallel, random, env, moduleDir } from './harness.js';

const PLAYERS = Number(env('GW_E2E_PLAYERS', '40'));
const OPS = Number(env('GW_E2E_OPS', '1500'));
const SEED = Number(env('GW_E2E_SEED', String(Date.now() % 100000)));
const DB = env('GW_E2E_DB', 'economy_gw_e2e');
const REDIS_DB = Number(env('GW_E2E_REDIS_DB', '12'));
const WAGE = 100000;
const SAVED = 30000;

test('a simulated game server: kill -9 of the backend mid-run, a game server crash, every command exactly once', async (t) => {
  console.log(`# e2e: ${PLAYERS} players, ${OPS} commands, seed ${SEED}, database ${DB}, redis db ${REDIS_DB}`);
  const game = { id: 'gw-e2e-game', secret: secret() };
  const auditor = { id: 'gw-e2e-auditor', secret: secret() };
  await resetDatabase(DB);
  await flushRedis(REDIS_DB);
  const workDir = path.join(moduleDir, 'target', 'e2e');
  const backend = new Backend({
    db: DB, redisDb: REDIS_DB, workDir,
    clients: `${game.id}:game-server:${sha256hex(game.secret)},${auditor.id}:auditor:${sha256hex(auditor.secret)}`,
  });
  const journalRoot = await mkdtemp(path.join(os.tmpdir(), 'economy-gw-e2e-'));
  /** @type {Economy[]} */
  const cores = [];
  t.after(async () => {
    for (const c of cores) if (c.state === 'started') await c.stop();
    await backend.stop();
    await rm(journalRoot, { recursive: true, force: true });
  });

  let started = Date.now();
  await backend.start();
  console.log(`# backend ready in ${Date.now() - started} ms on ${backend.url}`);
  const api = new Api(backend.url);
  t.after(() => api.close());

  const chat = new Map();
  const codeInChat = async (handle) => {
    for (let n = 0; n < 100 && !/code (\w+)/.test(chat.get(handle) || ''); n++) await new Promise((r) => setTimeout(r, 50));
    return /code (\w+)/.exec(chat.get(handle))[1];
  };
  const newCore = async () => {
    const settings = readSettings((name) => ({
      ECONOMY_BACKEND_URL: backend.url,
      ECONOMY_GAME_CLIENT_ID: game.id,
      ECONOMY_GAME_CLIENT_SECRET: game.secret,
      ECONOMY_GAME_SERVER_ID: 'e2e-sim',
      ECONOMY_GAME_JOURNAL_DIR: path.join(journalRoot, 'journal'),
      ECONOMY_GAME_BATCH_SIZE: '50',
      ECONOMY_GAME_BATCH_DELAY_MS: '10',
      ECONOMY_GAME_RETRY_MIN_MS: '100',
      ECONOMY_GAME_RETRY_MAX_MS: '1000',
      ECONOMY_GAME_LINK_POLL_MS: '200',
    })[name]);
    const core = new Economy({ settings, platform: 'e2e', log: (level, msg) => { if (level !== 'info') console.log(`# core ${level}: ${msg}`); },
      message: (handle, text) => chat.set(handle, text) });
    await core.start();
    cores.push(core);
    return core;
  };

  // --- Players: registered on the website, linked with one-time codes both ways, logged in by game-login.
  started = Date.now();
  const players = await inParallel(Array.from({ length: PLAYERS }, (_, i) => i), 4, async (i) => {
    const username = `gwe2e${i}`;
    const password = `e2e password number ${i} ${SEED}`;
    const { playerId } = await api.register(username, password);
    const token = await api.login(username, password);
    // Half play on an alt:V server (social club id), half on FiveM (license).
    const identities = i % 2 === 0
      ? fromAltV({ socialId: String(1000000 + i), discordId: '0' })
      : fromFiveM([`license:${sha256hex(`license ${i}`).slice(0, 40)}`]);
    return { i, handle: String(i + 1), username, password, playerId, token, identities };
  });
  let core = await newCore();
  await Promise.all(players.map((p) => core.playerConnected(p.handle, p.identities)));
  // A code is used up by its first redemption, even one answered 503 on a loaded machine: then the
  // player asks for a new one, as a person would.
  await inParallel(players, 4, async (p) => {
    for (let attempt = 1; core.playerIdOf(p.handle) !== p.playerId; attempt++) {
      try {
        if (p.i % 2 === 0) {
          // The code the game server showed in chat, entered on the website by the player.
          const code = attempt === 1 ? await codeInChat(p.handle) : (await core.requestLinkCode(p.handle)).code;
          const answer = await api.call('POST', '/api/v1/link-codes/redeem', { token: p.token, body: { code } });
          if (answer.status === 200) return;
        } else {
          // A code from the website, typed in game.
          const { code } = (await api.call('POST', '/api/v1/link-codes', { token: p.token, expect: 200 })).body;
          await core.redeemLinkCode(p.handle, code);
          return;
        }
      } catch (e) {
        if (attempt >= 6) throw e;
      }
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  });
  for (let n = 0; n < 100 && players.some((p) => core.playerIdOf(p.handle) !== p.playerId); n++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(players.map((p) => core.playerIdOf(p.handle)), players.map((p) => p.playerId), 'every player logged in as themself');
  console.log(`# ${PLAYERS} players registered, linked and logged in in ${Date.now() - started} ms`);

  // --- Phase 1: wages and savings.
  /** @type {Map<string, number>} expected balance of every account */
  const expected = new Map();
  const add = (account, amount) => expected.set(account, (expected.get(account) || 0) + amount);
  const wallet = (p) => `player:${p.playerId}:wallet`;
  const bank = (p) => `player:${p.playerId}:bank`;
  await Promise.all(players.map((p) => core.payWage(p.handle, WAGE, { eventId: `wage-${p.i}` })));
  await Promise.all(players.map((p) => core.deposit(p.handle, SAVED, { eventId: `save-${p.i}` })));
  for (const p of players) { add(wallet(p), WAGE - SAVED); add(bank(p), SAVED); }
  add('system:payroll', -WAGE * PLAYERS);

  // --- Hostile input from other resources, against the real backend: refused by the core before the
  // journal; repeated and concurrent calls of one event move money once; the backend's refusals
  // reach the caller once.
  const probe = players[1];
  const journalBytes = core.stats().journalBytes;
  const hostile = [
    [-5, {}], [0, {}], [1.5, {}], [NaN, {}], [Infinity, {}], ['100', {}], [2 ** 53, {}], [2n ** 63n, {}],
    [5, { memo: 'nul\u0000byte' }], [5, { memo: 'lone \ud800 surrogate' }], [5, { memo: 'm'.repeat(141) }],
    [5, { eventId: undefined }], [5, { eventId: 'x'.repeat(201) }], [5, { eventID: 'typo' }], [5, { reason: 'DROP TABLE' }],
  ];
  for (const [amount, extra] of hostile) {
    await assert.rejects(core.pay(probe.handle, amount, { eventId: 'hostile', ...extra }), { code: 'invalid_argument' }, JSON.stringify([String(amount), extra]));
  }
  assert.equal(core.stats().journalBytes, journalBytes, 'nothing of the hostile calls was journaled');
  const emoji = await core.pay(probe.handle, 1, { eventId: 'memo-140', memo: '💸'.repeat(70) });
  assert.equal(emoji.status, 'COMPLETED', 'a memo of 140 UTF-16 units (70 emoji) is accepted by the backend');
  const same = await Promise.all(Array.from({ length: 20 }, () => core.pay(probe.handle, 7, { eventId: 'double-click', memo: 'same event' })));
  assert.equal(new Set(same.map((o) => o.transferId)).size, 1, 'twenty concurrent calls of one event: one transfer');
  assert.equal(same.filter((o) => !o.replayed).length, 1);
  await assert.rejects(core.pay(probe.handle, 8, { eventId: 'double-click' }), { code: 'idempotency_conflict' });
  await assert.rejects(core.pay(probe.handle, 10 ** 12, { eventId: 'too-rich' }), { code: 'insufficient_funds' });
  add(wallet(probe), -8); add('system:purchases', 8);
  console.log('# hostile inputs refused before the journal; 20 concurrent calls of one event moved money once');

  // --- Phase 2: the players' doings, planned so that every command is valid in any order
  // (each account's debits stay within what it held before the phase).
  const rnd = random(SEED);
  const pick = () => players[Math.floor(rnd() * players.length)];
  const budget = new Map(players.flatMap((p) => [[wallet(p), WAGE - SAVED], [bank(p), SAVED]]));
  const plan = [];
  while (plan.length < OPS) {
    const p = pick();
    const r = rnd();
    const amount = 1 + Math.floor(rnd() * 500);
    const id = `op-${plan.length}`;
    const spend = (account) => {
      if (budget.get(account) < amount) return false;
      budget.set(account, budget.get(account) - amount);
      return true;
    };
    if (r < 0.3) {
      const q = pick();
      if (q === p || !spend(wallet(p))) continue;
      plan.push({ id, op: 'transfer', args: [p, q], amount, moves: [[wallet(p), -amount], [wallet(q), amount]] });
    } else if (r < 0.5) {
      if (!spend(wallet(p))) continue;
      plan.push({ id, op: 'pay', args: [p], amount, kind: 'purchase', moves: [[wallet(p), -amount], ['system:purchases', amount]] });
    } else if (r < 0.6) {
      if (!spend(wallet(p))) continue;
      plan.push({ id, op: 'pay', args: [p], amount, kind: 'fee', moves: [[wallet(p), -amount], ['system:fees', amount]] });
    } else if (r < 0.75) {
      if (!spend(wallet(p))) continue;
      plan.push({ id, op: 'deposit', args: [p], amount, moves: [[wallet(p), -amount], [bank(p), amount]] });
    } else if (r < 0.9) {
      if (!spend(bank(p))) continue;
      plan.push({ id, op: 'withdraw', args: [p], amount, moves: [[bank(p), -amount], [wallet(p), amount]] });
    } else {
      plan.push({ id, op: 'wage', args: [p], amount, moves: [['system:payroll', -amount], [wallet(p), amount]] });
    }
  }
  for (const c of plan) for (const [account, amount] of c.moves) add(account, amount);

  /** every outcome delivered, by event id: from callers' promises and from onOutcome after the restart */
  const delivered = new Map();
  const note = (eventId, how, outcome, error) => {
    const list = delivered.get(eventId) || [];
    list.push({ how, status: outcome && outcome.status, error: error && error.code });
    delivered.set(eventId, list);
  };
  const acknowledged = new Set();
  const issue = (c, on, handleOf) => {
    const options = { eventId: c.id, memo: `e2e ${c.op} ${c.id}`, onQueued: () => acknowledged.add(c.id) };
    let p;
    if (c.op === 'transfer') p = on.transfer(handleOf(c.args[0]), handleOf(c.args[1]), c.amount, options);
    else if (c.op === 'pay') p = on.pay(handleOf(c.args[0]), c.amount, { ...options, kind: c.kind });
    else if (c.op === 'deposit') p = on.deposit(handleOf(c.args[0]), c.amount, options);
    else if (c.op === 'withdraw') p = on.withdraw(handleOf(c.args[0]), c.amount, options);
    else p = on.payWage(handleOf(c.args[0]), c.amount, options);
    return p.then((o) => note(c.id, 'promise', o, null), (e) => note(c.id, 'promise', null, e));
  };
  const third = Math.floor(plan.length / 3);
  const pace = async (slice, on, handleOf) => {
    const done = [];
    for (let k = 0; k < slice.length; k += 25) {
      for (const c of slice.slice(k, k + 25)) done.push(issue(c, on, handleOf));
      await new Promise((r) => setTimeout(r, 15));
    }
    return done;
  };

  started = Date.now();
  // First third with the backend up (and the last commands of it in flight when the kill comes).
  const firstThird = await pace(plan.slice(0, third), core, (p) => p.handle);
  // Kill in the middle of the traffic: some commands answered, a batch in flight, the rest waiting.
  for (let n = 0; n < 600 && delivered.size < third / 4; n++) await new Promise((r) => setTimeout(r, 20));
  const deliveredBeforeKill = delivered.size;
  assert.ok(deliveredBeforeKill > 0 && deliveredBeforeKill < third, `${deliveredBeforeKill} answered before the kill`);
  await backend.kill9();
  console.log(`# backend killed with SIGKILL after ${third} commands issued, ${deliveredBeforeKill} answered; ${core.stats().journalPending} pending in the journal`);
  // Second third while the backend is down: journaled, acknowledged as queued.
  const secondThird = await pace(plan.slice(third, 2 * third), core, (p) => p.handle);
  for (let n = 0; n < 200 && plan.slice(0, 2 * third).some((c) => !acknowledged.has(c.id) && !delivered.has(c.id)); n++) await new Promise((r) => setTimeout(r, 10));
  const pendingAtCrash = core.stats().journalPending;
  assert.ok(pendingAtCrash >= third / 2, `${pendingAtCrash} commands wait in the journal`);
  // The game server dies too (nothing more written or sent); a new one starts on the same journal.
  core.crash();
  core = await newCore();
  core.onOutcome((n) => { if (n.recovered) note(n.eventId, 'recovered', n.outcome, n.error); });
  assert.equal(core.stats().journalPending, pendingAtCrash, 'the journal survived the game server\'s restart');
  const restartAt = Date.now();
  await backend.start();
  console.log(`# backend restarted in ${Date.now() - restartAt} ms (same database); game server restarted with ${pendingAtCrash} journaled commands`);
  await Promise.all(players.map((p) => core.playerConnected(p.handle, p.identities)));
  // Last third with both back.
  const lastThird = await pace(plan.slice(2 * third), core, (p) => p.handle);
  // The crashed game server's callers are gone with it (their promises never settle, as in a real
  // crash); their commands' outcomes arrive through onOutcome.
  void firstThird; void secondThird;
  await Promise.all(lastThird);
  await core.idle();
  for (let n = 0; n < 600 && plan.some((c) => !delivered.has(c.id)); n++) await new Promise((r) => setTimeout(r, 100));
  console.log(`# all ${plan.length} commands answered ${Date.now() - started} ms after the phase began`);
  assert.equal(core.stats().journalPending, 0, 'nothing left in the journal');

  // --- Every command: acknowledged or answered, and answered successfully at least once.
  const missing = plan.filter((c) => !(delivered.get(c.id) || []).some((d) => d.status === 'COMPLETED'));
  const refused = plan.filter((c) => (delivered.get(c.id) || []).some((d) => d.error && d.how !== 'promise'));
  // Commands of the crashed game server lose their callers (their promises never settle); their
  // outcomes come to onOutcome after the restart. Every other command's caller got its outcome.
  assert.deepEqual(missing.map((c) => [c.id, delivered.get(c.id)]), [], 'every command has a COMPLETED outcome');
  assert.deepEqual(refused.map((c) => c.id), []);
  const recovered = [...delivered.values()].filter((list) => list.some((d) => d.how === 'recovered')).length;
  console.log(`# outcomes: ${plan.length - recovered} to their callers, ${recovered} recovered from the journal after the restart`);

  // --- The ledger: balances as the players did, and each command exactly once in the history.
  const auditorToken = await api.serviceToken(auditor.id, auditor.secret);
  const accounts = [...expected.keys()];
  let mismatches = [];
  for (let n = 0; n < 60; n++) {
    const actual = await inParallel(accounts, 4, async (a) => (await api.call('GET', `/api/v1/accounts/${encodeURIComponent(a)}`, { token: auditorToken, expect: 200 })).body.balanceMinor);
    mismatches = accounts.map((a, k) => [a, expected.get(a), actual[k]]).filter(([, e, x]) => e !== x);
    if (mismatches.length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.deepEqual(mismatches, [], 'every balance is what the simulated players did');

  const byKey = new Map();
  await inParallel(players.flatMap((p) => [wallet(p), bank(p)]), 4, async (account) => {
    for (const entry of await api.history(auditorToken, account)) {
      const k = `${entry.idempotencyKey} ${entry.entryType} ${account}`;
      byKey.set(k, (byKey.get(k) || 0) + 1);
    }
  });
  const twice = [...byKey.entries()].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], 'no command moved money twice');
  let movements = 0;
  for (const c of plan) {
    for (const [account] of c.moves.filter(([a]) => a.startsWith('player:'))) {
      const type = c.moves.find(([a]) => a === account)[1] < 0 ? 'DEBIT' : 'CREDIT';
      const key = `e2e-sim:${c.op}:${c.id}`;
      assert.equal(byKey.get(`${key} ${type} ${account}`), 1, `${key} ${type} on ${account}`);
      movements++;
    }
  }
  console.log(`# ${movements} movements of the phase found exactly once in the players' histories; ${accounts.length} balances match`);

  // --- Moving from alt:V to FiveM: the alt:V player 0 joins a FiveM server; the FiveM license is
  // linked to the same player (code in chat, entered on the website) and the money is there.
  const mover = players[0];
  const fivemHandle = 'fivem-1';
  await core.playerConnected(fivemHandle, fromFiveM([`license:${sha256hex('mover').slice(0, 40)}`]));
  assert.equal(core.playerIdOf(fivemHandle), null);
  const code = await codeInChat(fivemHandle);
  await api.call('POST', '/api/v1/link-codes/redeem', { token: await api.login(mover.username, mover.password), body: { code }, expect: 200 });
  for (let n = 0; n < 50 && core.playerIdOf(fivemHandle) !== mover.playerId; n++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(core.playerIdOf(fivemHandle), mover.playerId, 'the FiveM identity logs in as the alt:V player');
  const balance = await core.balance(fivemHandle);
  assert.deepEqual(balance, { playerId: mover.playerId, walletMinor: expected.get(wallet(mover)), bankMinor: expected.get(bank(mover)) });
  console.log(`# player 0 moved from alt:V to FiveM with ${balance.walletMinor} + ${balance.bankMinor} minor units`);
});
