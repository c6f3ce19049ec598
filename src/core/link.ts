import type { SyncFields } from './model.js';
import type { OutlookOwnValues } from './owned-values.js';

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
export function holdsBaseAt(claimed: boolean | undefined, outlookChangeKey: string): boolean {
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
  const { bcId, outlookId } = ids;
  const { bcEtag, outlookChangeKey } = stamps;
  // One literal per shape, the optional keys last as they were spread in (issue 12: two spreads
  // of a literal made three objects per link the planner refreshes).
  if (holdsBaseAt(outlookHoldsBase, outlookChangeKey))
    return outlookOwn
      ? { bcId, outlookId, base, bcEtag, outlookChangeKey, outlookOwn, outlookHoldsBase: true }
      : { bcId, outlookId, base, bcEtag, outlookChangeKey, outlookHoldsBase: true };
  return outlookOwn
    ? { bcId, outlookId, base, bcEtag, outlookChangeKey, outlookOwn }
    : { bcId, outlookId, base, bcEtag, outlookChangeKey };
}
