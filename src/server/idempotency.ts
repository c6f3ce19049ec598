import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';
import { operationWriteKey } from './link-origin.js';
import { keyedWriteKey } from '../bc/create-key.js';
import { MemoryIdempotencyStore } from './idempotency-store.js';
import type { IdempotencyStore, KeptAnswer } from './idempotency-store.js';
import type { KeptReply } from './replay.js';

/**
 * `Idempotency-Key` on every POST of the facade (IETF draft-ietf-httpapi-idempotency-key-header):
 * a request sent again with the same key gets the first answer, and its handler does not run
 * again. Why: a browser sends a POST again by itself when a reused keep-alive connection closed
 * before any byte of the answer (Chromium's HttpNetworkTransaction::ShouldResendRequest; the
 * emulator's `closedUnanswered` fault), so a BC contact created from the pane would be created
 * twice (issue 9). The pane puts a fresh key on each POST it sends (resilient-fetch.ts).
 *
 * - The key belongs to the caller: the user (or app) the token names — `principalOf`, never the
 *   Authorization header, so the same user's resend with a refreshed token is the same request
 *   (tester F64), and the same key from two users is two requests. A request whose token names
 *   nobody keeps nothing (its route refuses it anyway).
 * - Only answers of writes that were done (2xx) are kept: a refused or failed request changed
 *   nothing, so running it again answers the same or does what the first could not.
 * - The same key with another method, URL or body is refused (422 `IdempotencyKeyReused`); one
 *   that comes while the first still runs waits for the first's answer, up to WAIT_MS (then 409
 *   `IdempotencyKeyInProgress`: send it again later).
 * - Answers are kept in the `store` — the facade's database (idempotency-store.ts), so a resend
 *   reaching another facade process on the same database, or this one after a restart, is caught
 *   too — for `ttlMs` (default 10 minutes); answers over MAX_KEPT_BYTES are not kept.
 * - A key is 1 to 255 visible ASCII characters; an empty, longer or repeated header is refused
 *   (400 `InvalidIdempotencyKey`) before anything runs.
 * - What a kept answer states may stop holding (a contact created, then deleted in BC): each POST
 *   route says in `config.replay` whether its answer is a record, a state checked before it is
 *   sent again, or nothing to keep (replay.ts).
 * - A request whose process died while it ran (SIGKILL, power) has no answer; once its claim
 *   expires a resend runs again. So the kept answer is not what keeps a create single: each write
 *   knows its request's key (`writeKeyOf`, with the operation's id inside a `$batch`), and the
 *   store derives the new contact's id from it in the same transaction as the insert, so a create
 *   run again for one key finds the contact the first run committed instead of adding one (F75).
 */
export interface IdempotencyOptions {
  /** The caller a key belongs to (e.g. `user:<tid>:<oid>`); null: a request that keeps nothing. */
  readonly principalOf: (request: FastifyRequest) => Promise<string | null>;
  readonly store?: IdempotencyStore;
  readonly ttlMs?: number;
  /** Milliseconds now (tests pass a manual clock); defaults to Date.now. */
  readonly nowMs?: () => number;
}

/** The header's value: 1 to 255 visible ASCII characters (a UUID from the pane). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** How long a claim lasts while its request runs: a process that died with it frees the key then. */
const RUNNING_MS = 120_000;
/** How long a resend waits for the first request still running elsewhere. */
const WAIT_MS = 10_000;
const POLL_MS = 100;
/** Larger answers are not kept (a resend then runs again, as before keys). */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;

const IDEMPOTENCY = Symbol('idempotency');
/** The caller a key of the request (or of an operation of its `$batch`) belongs to, asked once. */
const PRINCIPAL = Symbol('principal');
type Tagged = FastifyRequest & {
  [IDEMPOTENCY]?: { principal: string; key: string };
  [PRINCIPAL]?: () => Promise<string | null>;
};

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('base64url');

