// The alt:V shim, as built (dist/altv/server.js), against a stand-in for alt-server and the
// stand-in backend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import path from 'node:path';
import { FakeBackend } from './support/fake-backend.js';
import { tempDir, removeDir } from './support/core.js';

register('./support/alt-server-hooks.mjs', import.meta.url);
const { control, Player } = await import('./support/alt-server-stand-in.js');

let backend, dir, api;
const until = async (f) => { for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 10)); assert.ok(f()); };

before(async () => {
  backend = await new FakeBackend().start();
  dir = await tempDir();
  // Settings from resource.toml keys (the secret would be in the environment in production).
  control.resource = { name: 'economy-gateway', path: dir, config: {
    ECONOMY_BACKEND_URL: backend.url, ECONOMY_GAME_CLIENT_ID: backend.clientId, ECONOMY_GAME_CLIENT_SECRET: backend.clientSecret,
    ECONOMY_GAME_BATCH_DELAY_MS: 5, ECONOMY_GAME_LINK_POLL_MS: 20, ECONOMY_GAME_SERVER_ID: 'altv-eu1',
  } };
  backend.links.set('altv-social:111', 'pa');
  Player.all.push(new Player(7, '111', '0'));
  api = await import('../dist/altv/server.js');
});
after(async () => { control.raise('resourceStop'); await backend.stop(); await removeDir(dir); });

test('players online at start and connecting later are logged in by their social club id', async () => {
  await until(() => api.playerId(7) === 'pa');
  backend.links.set('discord:123456789012345678', 'pb');
  const player = new Player(8, '0', '123456789012345678');
  control.raise('playerConnect', player);
  await until(() => api.playerId(player) === 'pb');
  control.raise('playerDisconnect', player, 'quit');
  assert.equal(api.playerId(player), null);
});

test('the exports pay, and outcomes come back as promises, callbacks and the economy:outcome event', async () => {
  const wage = await api.payWage(7, 500, { eventId: 'shift-1' });
  assert.equal(wage.status, 'COMPLETED');
  assert.equal(wage.idempotencyKey, 'altv-eu1:wage:shift-1');
  const viaCallback = await new Promise((resolve) => api.pay(Player.all[0], 100, { eventId: 'burger' }, (e, o) => resolve([e, o])));
  assert.equal(viaCallback[0], null);
  assert.equal(viaCallback[1].toAccountId, 'system:purchases');
  assert.ok(control.emitted.some(([name, notice]) => name === 'economy:outcome' && notice.eventId === 'burger'));
  assert.deepEqual(await api.balance(7), { playerId: 'pa', walletMinor: 400, bankMinor: 0 });
});

test('other resources use alt.emit(economy:call) and get economy:result', async () => {
  control.raise('economy:call', 'deposit', 'req-1', 7, 50, { eventId: 'atm-9' });
  control.raise('economy:call', 'pay', 'req-2', 7, -50, { eventId: 'bad' });
  control.raise('economy:call', 'steal', 'req-3');
  await until(() => control.emitted.filter(([n]) => n === 'economy:result').length === 3);
  const results = Object.fromEntries(control.emitted.filter(([n]) => n === 'economy:result').map(([, id, e, r]) => [id, [e, r]]));
  assert.equal(results['req-1'][1].status, 'COMPLETED');
  assert.equal(results['req-2'][0].code, 'invalid_argument');
  assert.equal(results['req-3'][0].code, 'invalid_argument');
});

test('an unlinked player gets a code in chat and links by typing a website code (economy:link)', async () => {
  const player = new Player(9, '999', '0');
  control.raise('playerConnect', player);
  await until(() => control.toClients.some(([p, name, , text]) => p === player && name === 'chat:message' && /code/.test(text)));
  const code = backend.websiteCode('pc');
  control.raiseFromClient('economy:link', player, code);
  await until(() => api.playerId(player) === 'pc');
  assert.equal(backend.links.get('altv-social:999'), 'pc');
});
