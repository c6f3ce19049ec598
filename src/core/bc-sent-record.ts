import type { WriteSession } from './executor-support.js';
import type { PlanItem } from './plan.js';
import { sentAheadKey } from './sent-ahead.js';

// The BC updates' pending entries of executor-bc.ts (sent-ahead.ts): their one store write before
// any goes out, and their clearing once the links are stored.

type BcUpdate = Extract<PlanItem, { kind: 'update' }>;

/**
 * The pending entries of settled creates go once their links are stored: with the run's end
 * (ExecuteContext.endLinks: no store call of their own), else now. A run that stops first leaves
 * them to the next run's recovery, which finds their contacts linked and clears them.
 */
export async function clearPending(session: WriteSession, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const { ctx } = session;
  if (ctx.endLinks) ctx.endLinks({ upserts: [], deletes: [], clearPending: [...keys] });
  else await ctx.store.clearPendingCreates(ctx.scope, keys);
}

/**
 * A group's BC updates' pending entries (sent-ahead.ts): each update's key, and their one store
 * write — the creates' pending record when they went along with it (`joined`), else its own.
 */
export class SentRecord {
  readonly keyOf = new Map<BcUpdate, string>();
  private save: Promise<void> | null = null;

  constructor(
    private readonly session: WriteSession,
    updates: readonly BcUpdate[],
  ) {
    for (const u of updates) {
      const key = sentAheadKey(u);
      if (key !== null) this.keyOf.set(u, key);
    }
  }

  keys(): string[] {
    return [...this.keyOf.values()];
  }

  /** The creates' pending record holds the entries too. */
  joined(recorded: Promise<void>): void {
    this.save ??= recorded;
  }

  /** The entries' store write (started once); rejected: none of the updates may go out. */
  saved(): Promise<void> {
    if (this.save === null) {
      const { store, scope } = this.session.ctx;
      this.save = this.keyOf.size > 0 ? store.addPendingCreates(scope, this.keys()) : Promise.resolve();
      // Observed: a call that never goes out never awaits it.
      this.save.catch(() => undefined);
    }
    return this.save;
  }
}
