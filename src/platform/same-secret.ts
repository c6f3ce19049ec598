import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret a request carries (an admin token) is the expected one, compared in constant
 * time so how long the answer takes does not tell how much of it was right. The emulator's admin
 * routes and the facade's /internal routes check their tokens with it.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
