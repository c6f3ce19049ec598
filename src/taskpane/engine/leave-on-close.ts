import type { LeaseResult } from '../../core/ports.js';
import { HttpSyncStateStore } from '../../sync-client/http-state-store.js';

/* A pane closed mid-run (or reloaded, or navigated away) left its run `running` in the pane's
   history and in GET runs until its lease ran out and the reaper's next sweep marked it: up to
   LEASE_TTL_MS + LEASE_HEARTBEAT_MS (40 s), and a new sync was refused as long. On `pagehide`
   the pane now stops its run and lets go of every lease it holds with `fetch keepalive` (a request
   the browser finishes after the page is gone; sendBeacon cannot carry the bearer token): the
   facade's release marks the run `interrupted` at once, and keeps the lease until the writes the
   pane sent can no longer land (core/run-interrupted.ts letGoOrKeep; the user's next sync starts
   then, not at once: a run let in before found a create not landed yet and made it again).
   Not on `visibilitychange`: a hidden pane (another mail item, the pane pinned) still runs its
   sync, and a live run is never ended. */

interface Held {
  readonly key: string;
  readonly owner: string;
  readonly take?: string;
}

/** The pane's state store, keeping the leases it holds and the last token it sent. */
export class LeaseKeepingStore extends HttpSyncStateStore {
  /** The leases asked for and not let go (one whose answer was lost is let go too: harmless). */
  readonly held = new Map<string, Held>();

  override async acquireLease(
    ...asked: Parameters<HttpSyncStateStore['acquireLease']>
  ): Promise<LeaseResult> {
    const [key, owner, , , , take] = asked;
    this.held.set(idOf(key, owner, take), { key, owner, ...(take === undefined ? {} : { take }) });
    return super.acquireLease(...asked);
  }

  /**
   * The page is going away: its calls in flight were aborted and may land still, so a release that
   * goes out after (the stopped run's own end) keeps the lease too, as the `pagehide` ones do.
   */
  leaving(): void {
    this.writesInFlight = true;
  }

  // Every release goes through here: releaseLease's and a run's end (endRun, kept or not).
  protected override async letGo(
    key: string,
    owner: string,
    take: string | undefined,
    inFlight: boolean,
  ): Promise<void> {
    await super.letGo(key, owner, take, inFlight);
    this.held.delete(idOf(key, owner, take));
  }
}

const idOf = (key: string, owner: string, take: string | undefined): string =>
  JSON.stringify([key, owner, take ?? null]);

export interface LeaveOptions {
  /** The page (window): its `pagehide` is the pane going away. */
  readonly page: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** The sync API's base (`…/sync/v1`). */
  readonly base: string;
  readonly store: LeaseKeepingStore;
  /** The facade token last fetched (a page going away cannot wait for a new one). */
  readonly token: () => string | null;
  /** Stops the run (its requests in flight aborted): it must not go on without its lease. */
  readonly stop: () => void;
  readonly fetch?: typeof fetch;
}

/** Watches the page for the run's life; returns the stop (call it when the run has ended). */
export function leaveOnClose(options: LeaveOptions): () => void {
  const onHide = (): void => {
    options.store.leaving();
    options.stop();
    const token = options.token();
    if (token === null) return;
    const send = options.fetch ?? fetch;
    for (const h of options.store.held.values())
      void send(`${options.base}/state/lease/release`, {
        method: 'POST',
        keepalive: true,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        // Its calls aborted may still land: the facade keeps the lease until they can no more.
        body: JSON.stringify({ ...h, inFlight: true }),
      }).catch(() => undefined);
  };
  options.page.addEventListener('pagehide', onHide);
  return () => options.page.removeEventListener('pagehide', onHide);
}
