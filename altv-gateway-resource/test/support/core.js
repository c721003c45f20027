// Helpers for the unit tests: a core on a temporary journal folder against a FakeBackend.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Economy, readSettings } from '../../src/core/index.js';

export async function tempDir() {
  return mkdtemp(path.join(os.tmpdir(), 'economy-gw-'));
}

/**
 * @param {import('./fake-backend.js').FakeBackend} backend
 * @param {Record<string, string>} [env]
 * @param {{dir?: string, messages?: string[][], logs?: string[]}} [options]
 */
export async function startCore(backend, env = {}, { dir, messages = [], logs = [] } = {}) {
  const journalDir = dir || path.join(await tempDir(), 'journal');
  const settings = readSettings((name) => ({
    ECONOMY_BACKEND_URL: backend.url,
    ECONOMY_GAME_CLIENT_ID: backend.clientId,
    ECONOMY_GAME_CLIENT_SECRET: backend.clientSecret,
    ECONOMY_GAME_SERVER_ID: 'eu1',
    ECONOMY_GAME_JOURNAL_DIR: journalDir,
    ECONOMY_GAME_RETRY_MIN_MS: '10',
    ECONOMY_GAME_RETRY_MAX_MS: '50',
    ECONOMY_GAME_BATCH_DELAY_MS: '5',
    ECONOMY_GAME_REQUEST_TIMEOUT_MS: '2000',
    ECONOMY_GAME_LINK_POLL_MS: '30',
    ...env,
  })[name]);
  const economy = new Economy({
    settings, platform: 'test',
    log: (level, msg) => logs.push(`${level} ${msg}`),
    message: (handle, text) => messages.push([handle, text]),
  });
  await economy.start();
  return { economy, journalDir, messages, logs };
}

/** A linked, connected player: handle h, backend id p. */
export async function linkedPlayer(backend, economy, handle, playerId) {
  const license = playerId.padEnd(40, '0').slice(0, 40).replace(/[^0-9a-f]/g, 'a');
  backend.links.set(`fivem-license:${license}`, playerId);
  await economy.playerConnected(handle, [{ provider: 'fivem-license', subject: license }]);
  return license;
}

export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}
