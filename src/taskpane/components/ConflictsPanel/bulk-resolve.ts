import { failureOf } from '../../api/failure.js';

/** How a bulk choice ended: how many were resolved, and each one that was not, with its error. */
export interface BulkOutcome {
  readonly resolved: number;
  readonly failed: readonly { readonly bcId: string; readonly error: unknown }[];
  /** Conflicts not tried because a failure would have repeated for every one of them. */
  readonly notTried: number;
}

/**
 * A failure that is about the request, not about one conflict (no answer, sign-in refused, a sync
 * holding the folder, …): trying the remaining conflicts would only repeat it, so the bulk stops.
 */
function stopsTheRest(error: unknown): boolean {
  const f = failureOf(error);
  if (f.kind === 'refusal') return f.code === 'RunInProgress';
  return f.kind !== 'refused';
}

/**
 * Resolves conflicts one after the other through the server's resolve route (`resolveOne`; each
 * takes the folder's lease, so they cannot overlap), reporting progress after each (F62's bulk
 * choice). A conflict refused on its own (changed again, no longer recorded) is counted and the
 * rest go on; a failure of the request itself stops the rest (`notTried`).
 */
export async function resolveEach(
  bcIds: readonly string[],
  resolveOne: (bcId: string) => Promise<void>,
  progress: (done: number) => void,
): Promise<BulkOutcome> {
  let resolved = 0;
  const failed: { bcId: string; error: unknown }[] = [];
  for (const [i, bcId] of bcIds.entries()) {
    try {
      await resolveOne(bcId);
      resolved++;
    } catch (error) {
      failed.push({ bcId, error });
      if (stopsTheRest(error)) return { resolved, failed, notTried: bcIds.length - i - 1 };
    }
    progress(i + 1);
  }
  return { resolved, failed, notTried: 0 };
}
