import type { BcContact } from '../core/model.js';
import type { PageBeat } from '../core/ports.js';
import { readPagesOnLanes } from '../platform/page-lanes.js';
import type { BcHttp } from './bc-http.js';
import { str, toBcContact, values } from './bc-wire.js';
import type { Json } from './bc-wire.js';
import { isRemovedRow } from './delta-link.js';

/* A list read by `$skip` on lanes (HttpBcContacts.readInFull, issue 12 §2), and the check that
   its offsets held while it was read. */

/** Pages asked at once: as many as HttpBcContacts keeps writes in flight. */
const READ_LANES = 4;

/**
 * Every row of the list at `first` by id, a page of `size` at a time: the first page, then — when
 * it has a nextLink — pages 1, 2, … by `$skip` on READ_LANES lanes until a page without one
 * ends the list (pages past it are dropped). A row met twice (the list shifted) counts once. Each
 * page is read into contacts as it comes: the rows' JSON of a 50,000 read is not held all at once.
 */
export async function readByOffsets(
  http: BcHttp,
  first: string,
  size: number,
  onPage?: PageBeat,
): Promise<Map<string, BcContact>> {
  const prefer = { prefer: `odata.maxpagesize=${size}` };
  const pages: BcContact[][] = [];
  const contactsOf = (json: Json): BcContact[] =>
    values(json)
      .filter((r) => !isRemovedRow(r))
      .map(toBcContact);
  const head = await http.send('GET', first, undefined, prefer);
  pages[0] = contactsOf(head);
  await onPage?.();
  if (typeof head['@odata.nextLink'] === 'string')
    await readPagesOnLanes(
      READ_LANES,
      (index) => http.send('GET', `${first}?$skip=${index * size}`, undefined, prefer),
      (json) => typeof json['@odata.nextLink'] === 'string',
      async (index, json) => {
        pages[index] = contactsOf(json);
        await onPage?.();
      },
    );
  const byId = new Map<string, BcContact>();
  for (const page of pages) for (const contact of page ?? []) byId.set(contact.id, contact);
  return byId;
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
