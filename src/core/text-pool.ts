/**
 * Equal texts read in one read held as one string (issue 12: a run holds every contact of the
 * folder and every link at once). Contacts of one company repeat its name, address, web site; each
 * parsed from JSON was a string of its own per contact, on each side and in each link's base.
 * A pool lives as long as one read (a page's mapping takes it), then goes with its map. Only the
 * fields where people share values are pooled (a person's own name or e-mail would only grow the
 * map); V8 already shares the short ones JSON.parse reads, so those are not looked up.
 */
export class TextPool {
  private readonly held = new Map<string, string>();

  /** The string of the first text equal to `text` this pool met (`text` itself the first time). */
  of(text: string): string {
    if (text.length <= SHORT) return text;
    const had = this.held.get(text);
    if (had !== undefined) return had;
    this.held.set(text, text);
    return text;
  }
}

/** Up to this long, a text read from JSON is already shared (V8 internalizes short string values). */
const SHORT = 10;

/** `text` through `pool` when there is one. */
export function pooled(pool: TextPool | undefined, text: string): string {
  return pool === undefined ? text : pool.of(text);
}
