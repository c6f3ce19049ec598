import type { BcContact } from '../core/model.js';
import type { PageBeat } from '../core/ports.js';
import { pagesMeet, readPagesOnLanes } from '../platform/page-lanes.js';
import type { BcHttp } from './bc-http.js';
import { str, toBcContact, values } from './bc-wire.js';
import { TextPool } from '../core/text-pool.js';
import type { Json } from './bc-wire.js';
import { isRemovedRow } from './delta-link.js';

/* A list read by `$skip` on lanes (HttpBcContacts.readInFull, issue 12 §2), and the check that
   its offsets held while it was read. */

/** Pages asked at once: as many as HttpBcContacts keeps writes in flight. */
const READ_LANES = 4;

/** A list read by offsets: every row by id, and whether its pages met edge to edge. */
export interface OffsetRead {
  readonly rows: Map<string, BcContact>;
  /**
   * Each page after the first began with the row (same id, same number) that ended the page
   * before it. Rows that did not change while the pages were read keep their order around such a
   * row, so none of them fell between two pages — whatever the changed rows did, a row renumbered
   * away and back included, which no closing round can show (it reports a row's last state only).
   */
  readonly edgesMet: boolean;
}

/**
 * Every row of the list at `first` by id, pages of `size` rows that overlap by one: the first
 * page, then — when it has a nextLink — page k from `$skip` k × (size − 1) on READ_LANES lanes
 * until a page without one ends the list (pages past it are dropped). A row met twice counts once
 * (its later read). Each page is read into contacts as it comes: the rows' JSON of a 50,000 read is
 * not held all at once. A `size` below 2 leaves no row to overlap: the edges are not met.
 */
export async function readByOffsets(
  http: BcHttp,
  first: string,
  size: number,
  onPage?: PageBeat,
): Promise<OffsetRead> {
  const prefer = { prefer: `odata.maxpagesize=${size}` };
  const stride = Math.max(1, size - 1);
  const pages: BcContact[][] = [];
  // One pool for the read: a company's contacts share their company's texts (text-pool.ts).
  const pool = new TextPool();
  const contactsOf = (json: Json): BcContact[] =>
    values(json)
      .filter((r) => !isRemovedRow(r))
      .map((r) => toBcContact(r, pool));
  // Lanes ask by offset until a page says it is the last: bounded like any walk (page-walk.ts).
  const walk = http.walk();
  walk.counted();
  const head = await http.send('GET', first, undefined, prefer);
  pages[0] = contactsOf(head);
  await onPage?.();
  // The first page without a nextLink ends the list; a page past it, read by a lane meanwhile, is not kept.
  let end = typeof head['@odata.nextLink'] === 'string' ? Infinity : 0;
  if (end > 0)
    await readPagesOnLanes(
      READ_LANES,
      (index) => {
        walk.counted();
        return http.send('GET', `${first}?$skip=${index * stride}`, undefined, prefer);
      },
      (json) => typeof json['@odata.nextLink'] === 'string',
      async (index, json) => {
        pages[index] = contactsOf(json);
        if (typeof json['@odata.nextLink'] !== 'string') end = Math.min(end, index);
        await onPage?.();
      },
    );
  const kept = pages.slice(0, end + 1);
  const byId = new Map<string, BcContact>();
  for (const page of kept) for (const contact of page ?? []) byId.set(contact.id, contact);
  const same = (a: BcContact, b: BcContact) => a.id === b.id && a.number === b.number;
  return { rows: byId, edgesMet: size >= 2 && pagesMeet(kept, same) };
}

/**
 * Whether a list read by offsets (`rows`, by id) missed no row, given the rows a round reports as
 * changed while it was read: none deleted, and none moved — each changed row was read with the
 * same number (BC orders the list by it), so no row behind one shifted past a page's edge.
 */
export function heldStill(
  rows: ReadonlyMap<string, Pick<BcContact, 'number'>>,
  changed: readonly Json[],
): boolean {
  return changed.every((row) => {
    if (isRemovedRow(row)) return false;
    const read = rows.get(str(row.id));
    return read !== undefined && read.number === str(row.number);
  });
}
