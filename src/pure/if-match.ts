/**
 * The one reading of an `If-Match` header (the BC API's PATCH and DELETE, on every entity and in
 * `$batch` operations). RFC 9110 §13.1.1: `*`, or a comma-separated list of entity tags, the
 * condition holding when one of them is the entity's; an empty list element is allowed and a
 * header sent twice arrives joined with ", ". A list that names the current etag twice
 * (`W/"x", W/"x"`) names it: it was 409 Request_EntityChanged, as if the record had changed.
 */

/** `*`, or the distinct entity tags listed (each as written: `W/"…"` or `"…"`). */
type IfMatchTags = '*' | readonly string[];

// One list element: an entity tag (etagc: "!" and "#" to "~" and obs-text) and the blanks about it.
const ELEMENT = /^[ \t]*((?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)/;
const EMPTY_ELEMENT = /^[ \t]*,/;

/** The tags `header` lists, or null when it is not an If-Match value (then BC's 400 InvalidToken). */
export function ifMatchTags(header: string): IfMatchTags | null {
  const text = header.trim();
  if (text === '*') return '*';
  const tags: string[] = [];
  let rest = text;
  while (rest !== '') {
    const empty = EMPTY_ELEMENT.exec(rest);
    if (empty) {
      rest = rest.slice(empty[0].length);
      continue;
    }
    const m = ELEMENT.exec(rest);
    if (!m) return null;
    if (!tags.includes(m[1]!)) tags.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  return tags.length === 0 ? null : tags;
}

/** `header`, a valid If-Match, as one canonical value: `*`, or its distinct tags joined with ", ". */
export function canonicalIfMatch(tags: IfMatchTags): string {
  return tags === '*' ? '*' : tags.join(', ');
}

/** Whether `header` holds for an entity: `*`, or one of its tags is the entity's (`isCurrent`). */
export function ifMatchHolds(header: string, isCurrent: (tag: string) => boolean): boolean {
  const tags = ifMatchTags(header);
  if (tags === null) return false;
  return tags === '*' || tags.some(isCurrent);
}
