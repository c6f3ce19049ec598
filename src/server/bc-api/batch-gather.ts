/**
 * A run of a `$batch`'s operations whose writes go to the source together (issue 12: creates in
 * one collection, batch-creates.ts; updates of distinct contacts, batch-patches.ts). Each operation
 * still runs through its own route (access, rate limits, validation, its write key): the run's
 * operations are started together and each one that reaches its write hands it here; once every
 * operation of the run has either handed its write or ended without one (refused before), the
 * writes are sent at once, in the batch's order, so the batch answers as if its operations had run
 * one after another.
 */
export abstract class RunGather<H extends { readonly index: number } = { readonly index: number }> {
  private readonly waiting: Set<number>;
  private readonly handed: H[] = [];

  constructor(indexes: readonly number[]) {
    this.waiting = new Set(indexes);
  }

  /** Operation `index` ended (answered, refused or failed): it hands nothing more. */
  ended(index: number): void {
    if (this.waiting.delete(index)) this.flushIfAll();
  }

  /** Operation `handed.index`'s write: sent once every operation of the run handed its own or ended. */
  protected hand(handed: H): void {
    this.handed.push(handed);
    this.waiting.delete(handed.index);
    this.flushIfAll();
  }

  private flushIfAll(): void {
    if (this.waiting.size > 0 || this.handed.length === 0) return;
    const all = this.handed.splice(0).sort((a, b) => a.index - b.index);
    void this.send(all);
  }

  /** Sends the handed writes (in the batch's order) and settles each one's promise; never throws. */
  protected abstract send(all: readonly H[]): Promise<void>;
}

/** What an operation of a gathered run carries: its run's gather and its place in the batch. */
export interface GatherPart {
  readonly gather: RunGather;
  readonly index: number;
}

/**
 * `all` cut into its stretches of consecutive writes of one source and company, each given to
 * `send` in order, one after another.
 */
export async function bySourceAndCompany<H extends { readonly source: unknown; readonly companyId: string }>(
  all: readonly H[],
  send: (stretch: readonly H[]) => Promise<void>,
): Promise<void> {
  let at = 0;
  while (at < all.length) {
    const first = all[at]!;
    let end = at + 1;
    while (end < all.length && all[end]!.source === first.source && all[end]!.companyId === first.companyId)
      end++;
    await send(all.slice(at, end));
    at = end;
  }
}

/** A handed operation's answer: what its route awaits. */
interface HandedAnswer<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Writes `list` (handed operations of one source and company) in one gathered call `all` when it
 * holds more than one and the source can (`all` not null), each answered from its place in the
 * results; otherwise one after another with `each` (a source without gathered writes: a tenant
 * upstream). A gathered call that throws rejects every operation with its error (outcome unknown:
 * not sent again); a missing result rejects its operation with `missing`.
 */
export async function answerHanded<H extends HandedAnswer<T>, T>(
  list: readonly H[],
  all: ((list: readonly H[]) => Promise<PromiseSettledResult<T>[]>) | null,
  each: (h: H) => Promise<T>,
  missing: string,
): Promise<void> {
  if (list.length > 1 && all) {
    let out: PromiseSettledResult<T>[];
    try {
      out = await all(list);
    } catch (e) {
      for (const h of list) h.reject(e);
      return;
    }
    list.forEach((h, n) => {
      const r = out[n];
      if (r?.status === 'fulfilled') h.resolve(r.value);
      else h.reject(r ? r.reason : new Error(missing));
    });
    return;
  }
  for (const h of list) {
    try {
      h.resolve(await each(h));
    } catch (e) {
      h.reject(e);
    }
  }
}
