// The FiveM shim, as built (dist/fivem/server.js, loaded as FiveM loads a server script), against
// stand-ins for FiveM's natives and events and the stand-in backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBackend } from './support/fake-backend.js';
import { tempDir, removeDir } from './support/core.js';
import { installFiveM, loadScript } from './support/fivem-stand-in.js';

const LICENSE_A = 'a'.repeat(40);
const LICENSE_B = 'b'.repeat(40);
let backend, dir, fx;
const until = async (f) => { for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 10)); assert.ok(f()); };

before(async () => {
  backend = await new FakeBackend().start();
  dir = await tempDir();
  backend.links.set(`fivem-license:${LICENSE_A}`, 'pa');
  fx = installFiveM({
    resourcePath: dir,
    // Convars (server.cfg `set economy_...`) win over the environment.
    convars: { economy_backend_url: backend.url, economy_game_client_id: backend.clientId, economy_game_batch_delay_ms: '5', economy_game_server_id: 'fx-eu1', economy_game_link_poll_ms: '20' },
    identifiers: { 1: [`license:${LICENSE_A}`, 'ip:127.0.0.1'], 2: [`license:${LICENSE_B}`, 'steam:110000112345678', 'fivem:42'] },
  });
  process.env.ECONOMY_GAME_CLIENT_SECRET = backend.clientSecret;
  fx.state.players.push('1');
  await loadScript(new URL('../dist/fivem/server.js', import.meta.url).pathname);
});
after(async () => { fx.raise('onResourceStop', '', 'economy-gateway'); await backend.stop(); await removeDir(dir); });

test('exports are defined for other resources', () => {
  assert.deepEqual(Object.keys(fx.state.exported).sort(),
    ['balance', 'deposit', 'onOutcome', 'pay', 'payWage', 'playerId', 'redeemLinkCode', 'requestLinkCode', 'stats', 'transfer', 'withdraw']);
});

test('players online at start and joining later (playerJoining) are logged in by license', async () => {
  const ex = fx.state.exported;
  await until(() => ex.playerId(1) === 'pa');
  backend.links.set(`fivem-license:${LICENSE_B}`, 'pb');
  fx.raise('playerJoining', 2, '65535');
  await until(() => ex.playerId(2) === 'pb');
});

test('exports pay with a Lua-style callback; the journal is in the resource folder', async () => {
  const ex = fx.state.exported;
  const [error, outcome] = await new Promise((resolve) => ex.payWage(1, 700, { eventId: 'taxi-1' }, (e, o) => resolve([e, o])));
  assert.equal(error, null);
  assert.equal(outcome.idempotencyKey, 'fx-eu1:wage:taxi-1');
  const t = await ex.transfer(1, '2', 200, { eventId: 'gift-1' });
  assert.equal(t.toAccountId, 'player:pb:wallet');
  assert.equal(backend.balance('player:pb:wallet'), 200);
  assert.equal(ex.stats().journalPending, 0);
  assert.ok(ex.stats().journalBytes > 0);
});

test('TriggerEvent(economy:call) answers economy:result; economy:outcome tells every outcome', async () => {
  fx.raise('economy:call', '', 'withdraw', 'r1', 1, 1, { eventId: 'atm-1' });
  fx.raise('economy:call', '', 'pay', 'r2', 1, 1.5, { eventId: 'x' });
  await until(() => fx.state.emitted.filter(([n]) => n === 'economy:result').length === 2);
  const results = Object.fromEntries(fx.state.emitted.filter(([n]) => n === 'economy:result').map(([, id, e, r]) => [id, [e, r]]));
  assert.equal(results.r1[0].code, 'insufficient_funds', 'a refusal of the backend, delivered');
  assert.equal(results.r2[0].code, 'invalid_argument');
  assert.ok(fx.state.emitted.some(([n, notice]) => n === 'economy:outcome' && notice.eventId === 'gift-1'));
});

test('a client asks for its own balance by net event; the answer goes to that client only', async () => {
  fx.raiseNet('economy:balance', 2);
  await until(() => fx.state.toClients.some(([n, target]) => n === 'economy:balance' && target === 2));
  const [, , error, balance] = fx.state.toClients.find(([n, target]) => n === 'economy:balance' && target === 2);
  assert.equal(error, null);
  assert.equal(balance.walletMinor, 200);
});

test('an unlinked player sees a code in chat (chat:addMessage) and /link CODE links them', async () => {
  const license = 'c'.repeat(40);
  fx.state.players.push('3');
  const ids = { 3: [`license:${license}`] };
  globalThis.GetNumPlayerIdentifiers = (src) => (ids[String(src)] || [`license:${LICENSE_B}`]).length;
  const original = globalThis.GetPlayerIdentifier;
  globalThis.GetPlayerIdentifier = (src, i) => (ids[String(src)] ? ids[String(src)][i] : original(src, i));
  fx.raise('playerJoining', 3, '65534');
  await until(() => fx.state.toClients.some(([n, target, msg]) => n === 'chat:addMessage' && target === 3 && /code/.test(msg.args[1])));
  const code = backend.websiteCode('pc');
  fx.state.commands.get('link')(3, [code], `link ${code}`);
  await until(() => fx.state.exported.playerId(3) === 'pc');
  assert.equal(backend.links.get(`fivem-license:${license}`), 'pc');
  fx.raise('playerDropped', 3, 'bye');
  assert.equal(fx.state.exported.playerId(3), null);
});

test('a client spamming net events is limited to one request per second', async () => {
  const before = fx.state.toClients.filter(([n, target]) => n === 'economy:balance' && target === 1).length;
  for (let i = 0; i < 50; i++) fx.raiseNet('economy:balance', 1);
  await new Promise((r) => setTimeout(r, 300));
  const after = fx.state.toClients.filter(([n, target]) => n === 'economy:balance' && target === 1).length;
  assert.equal(after - before, 1);
});
