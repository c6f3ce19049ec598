import type { Link } from './link.js';
import type { SyncScope, SyncStateStore } from './ports.js';

/**
 * The links one run knows. A run that reads a side in full needs every link (`all`); a delta run
 * needs only the links of the contacts its views hold (`partial`), looked up as the views grow,
 * so an idle delta reads no links at all (issue 12 §2: a run costs what changed, not what exists).
 *
 * Completeness: once `lookUp` was called with an id, a link of that id (if the store holds one)
 * is known; `bcLink`/`outlookLink` answer only for ids looked up (or every id when `complete`).
 */
export class RunLinks {
  private readonly byBc = new Map<string, Link>();
  private readonly byOutlook = new Map<string, Link>();
  private readonly askedBc = new Set<string>();
  private readonly askedOutlook = new Set<string>();

  private constructor(
    private readonly store: Pick<SyncStateStore, 'findLinks'>,
    private readonly scope: SyncScope,
    /** Every link of the scope is held. */
    readonly complete: boolean,
  ) {}

  /** Every link of the scope (one `listLinks`). */
  static async all(store: SyncStateStore, scope: SyncScope): Promise<RunLinks> {
    const links = new RunLinks(store, scope, true);
    for (const l of await store.listLinks(scope)) links.put(l);
    return links;
  }

  /** No link yet; `lookUp` reads the links of the ids a run meets. */
  static partial(store: Pick<SyncStateStore, 'findLinks'>, scope: SyncScope): RunLinks {
    return new RunLinks(store, scope, false);
  }

  /** Reads the links of ids not looked up before (one `findLinks`, none when there are none). */
  async lookUp(bcIds: Iterable<string>, outlookIds: Iterable<string>): Promise<void> {
    if (this.complete) return;
    const bc = [...new Set(bcIds)].filter((id) => id !== '' && !this.askedBc.has(id));
    const ol = [...new Set(outlookIds)].filter((id) => id !== '' && !this.askedOutlook.has(id));
    if (bc.length === 0 && ol.length === 0) return;
    const found = await this.store.findLinks(this.scope, { bcIds: bc, outlookIds: ol });
    for (const id of bc) this.askedBc.add(id);
    for (const id of ol) this.askedOutlook.add(id);
    for (const l of found) {
      this.put(l);
      // A link found by one key answers for its other key too.
      this.askedBc.add(l.bcId);
      this.askedOutlook.add(l.outlookId);
    }
  }

  /** Adds or replaces a link the run made itself (a recovered create), known by both keys. */
  put(link: Link): void {
    const old = this.byBc.get(link.bcId);
    if (old) this.byOutlook.delete(old.outlookId);
    const other = this.byOutlook.get(link.outlookId);
    if (other) this.byBc.delete(other.bcId);
    this.byBc.set(link.bcId, link);
    this.byOutlook.set(link.outlookId, link);
    // A complete set answers for every id: what was asked is kept only where it is not (every
    // link of a whole read went into two more sets, issue 12 §2).
    if (this.complete) return;
    this.askedBc.add(link.bcId);
    this.askedOutlook.add(link.outlookId);
  }

  bcLink(bcId: string): Link | undefined {
    return this.byBc.get(bcId);
  }

  outlookLink(outlookId: string): Link | undefined {
    return this.byOutlook.get(outlookId);
  }

  /** The links held, in no particular order. */
  list(): Link[] {
    return [...this.byBc.values()];
  }

  get size(): number {
    return this.byBc.size;
  }
}
