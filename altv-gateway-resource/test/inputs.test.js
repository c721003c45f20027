// Bad input from other resources is refused by the core with a clear error before anything is
// journaled or sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBackend } from './support/fake-backend.js';
import { startCore, linkedPlayer } from './support/core.js';

let backend, economy;
before(async () => {
  backend = await new FakeBackend().start();
  ({ economy } = await startCore(backend));
  await linkedPlayer(backend, economy, '1', 'p1');
  await linkedPlayer(backend, economy, '2', 'p2');
});
after(async () => { await economy.stop(); await backend.stop(); });

const refused = async (promise, code, message) => {
  await assert.rejects(promise, (e) => {
    assert.equal(e.code, code, `code for ${message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
};

test('amounts that are not positive safe integers are refused, never coerced', async () => {
  const bytes = economy.stats().journalBytes;
  const cases = [
    [-5, /positive/], [0, /positive/], [1.5, /whole/], [NaN, /whole/], [Infinity, /whole/], [-0, /positive/],
    ['100', /number/], [null, /number/], [undefined, /number/], [{}, /number/], [[100], /number/],
    [2 ** 53, /at most/], [1e308, /at most/], [2n ** 63n, /at most/], [-1n, /positive/], [true, /number/],
  ];
  for (const [amount, message] of cases) {
    await refused(economy.pay('1', amount, { eventId: 'e1' }), 'invalid_argument', message);
  }
  assert.equal(economy.stats().journalBytes, bytes, 'nothing was journaled');
  assert.equal(backend.batches.length, 0, 'nothing was sent');
});

test('memos and event ids with NUL, control characters, lone surrogates or too long are refused', async () => {
  const bytes = economy.stats().journalBytes;
  await refused(economy.pay('1', 5, { eventId: 'e', memo: 'a\u0000b' }), 'invalid_argument', /control/);
  await refused(economy.pay('1', 5, { eventId: 'e', memo: 'line\nbreak' }), 'invalid_argument', /control/);
  await refused(economy.pay('1', 5, { eventId: 'e', memo: 'x\ud800' }), 'invalid_argument', /surrogate/);
  await refused(economy.pay('1', 5, { eventId: 'e', memo: '\udc00x' }), 'invalid_argument', /surrogate/);
  await refused(economy.pay('1', 5, { eventId: 'e', memo: 'm'.repeat(141) }), 'invalid_argument', /longer than 140/);
  await refused(economy.pay('1', 5, { eventId: 'e', memo: 42 }), 'invalid_argument', /string/);
  await refused(economy.pay('1', 5, { eventId: 'a\u0000' }), 'invalid_argument', /control/);
  await refused(economy.pay('1', 5, { eventId: '\ud83d' }), 'invalid_argument', /surrogate/);
  await refused(economy.pay('1', 5, { eventId: 'e'.repeat(201) }), 'invalid_argument', /longer than 200/);
  await refused(economy.pay('1', 5, {}), 'invalid_argument', /eventId is missing/);
  await refused(economy.pay('1', 5, { eventId: 7 }), 'invalid_argument', /string/);
  assert.equal(economy.stats().journalBytes, bytes);
  assert.equal(backend.batches.length, 0);
});

test('a memo of exactly 140 characters, emoji (surrogate pairs) included, is accepted', async () => {
  const memo = '😀'.repeat(70);
  assert.equal(memo.length, 140);
  backend.balances.set('player:p1:wallet', 100);
  const outcome = await economy.pay('1', 5, { eventId: 'emoji-memo', memo });
  assert.equal(outcome.status, 'COMPLETED');
});

test('unknown options, bad reasons, accounts, kinds, players and callbacks are refused', async () => {
  await refused(economy.pay('1', 5, { eventID: 'e' }), 'invalid_argument', /unknown option 'eventID'/);
  await refused(economy.pay('1', 5, { eventId: 'e', reason: 'Bad Reason' }), 'invalid_argument', /reason/);
  await refused(economy.pay('1', 5, { eventId: 'e', account: 'savings' }), 'invalid_argument', /wallet/);
  await refused(economy.pay('1', 5, { eventId: 'e', kind: 'tax' }), 'invalid_argument', /purchase/);
  await refused(economy.pay('1', 5, 'e'), 'invalid_argument', /options must be an object/);
  await refused(economy.pay('1', 5, new Date()), 'invalid_argument', /plain object/);
  await refused(economy.pay('99', 5, { eventId: 'e' }), 'player_not_connected');
  await refused(economy.pay({ playerId: 'x'.repeat(65) }, 5, { eventId: 'e' }), 'invalid_argument', /player id/);
  await refused(economy.pay({ playerId: 'a\u0000' }, 5, { eventId: 'e' }), 'invalid_argument', /player id/);
  await refused(economy.transfer('1', '1', 5, { eventId: 'e' }), 'invalid_argument', /same account/);
  await refused(economy.pay('1', 5, { eventId: 'e' }, 'not a function'), 'invalid_argument', /callback/);
  await refused(economy.pay('1', 5, { eventId: 'e', onQueued: 3 }), 'invalid_argument', /onQueued/);
  assert.equal(backend.applied.filter((k) => !k.endsWith('emoji-memo')).length, 0);
});

test('a refusal reaches a callback as a plain {code, message}', async () => {
  const error = await new Promise((resolve) => economy.pay('1', -1, { eventId: 'e' }, (err) => resolve(err)));
  assert.equal(error.code, 'invalid_argument');
  assert.equal(typeof error.message, 'string');
});
