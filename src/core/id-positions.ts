/**
 * Each id's position in a list of ids (the last one when an id repeats), in a table of integers:
 * open addressing over a hash of the id's characters.
 *
 * Why not a Map: a plan indexes both sides' ids, and at 100,000 contacts a side building one Map
 * cost 90–340 ms of CPU (load 9–22) and 8 MB of garbage (its table is regrown as it fills and every
 * key is stored through the GC's write barrier); this table is sized once, holds no pointers but
 * the ids array, and built and probed both sides in a third of that (issue 12 §2, bench:core).
 * Ids come from BC and Exchange, not from users: a crafted set of colliding ids costs time, never
 * a wrong answer (every probe compares the id itself).
 */
export class IdPositions {
  /** Slot → position + 1 (0: empty). At most half full, so a probe ends soon. */
  private readonly slots: Int32Array;
  /** Position → its id's hash: probes compare it before the id's characters. */
  private readonly hashes: Int32Array;
  private readonly mask: number;
  /** Positions whose id appeared at an earlier position (null when no id repeats). */
  private readonly repeats: Uint8Array | null = null;
  /** How many distinct ids the list holds. */
  readonly size: number;

  constructor(private readonly ids: readonly string[]) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.hashes = new Int32Array(ids.length);
    this.mask = capacity - 1;
    let size = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const h = hashOf(id);
      this.hashes[i] = h;
      const slot = this.slotOf(id, h);
      if (this.slots[slot] === 0) size++;
      else (this.repeats ??= new Uint8Array(ids.length))[i] = 1;
      this.slots[slot] = i + 1;
    }
    this.size = size;
  }

  /** The id's position (the last, when it repeats), or -1. */
  positionOf(id: string): number {
    return this.slots[this.slotOf(id, hashOf(id))]! - 1;
  }

  /** Each id's position (the last one) once, in the order of the id's first appearance. */
  forEachPosition(visit: (i: number) => void): void {
    const repeats = this.repeats;
    if (repeats === null) for (let i = 0; i < this.ids.length; i++) visit(i);
    else for (let i = 0; i < this.ids.length; i++) if (repeats[i] === 0) visit(this.positionOf(this.ids[i]!));
  }

  /** The slot holding the id, or the empty slot where it would go. */
  private slotOf(id: string, h: number): number {
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const p = this.slots[slot]!;
      if (p === 0 || (this.hashes[p - 1] === h && this.ids[p - 1] === id)) return slot;
    }
  }
}

/** FNV-1a over the id's UTF-16 code units, its length mixed in first. */
function hashOf(id: string): number {
  let h = 0x811c9dc5 ^ id.length;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h;
}
