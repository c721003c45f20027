import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idempotencyKey, KEY_FORMAT } from '../src/core/keys.js';

test('the key is the event: same event, same key; another operation or server, another key', () => {
  assert.equal(idempotencyKey('eu1', 'pay', 'receipt-42'), 'eu1:pay:receipt-42');
  assert.equal(idempotencyKey('eu1', 'pay', 'receipt-42'), idempotencyKey('eu1', 'pay', 'receipt-42'));
  assert.notEqual(idempotencyKey('eu1', 'pay', 'receipt-42'), idempotencyKey('eu1', 'wage', 'receipt-42'));
  assert.notEqual(idempotencyKey('eu1', 'pay', 'receipt-42'), idempotencyKey('eu2', 'pay', 'receipt-42'));
});

test('event ids outside the key alphabet or too long are hashed into a valid key, deterministically', () => {
  for (const id of ['shop 24/7 #1', 'ünïcødé', '😀', 'x'.repeat(200), ':starts-with-colon', 'a'.repeat(117)]) {
    const key = idempotencyKey('eu1', 'transfer', id);
    assert.match(key, KEY_FORMAT, id);
    assert.equal(key, idempotencyKey('eu1', 'transfer', id));
  }
  assert.notEqual(idempotencyKey('eu1', 'pay', 'a b'), idempotencyKey('eu1', 'pay', 'a  b'));
  // A hashed key cannot equal a verbatim one: verbatim ids never start with ':'.
  assert.match(idempotencyKey('eu1', 'pay', 'a b'), /^eu1:pay::/);
  assert.equal(idempotencyKey('server-with-32-characters-abcdef', 'transfer', 'x'.repeat(200)).length <= 128, true);
});
