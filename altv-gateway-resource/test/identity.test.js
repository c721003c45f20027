// Identity: platform identifiers mapped to backend identities, game-login, link codes in chat,
// the player's own token for their balance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeBackend } from './support/fake-backend.js';
import { startCore, removeDir } from './support/core.js';
import { fromFiveM, fromAltV } from '../src/core/identities.js';

const LICENSE = 'abcdef0123456789abcdef0123456789abcdef01';

test('FiveM identifiers: license and discord are linkable; steam and fivem are not a game server\'s to vouch for', () => {
  const mapped = fromFiveM([`license:${LICENSE}`, 'license2:ffff', 'discord:123456789012345678', 'steam:110000112345678',
    'fivem:1234567', 'ip:127.0.0.1', 'license:NOT-HEX', 42, 'xbl:1']);
  assert.deepEqual(mapped.linkable, [{ provider: 'fivem-license', subject: LICENSE }, { provider: 'discord', subject: '123456789012345678' }]);
  assert.deepEqual(mapped.other.map((o) => o.type), ['steam', 'fivem', 'license']);
  assert.equal(mapped.other[0].value, '76561198265685624', 'steam hex turned into its SteamID64');
  assert.deepEqual(fromFiveM(null), { linkable: [], other: [] });
});

test('alt:V identifiers: social id and discord id; 0 means unknown', () => {
  assert.deepEqual(fromAltV({ socialId: '123456789', discordId: '123456789012345678' }).linkable,
    [{ provider: 'altv-social', subject: '123456789' }, { provider: 'discord', subject: '123456789012345678' }]);
  assert.deepEqual(fromAltV({ socialId: 0, discordId: '0' }).linkable, []);
  assert.deepEqual(fromAltV({ socialId: 98765, discordId: 'nope' }).linkable, [{ provider: 'altv-social', subject: '98765' }]);
});

test('a linked player is logged in by game-login; their balance is read with their own token', async () => {
  const backend = await new FakeBackend().start();
  const core = await startCore(backend);
  backend.links.set(`fivem-license:${LICENSE}`, 'p7');
  backend.balances.set('player:p7:wallet', 1234);
  backend.balances.set('player:p7:bank', 99);
  await core.economy.playerConnected(5, fromFiveM([`license:${LICENSE}`]));
  assert.equal(core.economy.playerIdOf(5), 'p7');
  assert.deepEqual(await core.economy.balance(5), { playerId: 'p7', walletMinor: 1234, bankMinor: 99 });
  // An expired access token is refreshed (the refresh token is single use).
  core.economy.sessions.get('5').accessExpiresAt = 0;
  assert.equal((await core.economy.balance(5)).walletMinor, 1234);
  assert.equal(backend.playerTokens.size, 1 + 0, 'the used refresh token was rotated');
  await core.economy.stop(); await backend.stop(); await removeDir(core.journalDir);
});

test('an unlinked player is shown a one-time code in chat; once they enter it on the website they are logged in', async () => {
  const backend = await new FakeBackend().start();
  const core = await startCore(backend);
  await core.economy.playerConnected('9', fromAltV({ socialId: '555' }));
  await assert.rejects(core.economy.pay('9', 5, { eventId: 'e' }), { code: 'player_not_linked' });
  await assert.rejects(core.economy.balance('9'), { code: 'player_not_linked' });
  await new Promise((r) => setTimeout(r, 20));
  const [handle, text] = core.messages.at(-1);
  assert.equal(handle, '9');
  const code = /code (\w+)/.exec(text)[1];
  assert.ok(backend.codes.has(code));
  // The player redeems it on the website (the stand-in links it), the core's poll logs them in.
  backend.links.set('altv-social:555', 'p9');
  backend.codes.delete(code);
  for (let i = 0; i < 50 && core.economy.playerIdOf('9') !== 'p9'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(core.economy.playerIdOf('9'), 'p9');
  assert.match(core.messages.at(-1)[1], /linked/);
  await core.economy.stop(); await backend.stop(); await removeDir(core.journalDir);
});

test('a code from the website typed in game links the player; their other identities are linked too', async () => {
  const backend = await new FakeBackend().start();
  const core = await startCore(backend);
  await core.economy.playerConnected('3', fromFiveM([`license:${LICENSE}`, 'discord:123456789012345678']));
  await assert.rejects(core.economy.redeemLinkCode('3', 'bad\u0000code'), { code: 'invalid_argument' });
  await assert.rejects(core.economy.redeemLinkCode('3', 'WRONG123'), { code: 'link_code_invalid' });
  const code = backend.websiteCode('p3');
  assert.deepEqual(await core.economy.redeemLinkCode('3', code), { playerId: 'p3' });
  assert.equal(backend.links.get(`fivem-license:${LICENSE}`), 'p3');
  for (let i = 0; i < 50 && !backend.links.has('discord:123456789012345678'); i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(backend.links.get('discord:123456789012345678'), 'p3', 'the Discord id was linked to the same player');
  await core.economy.stop(); await backend.stop(); await removeDir(core.journalDir);
});

test('a player whose login waits for the backend: money calls wait for it, then journal', async () => {
  const backend = await new FakeBackend().start();
  const core = await startCore(backend);
  backend.links.set(`fivem-license:${LICENSE}`, 'p4');
  backend.mode = 'drop';
  core.economy.playerConnected('4', fromFiveM([`license:${LICENSE}`]));
  const wage = core.economy.payWage('4', 10, { eventId: 'early' });
  await new Promise((r) => setTimeout(r, 100));
  backend.mode = 'ok';
  assert.equal((await wage).status, 'COMPLETED');
  assert.equal(backend.balance('player:p4:wallet'), 10);
  await core.economy.stop(); await backend.stop(); await removeDir(core.journalDir);
});
