import { makeLink } from '../../src/core/link.js';
import type { Link } from '../../src/core/link.js';
import { syncFieldsToOutlookDraft } from '../../src/core/mapping.js';
import type { BcContact, OutlookContact, SyncFields } from '../../src/core/model.js';
import type { Pair } from '../../src/core/pair.js';

// One linked pair as the decision-table tests build it: BC's b1 and Outlook's o1, linked with
// `base` at BC etag e1 and Outlook change key k1 (decision-table, quiet-pair).

/** Outlook's o1 holding `fields` (as the sync writes them for BC's b1), at change key `changeKey`. */
export function outlookCopyOf(fields: SyncFields, changeKey: string): OutlookContact {
  return { ...syncFieldsToOutlookDraft(fields, 'b1'), id: 'o1', changeKey, outlookOnly: [] };
}

/** The link b1 ↔ o1 with `base`, stamped e1 / k1. */
export function linkB1O1(base: SyncFields): Link {
  return makeLink({ bcId: 'b1', outlookId: 'o1' }, base, { bcEtag: 'e1', outlookChangeKey: 'k1' }, undefined);
}

/** The planner's pair of a link whose two contacts are both present. */
export function presentPair(
  link: Link,
  bc: BcContact,
  outlook: OutlookContact,
): Extract<Pair, { kind: 'linked' }> {
  return {
    kind: 'linked',
    link,
    bc: { kind: 'present', contact: bc },
    outlook: { kind: 'present', contact: outlook },
    recorded: null,
  };
}
