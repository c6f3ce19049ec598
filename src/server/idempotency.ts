import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

/**
 * `Idempotency-Key` on every POST of the facade (IETF draft-ietf-httpapi-idempotency-key-header):
 * a request sent again with the same key gets the first answer, and its handler does not run
 * again. Why: a browser sends a POST again by itself when a reused keep-alive connection closed
 * before any byte of the answer (Chromium's HttpNetworkTransaction::ShouldResendRequest; the
 * emulator's `closedUnanswered` fault), so a BC contact created from the pane would be created
 * twice (issue 9). The pane puts a fresh key on each POST it sends (resilient-fetch.ts).
 *
 * - The key belongs to the caller: it is kept with a hash of the Authorization header, so nobody
 *   else can read another's answer with it, and the same key from two callers is two requests.
 * - Only answers of writes that were done (2xx) are kept: a refused or failed request changed
 *   nothing, so running it again answers the same or does what the first could not.
 * - The same key with another method, URL or body is refused (422 `IdempotencyKeyReused`); one
 *   that comes while the first still runs waits for the first's answer.
 * - Answers are kept in this process for `ttlMs` (default 10 minutes), at most `maxEntries`
 *   answers and `maxBytes` bytes, oldest dropped first: enough for the browser's immediate resend,
 *   not a store of record. A resend that reaches another process of a multi-process deployment is
 *   not caught here (the writes' own checks, design §2, still apply).
 */
export interface IdempotencyOptions {
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  /** Milliseconds now (tests pass a manual clock); defaults to Date.now. */
  readonly nowMs?: () => number;
}

/** The header's value: 1 to 255 visible ASCII characters (a UUID from the pane). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface Kept {
  readonly fingerprint: string;
  /** Settles when the first request's answer is known (kept or not). */
  readonly settled: Promise<void>;
  settle: () => void;
  answer: { status: number; contentType: string | undefined; payload: string | Buffer } | null;
  bytes: number;
  expiresAt: number;
}

const IDEMPOTENCY = Symbol('idempotency');
type Tagged = FastifyRequest & { [IDEMPOTENCY]?: string };

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('base64url');

/** Installs the hooks on `app` (before the routes are registered, so every POST route has them). */
export function installIdempotency(app: FastifyInstance, options: IdempotencyOptions = {}): void {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const now = options.nowMs ?? Date.now;
  const kept = new Map<string, Kept>();
  let bytes = 0;

  const drop = (id: string): void => {
    const k = kept.get(id);
    if (!k) return;
    bytes -= k.bytes;
    kept.delete(id);
    k.settle();
  };
  /** Oldest first (a Map keeps insertion order): the expired ones, then any over the limits. */
  const evict = (): void => {
    const t = now();
    for (const [id, k] of kept) {
      // A request still running keeps its place: a resend waiting for it must get its answer.
      if (k.answer === null) continue;
      if (k.expiresAt > t && kept.size <= maxEntries && bytes <= maxBytes) break;
      drop(id);
    }
  };

  // Before validation: a resend is answered as the first was; a bad key is refused on every POST.
  app.addHook('preValidation', async (request: Tagged, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header))
      throw new HttpError(
        400,
        'InvalidIdempotencyKey',
        'The Idempotency-Key header must be 1 to 255 visible ASCII characters, sent once.',
      );
    const id = `${sha256(request.headers.authorization ?? '')}:${header}`;
    const fingerprint = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    evict();
    for (;;) {
      const k = kept.get(id);
      if (!k) break;
      if (k.answer !== null && k.expiresAt <= now()) {
        drop(id);
        break;
      }
      if (k.fingerprint !== fingerprint)
        throw new HttpError(
          422,
          'IdempotencyKeyReused',
          'This Idempotency-Key was already used for another request; send a new key for a new request.',
        );
      // The first one still runs: its answer (or that it kept none) comes first.
      if (k.answer === null) {
        await k.settled;
        continue;
      }
      reply.header('idempotent-replayed', 'true');
      if (k.answer.contentType) reply.header('content-type', k.answer.contentType);
      return reply.code(k.answer.status).send(k.answer.payload);
    }
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    kept.set(id, { fingerprint, settled, settle, answer: null, bytes: 0, expiresAt: now() + ttlMs });
    request[IDEMPOTENCY] = id;
  });

  app.addHook('onSend', async (request: Tagged, reply, payload) => {
    const id = request[IDEMPOTENCY];
    if (id === undefined) return payload;
    request[IDEMPOTENCY] = undefined;
    const k = kept.get(id);
    const done = reply.statusCode >= 200 && reply.statusCode < 300;
    if (!k || !done || !(typeof payload === 'string' || Buffer.isBuffer(payload))) {
      drop(id);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    k.answer = {
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      payload,
    };
    k.bytes = Buffer.byteLength(payload);
    k.expiresAt = now() + ttlMs;
    bytes += k.bytes;
    k.settle();
    evict();
    return payload;
  });

  // A request that ended without an answer being sent (the client went away first) keeps nothing.
  app.addHook('onResponse', async (request: Tagged) => {
    const id = request[IDEMPOTENCY];
    if (id !== undefined) drop(id);
  });
}