/** Installs the hooks on `app` (before the routes are registered, so every POST route has them). */
export function installIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.nowMs ?? Date.now;
  const store = options.store ?? new MemoryIdempotencyStore();
  /** Requests of this process still running, by principal and key: a resend here waits on it. */
  const running = new Map<string, Promise<void>>();
  const settles = new Map<string, () => void>();
  const idOf = (principal: string, key: string) => JSON.stringify([principal, key]);
  const finish = (id: string) => {
    settles.get(id)?.();
    settles.delete(id);
    running.delete(id);
  };

  // Before validation: a resend is answered as the first was; a bad key is refused on every POST.
  app.addHook('preValidation', async (request: Tagged, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const replay = request.routeOptions.config.replay ?? 'record';
    let asked: Promise<string | null> | undefined;
    const principal = () => (asked ??= options.principalOf(request));
    request[PRINCIPAL] = principal;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header))
      throw new HttpError(
        400,
        'InvalidIdempotencyKey',
        'The Idempotency-Key header must be 1 to 255 visible ASCII characters, sent once.',
        [{ target: 'Idempotency-Key', message: keyProblem(header) }],
      );
    const caller = await principal();
    // A route that keeps nothing (replay.ts `rerun`) runs every time.
    if (caller === null || replay === 'rerun') return;
    const fingerprint = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const id = idOf(caller, header);
    const until = performance.now() + WAIT_MS;
    for (;;) {
      const claim = await store.claim(caller, header, fingerprint, now(), RUNNING_MS);
      if (claim.kind === 'claimed') break;
      if (claim.kind === 'reused')
        throw new HttpError(
          422,
          'IdempotencyKeyReused',
          'This Idempotency-Key was already used for another request; send a new key for a new request.',
        );
      if (claim.kind === 'answered') {
        // Only to a caller the route would answer now (replay.ts ReplayAccess): its own refusal
        // otherwise, and the kept answer stays for when the access comes back.
        const access = request.routeOptions.config.access;
        if (typeof access === 'function') await access(request);
        // What the answer states may no longer hold (replay.ts): checked before it is sent again.
        // The check's writes, if it makes any (a $batch's create again), know the request's key.
        request[IDEMPOTENCY] = { principal: caller, key: header };
        const verdict =
          typeof replay === 'function'
            ? await replay(request, keptReply(claim.answer)).finally(() => (request[IDEMPOTENCY] = undefined))
            : ({ kind: 'holds' } as const);
        if (verdict.kind === 'gone') {
          if (await store.reclaim(caller, header, claim.expiresAtMs, now(), RUNNING_MS)) break;
          continue;
        }
        reply.header('idempotent-replayed', 'true');
        if (claim.answer.contentType) reply.header('content-type', claim.answer.contentType);
        const payload = verdict.kind === 'now' ? JSON.stringify(verdict.body) : claim.answer.payload;
        return reply.code(claim.answer.status).send(payload);
      }
      // The first one still runs: here, its end; elsewhere, the store's row, for a while.
      const here = running.get(id);
      if (here) await here;
      else if (performance.now() < until) await delay(POLL_MS);
      else
        throw new HttpError(
          409,
          'IdempotencyKeyInProgress',
          'A request with this Idempotency-Key is still running; send it again shortly.',
        );
    }
    running.set(id, new Promise<void>((resolve) => settles.set(id, resolve)));
    request[IDEMPOTENCY] = { principal: caller, key: header };
  });

  app.addHook('onSend', async (request: Tagged, reply, payload) => {
    const held = request[IDEMPOTENCY];
    if (held === undefined) return payload;
    request[IDEMPOTENCY] = undefined;
    const id = idOf(held.principal, held.key);
    const done = reply.statusCode >= 200 && reply.statusCode < 300;
    const body =
      typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
    try {
      if (!done || body === null || body.length > MAX_KEPT_BYTES)
        await store.forget(held.principal, held.key);
      else {
        const contentType = reply.getHeader('content-type');
        await store.keep(
          held.principal,
          held.key,
          {
            status: reply.statusCode,
            contentType: typeof contentType === 'string' ? contentType : undefined,
            payload: body,
          },
          now(),
          ttlMs,
        );
      }
    } finally {
      finish(id);
    }
    return payload;
  });

  // A request that ended without an answer being sent (the client went away first) keeps nothing.
  app.addHook('onResponse', async (request: Tagged) => {
    const held = request[IDEMPOTENCY];
    if (held === undefined) return;
    request[IDEMPOTENCY] = undefined;
    try {
      await store.forget(held.principal, held.key);
    } finally {
      finish(idOf(held.principal, held.key));
    }
  });
}

/**
 * The key of the write `request` does, unique per caller: `<principal> <Idempotency-Key>` for a
 * request sent with a key, the envelope's and `op:<id>` for an operation of a `$batch` sent with
 * one (link-origin.ts asOperationOf); null without a key. Read it in the handler (it is gone once
 * the answer is sent).
 */
export function writeKeyOf(request: FastifyRequest): string | null {
  const held = (request as Tagged)[IDEMPOTENCY];
  if (held !== undefined) return keyedWriteKey(held.principal, held.key);
  return operationWriteKey(request);
}

/**
 * The write key of a `$batch` operation sent with an Idempotency-Key of its own (an engine's
 * create key, bc/create-key.ts): the envelope's caller and the operation's key, the form a
 * request sent alone with that key has (writeKeyOf), so the operation and such a request, from any
 * host of the caller and whatever the envelope, name one contact (lead's trust list, item 1).
 * Null when the envelope's token names nobody. Not claimed in the store: the contact's id derived
 * from it is what keeps the create single (F75), and a claim per operation would be a database
 * round trip per create.
 */
export async function operationKeyOf(envelope: FastifyRequest, key: string): Promise<string | null> {
  const caller = await (envelope as Tagged)[PRINCIPAL]?.();
  return caller ? keyedWriteKey(caller, key) : null;
}

/** A kept answer as a replay check reads it: its body parsed when it is JSON (else null). */
function keptReply(answer: KeptAnswer): KeptReply {
  let body: unknown = null;
  try {
    if (answer.contentType?.includes('json')) body = JSON.parse(answer.payload.toString('utf8')) as unknown;
  } catch {
    // Not JSON as it says: nothing to check in it.
  }
  return { status: answer.status, body };
}

/** Whether `key` is an Idempotency-Key's value: 1 to 255 visible ASCII characters. */
export function isIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Why a header is no key, for the refusal's detail (the header's value is not echoed). */
function keyProblem(header: string | string[]): string {
  if (Array.isArray(header)) return 'sent more than once';
  if (header.length === 0) return 'empty';
  if (header.length > 255) return `${header.length} characters; at most 255`;
  return 'holds a character that is not visible ASCII';
}
