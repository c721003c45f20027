// The real backend for the end-to-end test and the benchmark: the application's jar on the
// machine's PostgreSQL and Redis, with a database and a Redis database of its own.
import { spawn, execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { HttpClient } from '../src/core/http.js';

const run = promisify(execFile);
export const moduleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const env = (name, fallback) => (process.env[name] && process.env[name].trim()) || fallback;

export const JAR = path.resolve(moduleDir, env('GW_E2E_APP_JAR', '../app/target/app-0.1.0-SNAPSHOT.jar'));
const PG_HOST = env('GW_E2E_PG_HOST', '127.0.0.1');
const PG_PORT = env('GW_E2E_PG_PORT', '5432');
const PG_USER = env('GW_E2E_PG_USER', 'postgres');

export const sha256hex = (/** @type {string} */ s) => createHash('sha256').update(s, 'utf8').digest('hex');
export const secret = () => randomBytes(33).toString('base64url');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Drops and creates the database (never the application's or the Java tests'). */
export async function resetDatabase(db) {
  if (!/^economy_gw_[a-z0-9_]+$/.test(db)) throw new Error(`refusing to drop ${db}: not an economy_gw_* database`);
  const psql = ['-h', PG_HOST, '-p', PG_PORT, '-U', PG_USER, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1'];
  await run('psql', [...psql, '-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]);
  await run('psql', [...psql, '-c', `CREATE DATABASE ${db}`]);
}

export async function flushRedis(index) {
  await run('redis-cli', ['-h', env('GW_E2E_REDIS_HOST', '127.0.0.1'), '-n', String(index), 'FLUSHDB']);
}

/** Backends started by this process: killed when it exits, also after a test timed out. */
const live = new Set();
process.on('exit', () => { for (const child of live) child.kill('SIGKILL'); });

/**
 * One backend process (java -jar). `kill9()` is a real SIGKILL; `start()` again restarts it on the
 * same database and port.
 */
export class Backend {
  /**
   * @param {{db: string, redisDb: number, clients: string, workDir: string, extraEnv?: Record<string, string>}} options
   */
  constructor({ db, redisDb, clients, workDir, extraEnv = {} }) {
    this.db = db;
    this.redisDb = redisDb;
    this.clients = clients;
    this.workDir = workDir;
    this.extraEnv = extraEnv;
    this.starts = 0;
    /** @type {import('node:child_process').ChildProcess | null} */
    this.process = null;
  }

  async start(timeoutMs = 180000) {
    try { await access(JAR); } catch {
      throw new Error(`${JAR} is missing: build it first (./mvnw -B -pl app -am -DskipTests package)`);
    }
    this.port = this.port || await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    await mkdir(this.workDir, { recursive: true });
    const log = createWriteStream(path.join(this.workDir, `backend-${++this.starts}.log`));
    const child = spawn('java', [...env('GW_E2E_JAVA_OPTS', '-Xmx512m').split(/\s+/), '-Daxoniq.update-checker.disabled=true', '-jar', JAR], {
      env: {
        ...process.env,
        SERVER_PORT: String(this.port),
        ECONOMY_DB_URL: `jdbc:postgresql://${PG_HOST}:${PG_PORT}/${this.db}`,
        ECONOMY_DB_USER: PG_USER,
        ECONOMY_DB_PASSWORD: env('GW_E2E_PG_PASSWORD', ''),
        ECONOMY_REDIS_DATABASE: String(this.redisDb),
        ECONOMY_AUTH_SERVICE_CLIENTS: this.clients,
        // Many players register and log in from one address in a few seconds; cheaper hashing for a test.
        ECONOMY_AUTH_REGISTRATIONS_PER_ADDRESS_MAX: '100000',
        ECONOMY_AUTH_LOGIN_ATTEMPTS_PER_ADDRESS_MAX: '100000',
        ECONOMY_PASSWORD_ARGON2_MEMORY_KIB: '8192',
        ECONOMY_PASSWORD_ARGON2_ITERATIONS: '1',
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.process = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const http = new HttpClient({ timeoutMs: 2000 });
    const deadline = Date.now() + timeoutMs;
    try {
      while (Date.now() < deadline) {
        const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 250))]);
        if (early) throw new Error(`the backend exited while starting (${JSON.stringify(early)}); see ${this.workDir}`);
        try {
          const answer = await http.request('GET', `${this.url}/actuator/health/readiness`);
          if (answer.status === 200) return this;
        } catch { /* not listening yet */ }
      }
    } finally {
      http.close();
    }
    throw new Error(`the backend was not ready within ${timeoutMs} ms; see ${this.workDir}`);
  }

  /** SIGKILL: no shutdown hook, no flush, as a crash. */
  async kill9() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.process = null;
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    await exited;
    clearTimeout(timer);
    this.process = null;
  }
}

/** A JSON client of the backend's API (the website's and an auditor's side of the test). */
export class Api {
  constructor(url) {
    this.url = url;
    this.http = new HttpClient({ timeoutMs: 30000 });
  }

  /** A request; a 503 (Redis or the database not answering in time on a loaded machine) is tried again, as a website would. */
  async call(method, pathname, { token, body, expect } = {}) {
    let answer;
    for (let attempt = 1; ; attempt++) {
      answer = await this.http.request(method, this.url + pathname, { token, body: body === undefined ? undefined : JSON.stringify(body) });
      if (answer.status !== 503 || attempt >= 8) break;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
    if (expect !== undefined && answer.status !== expect) {
      throw new Error(`${method} ${pathname}: expected ${expect}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }

  async serviceToken(clientId, clientSecret) {
    return (await this.call('POST', '/api/v1/auth/service-token', { body: { clientId, clientSecret }, expect: 200 })).body.accessToken;
  }

  async register(username, password) {
    return (await this.call('POST', '/api/v1/auth/register', { body: { username, email: `${username}@example.org`, password }, expect: 201 })).body;
  }

  async login(username, password) {
    return (await this.call('POST', '/api/v1/auth/login', { body: { username, password }, expect: 200 })).body.accessToken;
  }

  /** Every history entry of an account (auditor token), oldest page last. */
  async history(token, accountId) {
    const entries = [];
    let cursor = null;
    do {
      const q = `/api/v1/accounts/${encodeURIComponent(accountId)}/history?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await this.call('GET', q, { token, expect: 200 })).body;
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  }

  close() {
    this.http.close();
  }
}

/** Runs `worker` over `items`, `parallel` at a time. */
export async function inParallel(items, parallel, worker) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await worker(items[i], i);
    }
  }));
  return results;
}

/** A small seeded random generator (mulberry32), so that a failing run can be repeated. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` again (a few times, with a growing pause) while it fails with a retryable error (a 503 on a loaded machine). */
export async function retrying(fn, attempts = 8) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e && e.retryable) || attempt >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
