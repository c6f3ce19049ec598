/**
 * One side's view indexed by id: each id's position in the list (a later duplicate wins), and
 * whether a link claims it. Positions, not a second map or set per question, and no iteration of
 * the map when no id repeats (the usual case): at 100,000 contacts a side every hash operation and
 * iterator step saved is measured (issue 12 §2).
 */
export class SideIndex<T extends { readonly id: string }> {
  private readonly at = new Map<string, number>();
  private readonly linked: Uint8Array;
  /** Contacts as this plan leaves them, by position (BC contacts the plan updates). */
  private after: T[] | null = null;

  constructor(private readonly list: readonly T[]) {
    for (let i = 0; i < list.length; i++) this.at.set(list[i]!.id, i);
    this.linked = new Uint8Array(list.length);
  }

  get size(): number {
    return this.at.size;
  }

  get(id: string): T | undefined {
    const i = this.at.get(id);
    return i === undefined ? undefined : this.list[i];
  }

  /** The contact with this id, marked as claimed by a link. */
  claim(id: string): T | undefined {
    const i = this.at.get(id);
    if (i === undefined) return undefined;
    this.linked[i] = 1;
    return this.list[i];
  }

  /** Records the contact as this plan leaves it (read by `afterPlan`). */
  setAfterPlan(id: string, contact: T): void {
    const i = this.at.get(id);
    if (i !== undefined) (this.after ??= new Array<T>(this.list.length))[i] = contact;
  }

  /** Each id's position, in the order of its first appearance. */
  private forEachPosition(visit: (i: number) => void): void {
    // No id repeats: the list's own order, without stepping through the map.
    if (this.at.size === this.list.length) for (let i = 0; i < this.list.length; i++) visit(i);
    else for (const i of this.at.values()) visit(i);
  }

  /** The contacts as this plan leaves them, by id and in the order of first appearance of each id. */
  afterPlan(): { get(id: string): T | undefined; forEach(visit: (contact: T) => void): void } {
    return {
      get: (id) => {
        const i = this.at.get(id);
        return i === undefined ? undefined : (this.after?.[i] ?? this.list[i]);
      },
      forEach: (visit) => this.forEachPosition((i) => visit(this.after?.[i] ?? this.list[i]!)),
    };
  }

  /** The contacts no link claimed, in the order of first appearance of each id. */
  unclaimed(): T[] {
    const out: T[] = [];
    this.forEachPosition((i) => {
      if (this.linked[i] === 0) out.push(this.list[i]!);
    });
    return out;
  }
}
