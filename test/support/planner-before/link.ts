// link.ts as it was at 40dc9b4 (before issue 12's cuts of what a decided pair allocates), kept verbatim but for its
// imports, exports and what the planner does not call: the oracle test/core/planner-differential.test.ts holds today's plans to.
import type { SyncFields } from '../../../src/core/model.js';
import type { OutlookOwnValues } from '../../../src/core/owned-values.js';

/** One BC contact joined to one Outlook contact, with what both sides agreed on last time. */
export interface Link {
  readonly bcId: string;
  readonly outlookId: string;
  readonly base: SyncFields;
  readonly bcEtag: string;
  readonly outlookChangeKey: string;
  /**
   * The Outlook-only e-mail addresses and phones seen at the last sync (owned-values.ts); absent in
   * links stored before issue 8 §1, which read entries past BC's positions as Outlook's own.
   */
  readonly outlookOwn?: OutlookOwnValues;
  /**
   * The Outlook contact at `outlookChangeKey` held `base` and `outlookOwn` (our own write's answer,
   * or a read the planner found the same): a delta that does not report the contact lets a PATCH
   * with that changeKey as If-Match stand for reading it (issue 12 §2). Absent: not known, read it.
   */
  readonly outlookHoldsBase?: true;
}

/**
 * Whether a link may say Outlook holds its base (Link.outlookHoldsBase): only at a changeKey it saw.
 * With '' (not seen) a PATCH on the link's word would carry no If-Match that Outlook could refuse, and
 * a change made in Outlook since would be overwritten unread.
 */
function holdsBaseAt(claimed: boolean | undefined, outlookChangeKey: string): boolean {
  return claimed === true && outlookChangeKey !== '';
}

/**
 * The one way a Link is made. `bcEtag` / `outlookChangeKey` are the version stamps seen with `base`;
 * '' means "not seen" (a first match or a recovered create), so the next comparison trusts no stamp.
 * `outlookOwn`: the Outlook-only values of the contact as now known (undefined: not known).
 * `outlookHoldsBase`: see Link; only a caller that saw the contact at that changeKey says true.
 */
export function makeLink(
  ids: { readonly bcId: string; readonly outlookId: string },
  base: SyncFields,
  stamps: { readonly bcEtag: string; readonly outlookChangeKey: string },
  outlookOwn: OutlookOwnValues | undefined,
  outlookHoldsBase = false,
): Link {
  return {
    bcId: ids.bcId,
    outlookId: ids.outlookId,
    base,
    bcEtag: stamps.bcEtag,
    outlookChangeKey: stamps.outlookChangeKey,
    ...(outlookOwn ? { outlookOwn } : {}),
    ...(holdsBaseAt(outlookHoldsBase, stamps.outlookChangeKey) ? { outlookHoldsBase: true as const } : {}),
  };
}
