// A stand-in for the backend's HTTP API in unit tests (the end-to-end test runs the real one):
// the endpoints the core uses, with the same shapes and codes, and switches to make it fail.
import http from 'node:http';

const b64 = (/** @type {object} */ o) => Buffer.from(JSON.stringify(o)).toString('base64url');
export const playerToken = (/** @type {string} */ playerId, /** @type {number} */ n) => `${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64({ player_id: playerId, n })}.sig`;

export class FakeBackend {
  constructor({ clientId = 'game-test', clientSecret = 'x'.repeat(40), tokenTtl = 600 } = {}) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.tokenTtl = tokenTtl;
    this.tokens = new Set();
    this.tokenFetches = 0;
    /** whole-batch behaviour: 'ok' | 503 | 'drop' | 413-over:N | 400 */
    this.mode = 'ok';
    /** @type {(cmd: any, index: number) => (null | {status: number, code: string})} per-command override */
    this.perCommand = () => null;
    this.batches = [];
    /** @type {Map<string, any>} idempotency key -> first outcome */
    this.outcomes = new Map();
    this.applied = [];
    this.balances = new Map();
    /** identity "provider:subject" -> playerId */
    this.links = new Map();
    this.codes = new Map();
    this.playerTokens = new Map();
    this.n = 0;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async start() {
    await new Promise((r) => this.server.listen(0, '127.0.0.1', () => r(undefined)));
    this.url = `http://127.0.0.1:${/** @type {any} */ (this.server.address()).port}`;
    return this;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(() => r(undefined)));
  }

  balance(accountId) {
    return this.balances.get(accountId) || 0;
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : null;
    const auth = (req.headers.authorization || '').replace(/^Bearer /, '');
    const send = (status, payload, problem = false) => {
      res.writeHead(status, { 'Content-Type': problem ? 'application/problem+json' : 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const problem = (status, code, detail = code) => send(status, { type: `urn:economy:problem:${code}`, status, code, detail }, true);
    const url = req.url || '';
    if (url === '/api/v1/auth/service-token') {
      this.tokenFetches++;
      if (this.mode === 'drop') return req.socket.destroy();
      if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) return problem(401, 'invalid_client');
      const token = `svc-${++this.n}`;
      this.tokens.add(token);
      return send(200, { accessToken: token, expiresIn: this.tokenTtl, tokenType: 'Bearer' });
    }
    if (url === '/api/v1/auth/refresh') {
      const playerId = this.playerTokens.get(body.refreshToken);
      if (!playerId) return problem(401, 'invalid_refresh_token');
      this.playerTokens.delete(body.refreshToken);
      return send(200, this.pair(playerId));
    }
    if (url.startsWith('/api/v1/players/') && req.method === 'GET') {
      const playerId = decodeURIComponent(url.split('/')[4]);
      if (!auth.endsWith('.sig') || JSON.parse(Buffer.from(auth.split('.')[1], 'base64url').toString()).player_id !== playerId) return problem(403, 'forbidden');
      return send(200, { playerId, accounts: ['wallet', 'bank'].map((k) => ({ accountId: `player:${playerId}:${k}`, balanceMinor: this.balance(`player:${playerId}:${k}`) })) });
    }
    if (url === '/api/v1/link-codes/redeem' && auth.endsWith('.sig')) {
      const playerId = JSON.parse(Buffer.from(auth.split('.')[1], 'base64url').toString()).player_id;
      const grant = this.codes.get(body.code);
      this.codes.delete(body.code);
      if (!grant || grant.kind !== 'game') return problem(400, 'link_code_invalid');
      const id = `${grant.provider}:${grant.subject}`;
      if (this.links.has(id) && this.links.get(id) !== playerId) return problem(409, 'identity_already_linked');
      this.links.set(id, playerId);
      return send(200, { playerId, provider: grant.provider, subject: grant.subject, linked: true });
    }
    if (!this.tokens.has(auth)) return problem(401, 'unauthenticated');
    if (this.mode === 'drop') return req.socket.destroy();
    if (url === '/api/v1/ingress/batch') {
      this.batches.push(body.commands.length);
      if (this.mode === 503) return problem(503, 'command_timeout');
      if (this.mode === 400) return problem(400, 'validation_failed');
      if (typeof this.mode === 'string' && this.mode.startsWith('413-over:') && body.commands.length > Number(this.mode.split(':')[1])) {
        return problem(413, 'batch_too_large');
      }
      const results = body.commands.map((cmd, index) => this.run(cmd, index));
      return send(200, { results });
    }
    if (url === '/api/v1/auth/game-login') {
      const playerId = this.links.get(`${body.provider}:${body.subject}`);
      if (!playerId) return problem(404, 'identity_not_linked');
      return send(200, this.pair(playerId));
    }
    if (url === '/api/v1/link-codes') {
      const code = 'C' + String(++this.n).padStart(7, '0');
      this.codes.set(code, { kind: 'game', provider: body.provider, subject: body.subject });
      return send(200, { code, expiresAt: new Date(Date.now() + 600000).toISOString() });
    }
    if (url === '/api/v1/link-codes/redeem') {
      const grant = this.codes.get(body.code);
      this.codes.delete(body.code);
      if (!grant || grant.kind !== 'player') return problem(400, 'link_code_invalid');
      this.links.set(`${body.provider}:${body.subject}`, grant.playerId);
      return send(200, { playerId: grant.playerId, provider: body.provider, subject: body.subject, linked: true });
    }
    return problem(404, 'not_found');
  }

  /** A code a player got on the website (to type in game). */
  websiteCode(playerId) {
    const code = 'W' + String(++this.n).padStart(7, '0');
    this.codes.set(code, { kind: 'player', playerId });
    return code;
  }

  pair(playerId) {
    const refreshToken = `r-${++this.n}`;
    this.playerTokens.set(refreshToken, playerId);
    return { accessToken: playerToken(playerId, this.n), refreshToken, expiresIn: 600, tokenType: 'Bearer' };
  }

  run(cmd, index) {
    const override = this.perCommand(cmd, index);
    if (override) return { index, type: cmd.type, status: override.status, problem: { status: override.status, code: override.code, detail: override.code } };
    const key = cmd.idempotencyKey;
    let from = cmd.fromAccountId;
    let to = cmd.toAccountId;
    if (cmd.type === 'deposit') { from = `player:${cmd.playerId}:wallet`; to = `player:${cmd.playerId}:bank`; }
    if (cmd.type === 'withdrawal') { from = `player:${cmd.playerId}:bank`; to = `player:${cmd.playerId}:wallet`; }
    const content = JSON.stringify([from, to, cmd.amountMinor]);
    const seen = this.outcomes.get(key);
    if (seen) {
      if (seen.content !== content) return { index, type: cmd.type, status: 409, problem: { status: 409, code: 'idempotency_conflict' } };
      return { index, type: cmd.type, status: 200, outcome: { ...seen.outcome, replayed: true } };
    }
    if (!from.startsWith('system:') && this.balance(from) < cmd.amountMinor) {
      return { index, type: cmd.type, status: 422, problem: { status: 422, code: 'insufficient_funds', detail: 'insufficient funds' } };
    }
    this.balances.set(from, this.balance(from) - cmd.amountMinor);
    this.balances.set(to, this.balance(to) + cmd.amountMinor);
    this.applied.push(key);
    const outcome = { transferId: `t-${++this.n}`, idempotencyKey: key, fromAccountId: from, toAccountId: to, amountMinor: cmd.amountMinor, status: 'COMPLETED', failureCode: null, replayed: false };
    this.outcomes.set(key, { content, outcome });
    return { index, type: cmd.type, status: 201, outcome };
  }
}
