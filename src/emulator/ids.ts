import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Opaque identifiers shaped like Exchange's: only uniqueness matters to clients, but the shapes
 * (base64 with '=' padding for ids, '/' and '+' inside change keys) catch clients that mangle them.
 */
export function newItemId(): string {
  return 'AAMkAGI2' + randomBytes(33).toString('base64url') + '=';
}

export function newFolderId(): string {
  return 'AAMkAGI2AAEO' + randomBytes(24).toString('base64url') + '=';
}

export function newChangeKey(): string {
  return 'EQAAABYAAAD' + randomBytes(12).toString('base64');
}

export function newRequestId(): string {
  return randomUUID();
}

/** Deterministic PRNG (mulberry32) so fault injection, jitter and batch shuffles replay exactly. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Graph timestamps: ISO 8601 UTC without milliseconds ("2014-01-01T00:00:00Z"). */
export function graphTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
