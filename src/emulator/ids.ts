import { randomBytes, randomUUID } from 'node:crypto';
import { mulberry32 } from '../platform/mulberry32.js';

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
export const createPrng = mulberry32;

/** Graph timestamps: ISO 8601 UTC without milliseconds ("2014-01-01T00:00:00Z"). */
export function graphTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
