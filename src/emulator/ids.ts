import { randomFillSync, randomUUID } from 'node:crypto';
import { mulberry32 } from '../platform/mulberry32.js';

/** Random bytes drawn 4 KB at a time and handed out in slices (see `random`). */
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * `n` cryptographically random bytes. One randomBytes call per id cost 13-27 µs of CPU (a call
 * into OpenSSL each time): 30 µs of every contact a create or update stores, on the path of the
 * batch's next items; a slice of a pool filled 4 KB at a time costs a fraction of that.
 */
function random(n: number): Buffer {
  if (used + n > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const out = pool.subarray(used, used + n);
  used += n;
  return out;
}

/**
 * Opaque identifiers shaped like Exchange's: only uniqueness matters to clients, but the shapes
 * (base64 with '=' padding for ids, '/' and '+' inside change keys) catch clients that mangle them.
 */
export function newItemId(): string {
  return 'AAMkAGI2' + random(33).toString('base64url') + '=';
}

export function newFolderId(): string {
  return 'AAMkAGI2AAEO' + random(24).toString('base64url') + '=';
}

export function newChangeKey(): string {
  return 'EQAAABYAAAD' + random(12).toString('base64');
}

export function newRequestId(): string {
  return randomUUID();
}

/** Deterministic PRNG (mulberry32) so fault injection, jitter and batch shuffles replay exactly. */
export const createPrng = mulberry32;

/** Graph timestamps: ISO 8601 UTC without milliseconds ("2014-01-01T00:00:00Z"). */
export function graphTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
