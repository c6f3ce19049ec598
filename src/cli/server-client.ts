import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Announced } from './product-place.js';

/* The CLI's calls to the running server on this machine (server.json): every call carries its own
   deadline and AbortSignal, so no answer that never comes holds the CLI (F82). */

/** Refused before anything was sent: nothing listens there any more (killed, crashed). */
export class ServerGoneError extends Error {
  override readonly name = 'ServerGoneError';
}

/**
 * The call got no answer: none within its deadline, or the connection broke after the request was
 * sent. The server may have acted on it (outcome unknown).
 */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
  constructor(readonly why: 'deadline' | 'connectionLost' | 'serverError') {
    super(NO_ANSWER[why]);
  }
}

const NO_ANSWER = {
  deadline: 'The running server gave no answer within CLI_TIMEOUT_MS.',
  connectionLost: 'The connection to the running server broke before its answer.',
  serverError: 'The running server could not serve the request.',
} as const;

export interface Reply {
  readonly status: number;
  readonly json: unknown;
}

/** Connection errors after which the request may have reached the server. */
const LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * One JSON request to the server through node:http(s) (so the server's own dev CA can be trusted
 * for this one loopback call), ended by `deadlineMs` for the whole answer, body included.
 *
 * @throws ServerGoneError when the connection was refused (nothing was sent).
 * @throws NoAnswerError when no whole answer came within the deadline or the connection broke.
 * @throws Error for any other failure to reach the server (TLS, name) and for an answer without JSON.
 */
export function requestJson(
  server: Announced,
  method: 'GET' | 'POST',
  path: string,
  options: { readonly deadlineMs: number; readonly body?: string },
): Promise<Reply> {
  const { body, deadlineMs } = options;
  const url = new URL(path, server.url);
  const client = url.protocol === 'https:' ? https : http;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  return new Promise<Reply>((resolveReply, reject) => {
    const req = client.request(
      url,
      {
        method,
        signal: deadline.signal,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'x-admin-token': server.adminToken,
        },
        // The certificate names localhost; the call goes to the loopback address the server announced.
        ...(url.protocol === 'https:' && server.caPath
          ? { ca: readFileSync(server.caPath), servername: 'localhost' }
          : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', () => reject(noAnswer(deadline.signal)));
        res.on('end', () => {
          try {
            resolveReply({ status: res.statusCode ?? 0, json: JSON.parse(text) });
          } catch {
            reject(new Error(`The server answered ${res.statusCode} with no JSON.`));
          }
        });
      },
    );
    req.on('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (deadline.signal.aborted || LOST.has(code)) reject(noAnswer(deadline.signal));
      else if (code === 'ECONNREFUSED') reject(new ServerGoneError(e.message));
      else reject(new Error(`The running server at ${server.url} could not be reached: ${e.message}`));
    });
    req.end(body);
  }).finally(() => clearTimeout(timer));
}

const noAnswer = (deadline: AbortSignal) =>
  new NoAnswerError(deadline.aborted ? 'deadline' : 'connectionLost');
