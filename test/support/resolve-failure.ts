import { ResolveError } from '../../src/core/resolve.js';
import type { ResolveFailure } from '../../src/core/resolve.js';

/** The failure (as data) a resolve was refused with; any other outcome fails the test. */
export async function resolveFailureOf(p: Promise<unknown>): Promise<ResolveFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ResolveError) return e.failure;
    throw e;
  }
  throw new Error('expected a ResolveError');
}
