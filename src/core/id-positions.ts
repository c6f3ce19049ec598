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
  /**
   * Two integers a slot: at 2s its position + 1 (0: empty), at 2s + 1 its id's hash, which a probe
   * compares before the id's characters. At most half full, so a probe ends soon. The hash beside
   * the position, not in a table by position: a probe of 100,000 ids scattered over the table read
   * the slot's cache line and then another of that table for each (issue 12 §2: the look-ups were
   * most of a link's own CPU in a warm plan, cache misses, not instructions).
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Positions whose id appeared at an earlier position (null when no id repeats). */
  private repeats: Uint8Array | null = null;
  /** How many distinct ids the list holds. */
  readonly size: number;
  /** Whether ids are hashed over every character (`hashOf`'s `every`): once the tail's hash clustered them. */
  private every = false;

  constructor(private readonly ids: readonly string[]) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    let size = this.fill();
    if (size < 0) {
      // Ids alike in the characters hashed: filled again over every character (the old cost).
      this.every = true;
      this.slots.fill(0);
      this.repeats = null;
      size = this.fill();
    }
    this.size = size;
  }

  /**
   * Puts every id in the table; the number of distinct ids, or -1 when the tail's hash made probe
   * runs long enough to cost more than hashing every character (ids that differ only where the
   * hash does not read): the table is then left for a fill over every character.
   */
  private fill(): number {
    const { ids, every } = this;
    const budget = 8 * ids.length + 1024;
    let size = 0;
    let probes = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const h = hashOf(id, every);
      const slot = this.slotOf(id, h);
      probes += (slot - (h & this.mask)) & this.mask;
      if (!every && probes > budget) return -1;
      if (this.slots[2 * slot] === 0) size++;
      else (this.repeats ??= new Uint8Array(ids.length))[i] = 1;
      this.slots[2 * slot] = i + 1;
      this.slots[2 * slot + 1] = h;
      if (i === FEEDBACK_AT) this.slotOf(ids[0]!, hashOf(ids[0]!, every));
    }
    return size;
  }

  /** The id's position (the last, when it repeats), or -1. */
  positionOf(id: string): number {
    return this.slots[2 * this.slotOf(id, hashOf(id, this.every))]! - 1;
  }

  /**
   * For the id at position `k` of the list: its position (the last, when it repeats) when `k` is
   * its first appearance, else -1. Going over k = 0, 1, … visits each id's position once, in the
   * order of first appearance, in a loop of the caller's own (issue 12: one loop here taking each
   * caller's callback was compiled five times in a first plan, "wrong call target" and "wrong map"
   * as the callers took turns; --trace-opt --trace-deopt).
   */
  firstAt(k: number): number {
    const repeats = this.repeats;
    if (repeats === null) return k;
    return repeats[k] === 0 ? this.positionOf(this.ids[k]!) : -1;
  }

  /**
   * Each id's position (the last one) once, in the order of the id's first appearance.
   * @internal Test seam (id-positions.test); the planner's loops use `firstAt`.
   */
  forEachPosition(visit: (i: number) => void): void {
    for (let k = 0; k < this.ids.length; k++) {
      const i = this.firstAt(k);
      if (i >= 0) visit(i);
    }
  }

  /** The slot holding the id, or the empty slot where it would go. */
  private slotOf(id: string, h: number): number {
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const p = this.slots[2 * slot]!;
      if (p === 0 || (this.slots[2 * slot + 1] === h && this.ids[p - 1] === id)) return slot;
    }
  }
}

/**
 * When `fill` looks its first id up again (once, its answer unused): `slotOf` then compares an id
 * whose hash agrees, so that comparison has type feedback before `fill`'s loop is compiled. Two of
 * 100,000 ids share a 32-bit hash about once (BC's ids of bench/core-plan-input.ts at the 42,659th),
 * and that first comparison, met inside the optimized loop, threw it away ("Insufficient type
 * feedback" at `this.ids`, --trace-deopt; issue 12) for baseline code and a second compile. After
 * 64 ids, not at the first: V8 records a function's feedback from its 8th call on. (A warm-up at
 * module load, tried, left the deopt as it was: its feedback did not last until the plan.)
 */
const FEEDBACK_AT = 64;

/** Characters of a long id hashed, from its end (Exchange ids differ there). */
const HASH_TAIL = 24;
/** Ids up to this long (BC's GUIDs) are hashed over every character. */
const HASH_WHOLE = 40;

/**
 * FNV-1a over the id's UTF-16 code units, its length mixed in first: every unit of an id up to
 * HASH_WHOLE long (BC's GUIDs) or when `every`; of a longer one the last HASH_TAIL (issue 12 §2:
 * Exchange ids are 152 characters, a shared mailbox and folder prefix then the item's own; hashing
 * each in full was 4% of a plan's CPU, and a sample of the prefix read two more cache lines of each
 * of 190,000 ids scattered over the heap for nothing an Exchange id's prefix tells apart).
 */
function hashOf(id: string, every: boolean): number {
  const n = id.length;
  let h = 0x811c9dc5 ^ n;
  // One loop, its start worked out for every id and then chosen: code met only by the long ids had
  // no type feedback when `fill` was compiled over the first side's (BC's) ids, so Outlook's ids
  // deoptimized it and it was compiled again (issue 12: three compiles of `fill` in a first plan,
  // two with this; --trace-opt --trace-deopt).
  const tail = n - HASH_TAIL;
  for (let i = every || n <= HASH_WHOLE ? 0 : tail; i < n; i++)
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h;
}
