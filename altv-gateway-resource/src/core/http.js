import http from 'node:http';
import https from 'node:https';
import { EconomyError, Codes } from './errors.js';

/**
 * @typedef {Object} HttpAnswer
 * @property {number} status
 * @property {any} body the parsed JSON body (null when there is none or it is not JSON)
 * @property {Record<string, string | string[] | undefined>} headers
 */

/**
 * A small JSON client over node:http(s) with kept-alive connections (no npm package at run time).
 * Network errors and timeouts reject with an EconomyError `backend_unavailable` (retryable).
 */
export class HttpClient {
  /** @param {{timeoutMs: number, maxSockets?: number}} options */
  constructor({ timeoutMs, maxSockets = 8 }) {
    this.timeoutMs = timeoutMs;
    this.agents = {
      'http:': new http.Agent({ keepAlive: true, maxSockets }),
      'https:': new https.Agent({ keepAlive: true, maxSockets }),
    };
  }

  /**
   * @param {'GET' | 'POST'} method
   * @param {string} url
   * @param {{token?: string, body?: string}} [options] body: JSON text
   * @returns {Promise<HttpAnswer>}
   */
  request(method, url, { token, body } = {}) {
    return this.attempt(method, url, token, body, true);
  }

  /**
   * A kept-alive connection the backend closed just as we reused it fails before any answer
   * (ECONNRESET, "socket hang up"): such a request never reached the backend and is sent once more
   * on a new connection. Every other failure is the caller's to handle.
   *
   * @param {'GET' | 'POST'} method @param {string} url @param {string | undefined} token
   * @param {string | undefined} body @param {boolean} mayRetry
   * @returns {Promise<HttpAnswer>}
   */
  attempt(method, url, token, body, mayRetry) {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const lib = target.protocol === 'https:' ? https : http;
      /** @type {Record<string, string | number>} */
      const headers = { Accept: 'application/json, application/problem+json' };
      if (token) headers.Authorization = 'Bearer ' + token;
      let payload;
      if (body !== undefined) {
        payload = Buffer.from(body, 'utf8');
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = payload.length;
      }
      const req = lib.request(target, {
        method,
        headers,
        agent: this.agents[/** @type {'http:' | 'https:'} */ (target.protocol)],
        timeout: this.timeoutMs,
      }, (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', (e) => reject(unavailable(e)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = null;
          if (text) {
            try { parsed = JSON.parse(text); } catch { parsed = null; }
          }
          resolve({ status: res.statusCode || 0, body: parsed, headers: res.headers });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (/** @type {NodeJS.ErrnoException} */ e) => {
        if (mayRetry && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
          resolve(this.attempt(method, url, token, body, false));
        } else {
          reject(unavailable(e));
        }
      });
      req.end(payload);
    });
  }

  close() {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }
}

/** @param {Error} e */
function unavailable(e) {
  return new EconomyError(Codes.BACKEND_UNAVAILABLE, `the backend does not answer: ${e.message}`, { retryable: true });
}

/**
 * The error for a problem+json answer: its `code` when it has one.
 *
 * @param {HttpAnswer} answer
 * @param {string} [key]
 */
export function problemError(answer, key) {
  const body = answer.body || {};
  const code = typeof body.code === 'string' ? body.code : `http_${answer.status}`;
  const detail = typeof body.detail === 'string' ? body.detail : (typeof body.title === 'string' ? body.title : `HTTP ${answer.status}`);
  return new EconomyError(code, detail, { status: answer.status, key, retryable: isRetryableStatus(answer.status) });
}

/** 5xx, 408 and 429 are passing conditions; every other 4xx is an answer. @param {number} status */
export function isRetryableStatus(status) {
  return status >= 500 || status === 408 || status === 429;
}
