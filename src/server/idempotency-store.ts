import type { Db } from '../store/db.js';

/** The first answer to a POST with an Idempotency-Key, as it is sent again. */
export interface KeptAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly payload: Buffer;
}

/** What a request with a key finds (`IdempotencyStore.claim`). */
type Claim =
  /** Nobody holds the key (or its answer expired): the request runs, and this caller keeps its answer. */
  | { readonly kind: 'claimed' }
  /** The first request with the key still runs (in this process or another). */
  | { readonly kind: 'running' }
  /** Kept until `expiresAtMs` (made `ttlMs` before it); `reclaim` names it by that time. */
  | { readonly kind: 'answered'; readonly answer: KeptAnswer; readonly expiresAtMs: number }
  /** The key was used for another method, URL or body. */
  | { readonly kind: 'reused' };

/**
 * Where the facade keeps Idempotency-Key answers (F64): by the caller's principal (the user's
 * `<tid>:<oid>` or the app — never the Authorization header, so a refreshed token is the same
 * caller) and the key. Times are epoch milliseconds. A claim lasts `ttlMs` while its request runs
 * (a process that died with it frees the key then); a kept answer until `nowMs + ttlMs` of `keep`.
 */
export interface IdempotencyStore {
  claim(principal: string, key: string, fingerprint: string, nowMs: number, ttlMs: number): Promise<Claim>;
  /** The first request's 2xx answer, kept until `nowMs + ttlMs`. */
  keep(principal: string, key: string, answer: KeptAnswer, nowMs: number, ttlMs: number): Promise<void>;
  /** The first request changed nothing (no 2xx, or its caller went away): the key is free again. */
  forget(principal: string, key: string): Promise<void>;
  /**
   * Claims a key whose kept answer no longer holds (server/replay.ts `gone`): the answer kept until
   * `expiresAtMs` is dropped and the caller runs the request, as `claimed`. False, nothing changed,
   * when the row is no longer that answer (another resend reclaimed it first): claim again.
   */
  reclaim(
    principal: string,
    key: string,
    expiresAtMs: number,
    nowMs: number,
    ttlMs: number,
  ): Promise<boolean>;
}

/** In one process (tests, a facade without SQL): a map, oldest dropped first past `maxEntries`. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly rows = new Map<
    string,
    { fingerprint: string; answer: KeptAnswer | null; expiresAt: number }
  >();
  constructor(private readonly maxEntries = 10_000) {}

  readonly claim: IdempotencyStore['claim'] = async (principal, key, fingerprint, nowMs, ttlMs) => {
    const id = JSON.stringify([principal, key]);
    for (const [k, row] of this.rows) if (row.expiresAt <= nowMs) this.rows.delete(k);
    const row = this.rows.get(id);
    if (!row) {
      this.rows.set(id, { fingerprint, answer: null, expiresAt: nowMs + ttlMs });
      while (this.rows.size > this.maxEntries) this.rows.delete(this.rows.keys().next().value as string);
      return { kind: 'claimed' };
    }
    if (row.fingerprint !== fingerprint) return { kind: 'reused' };
    return row.answer
      ? { kind: 'answered', answer: row.answer, expiresAtMs: row.expiresAt }
      : { kind: 'running' };
  };

  readonly reclaim: IdempotencyStore['reclaim'] = async (principal, key, expiresAtMs, nowMs, ttlMs) => {
    const row = this.rows.get(JSON.stringify([principal, key]));
    if (!row?.answer || row.expiresAt !== expiresAtMs) return false;
    Object.assign(row, { answer: null, expiresAt: nowMs + ttlMs });
    return true;
  };

  readonly keep: IdempotencyStore['keep'] = async (principal, key, answer, nowMs, ttlMs) => {
    const row = this.rows.get(JSON.stringify([principal, key]));
    if (row) Object.assign(row, { answer, expiresAt: nowMs + ttlMs });
  };

  readonly forget: IdempotencyStore['forget'] = async (principal, key) => {
    this.rows.delete(JSON.stringify([principal, key]));
  };
}

/** Claims between two sweeps of every caller's expired rows (each claim sweeps its own caller's). */
const SWEEP_EVERY = 200;

/**
 * In the facade's database (table idempotency_keys, migration 012): every facade process on one
 * PostgreSQL, and the same process after a restart, see one answer per caller and key.
 */
export class SqlIdempotencyStore implements IdempotencyStore {
  private claims = 0;
  constructor(private readonly db: Db) {}

  readonly claim: IdempotencyStore['claim'] = async (principal, key, fingerprint, nowMs, ttlMs) => {
    const now = new Date(nowMs).toISOString();
    if (++this.claims % SWEEP_EVERY === 0)
      await this.db.query('DELETE FROM idempotency_keys WHERE expires_at <= $1::timestamptz', [now]);
    // One statement: of two processes claiming one key at once, exactly one inserts (or takes an
    // expired row over); the other reads what the first holds.
    const won = await this.db.query(
      `INSERT INTO idempotency_keys (principal, key, fingerprint, status, content_type, payload, expires_at)
       VALUES ($1, $2, $3, NULL, NULL, NULL, $5::timestamptz)
       ON CONFLICT (principal, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL,
         content_type = NULL, payload = NULL, expires_at = excluded.expires_at
       WHERE idempotency_keys.expires_at <= $4::timestamptz
       RETURNING key`,
      [principal, key, fingerprint, now, new Date(nowMs + ttlMs).toISOString()],
    );
    if (won.rows.length > 0) return { kind: 'claimed' };
    const r = await this.db.query<{
      fingerprint: string;
      status: number | null;
      content_type: string | null;
      payload: Uint8Array | null;
      expires_ms: number;
    }>(
      `SELECT fingerprint, status, content_type, payload,
              round(extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms
         FROM idempotency_keys WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    const row = r.rows[0];
    // Forgotten between the two statements: the caller asks again.
    if (!row) return this.claim(principal, key, fingerprint, nowMs, ttlMs);
    if (row.fingerprint !== fingerprint) return { kind: 'reused' };
    if (row.status === null) return { kind: 'running' };
    return {
      kind: 'answered',
      answer: {
        status: row.status,
        contentType: row.content_type ?? undefined,
        payload: Buffer.from(row.payload ?? new Uint8Array()),
      },
      expiresAtMs: row.expires_ms,
    };
  };

  readonly reclaim: IdempotencyStore['reclaim'] = async (principal, key, expiresAtMs, nowMs, ttlMs) => {
    // One statement, on the answer as read: of two resends that found it gone, one runs.
    const won = await this.db.query(
      `UPDATE idempotency_keys SET status = NULL, content_type = NULL, payload = NULL,
              expires_at = $4::timestamptz
        WHERE principal = $1 AND key = $2 AND status IS NOT NULL AND expires_at = $3::timestamptz
        RETURNING key`,
      [principal, key, new Date(expiresAtMs).toISOString(), new Date(nowMs + ttlMs).toISOString()],
    );
    return won.rows.length > 0;
  };

  readonly keep: IdempotencyStore['keep'] = async (principal, key, answer, nowMs, ttlMs) => {
    await this.db.query(
      `UPDATE idempotency_keys SET status = $3, content_type = $4, payload = $5, expires_at = $6::timestamptz
       WHERE principal = $1 AND key = $2`,
      [
        principal,
        key,
        answer.status,
        answer.contentType ?? null,
        answer.payload,
        new Date(nowMs + ttlMs).toISOString(),
      ],
    );
  };

  readonly forget: IdempotencyStore['forget'] = async (principal, key) => {
    await this.db.query('DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2', [principal, key]);
  };
}
