import { IdPositions } from './id-positions.js';

/**
 * One side's view indexed by id: each id's position in the list (a later duplicate wins), and
 * whether a link claims it. Positions, not a second map or set per question, and no iteration of
 * the map when no id repeats (the usual case): at 100,000 contacts a side every hash operation and
 * iterator step saved is measured (issue 12 §2).
 */
export class SideIndex<T extends { readonly id: string }> {
  private readonly at: IdPositions;
  private readonly linked: Uint8Array;
  /** Contacts as this plan leaves them, by position (BC contacts the plan updates). */
  private after: T[] | null = null;

  constructor(private readonly list: readonly T[]) {
    const ids = new Array<string>(list.length);
    for (let i = 0; i < list.length; i++) ids[i] = list[i]!.id;
    this.at = new IdPositions(ids);
    this.linked = new Uint8Array(list.length);
  }

  get size(): number {
    return this.at.size;
  }

  get(id: string): T | undefined {
    const i = this.at.positionOf(id);
    return i < 0 ? undefined : this.list[i];
  }

  /** The contact with this id, marked as claimed by a link. */
  claim(id: string): T | undefined {
    const i = this.at.positionOf(id);
    if (i < 0) return undefined;
    this.linked[i] = 1;
    return this.list[i];
  }

  /**
   * The position of the contact with this id (-1: none), looked up once for callers that read the
   * contact more than once (`atPosition`, `claimAt`): one hash look-up per id instead of one per question.
   */
  positionOf(id: string): number {
    return this.at.positionOf(id);
  }

  /** The contact at a position from `positionOf` (undefined for -1). */
  atPosition(i: number): T | undefined {
    return i < 0 ? undefined : this.list[i];
  }

  /** `claim` by a position from `positionOf`. */
  claimAt(i: number): T | undefined {
    if (i < 0) return undefined;
    this.linked[i] = 1;
    return this.list[i];
  }

  /** Records the contact as this plan leaves it (read by `afterPlan`). */
  setAfterPlan(id: string, contact: T): void {
    const i = this.at.positionOf(id);
    if (i >= 0) (this.after ??= new Array<T>(this.list.length))[i] = contact;
  }

  /** The contacts as this plan leaves them, by id and in the order of first appearance of each id. */
  afterPlan(): { get(id: string): T | undefined; forEach(visit: (contact: T) => void): void } {
    const { at, list } = this;
    return {
      get: (id) => {
        const i = at.positionOf(id);
        return i < 0 ? undefined : (this.after?.[i] ?? list[i]);
      },
      forEach: (visit) => {
        const after = this.after;
        for (let k = 0; k < list.length; k++) {
          const i = at.firstAt(k);
          if (i >= 0) visit(after?.[i] ?? list[i]!);
        }
      },
    };
  }

  /** The contacts no link claimed, in the order of first appearance of each id. */
  unclaimed(): T[] {
    const { at, list, linked } = this;
    const out: T[] = [];
    for (let k = 0; k < list.length; k++) {
      const i = at.firstAt(k);
      if (i >= 0 && linked[i] === 0) out.push(list[i]!);
    }
    return out;
  }
}
