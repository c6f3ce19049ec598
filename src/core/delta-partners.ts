import { outlookHolds, patchReadsOutlook } from './mapping.js';
import type { BcContact, OutlookContact } from './model.js';
import type { Link } from './link.js';
import type { BcView, OutlookView } from './plan.js';

// Which linked pairs a delta run must read the other side of (delta-reads.ts completeDeltaViews,
// rule delta.bothWays): one rule for both directions, and when BC's change needs no Outlook read.

/** The contacts a view holds: all of a snapshot's, or the changed ones. */
export const contactsOf = <T>(
  view: { kind: 'snapshot'; contacts: readonly T[] } | { kind: 'changes'; changed: readonly T[] },
) => (view.kind === 'snapshot' ? view.contacts : view.changed);

/**
 * Whether BC's change reaches Outlook on the link's word, unread (issue 12 §2: a delta wrote each
 * change as a GET and a PATCH): the link saw Outlook hold the base at its changeKey, the delta did
 * not report the contact since (else it would be in the view), and the change patches alike with
 * or without the contact read. The PATCH's If-Match is that changeKey: had Outlook moved on after
 * all, it answers 412 and the pair is planned again from reads (executor's replan).
 */
export function writesOnLinksWord(bcNow: BcContact, link: Link): boolean {
  return link.outlookHoldsBase === true && !patchReadsOutlook(link.base, bcNow);
}

/** One side of the pairs as the run has read it: for `partnersToRead`. */
export interface SideRead<C> {
  /** The contacts the side's view holds, by id. */
  readonly byId: ReadonlyMap<string, C>;
  /** Ids the view reports as gone (deleted in BC, removed from the Outlook folder). */
  readonly gone: ReadonlySet<string>;
  /** Read in full (a snapshot): a contact it does not hold is gone. */
  readonly whole: boolean;
  /** A link's id of this side's contact. */
  readonly idOf: (link: Link) => string;
}

/**
 * The links whose contact on the side `unread` the read did not report (neither held nor gone),
 * while the contact on the side `read` moved away from the base: gone (reported, or absent from a
 * side read in full), or `moved` (each side says what a move is). The one rule of both directions.
 */
export function partnersToRead<C>(
  known: readonly Link[],
  unread: SideRead<unknown>,
  read: SideRead<C>,
  moved: (contact: C, link: Link) => boolean,
): Link[] {
  return known.filter((l) => {
    const id = unread.idOf(l);
    if (unread.byId.has(id) || unread.gone.has(id)) return false;
    const c = read.byId.get(read.idOf(l));
    if (!c) return read.whole || read.gone.has(read.idOf(l));
    return moved(c, l);
  });
}

/**
 * The BC ids of the links whose BC contact the views do not hold while the Outlook copy the view
 * holds (or reports gone) moved away from what the link saw: BC as it is now decides the pair.
 */
export function bcPartnersToRead(
  known: readonly Link[],
  bc: Extract<BcView, { kind: 'changes' }>,
  outlook: OutlookView,
): string[] {
  const need = partnersToRead(
    known,
    {
      byId: new Map(bc.changed.map((c) => [c.id, c])),
      gone: new Set(bc.deletedIds),
      whole: false,
      idOf: (l) => l.bcId,
    },
    {
      byId: new Map(contactsOf(outlook).map((o) => [o.id, o])),
      gone: new Set(outlook.kind === 'changes' ? outlook.removedIds : []),
      whole: outlook.kind === 'snapshot',
      idOf: (l) => l.outlookId,
    },
    (o: OutlookContact, l) => !outlookHolds(o, l),
  );
  return need.map((l) => l.bcId);
}
