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
}

/**
 * The one way a Link is made. `bcEtag` / `outlookChangeKey` are the version stamps seen with `base`;
 * '' means "not seen" (a first match or a recovered create), so the next comparison trusts no stamp.
 * `outlookOwn`: the Outlook-only values of the contact as now known (undefined: not known).
 */
export function makeLink(
  ids: { readonly bcId: string; readonly outlookId: string },
  base: SyncFields,
  stamps: { readonly bcEtag: string; readonly outlookChangeKey: string },
  outlookOwn: OutlookOwnValues | undefined,
): Link {
  return {
    bcId: ids.bcId,
    outlookId: ids.outlookId,
    base,
    bcEtag: stamps.bcEtag,
    outlookChangeKey: stamps.outlookChangeKey,
    ...(outlookOwn ? { outlookOwn } : {}),
  };
}
