import type { SyncFields } from './model.js';

/** One BC contact joined to one Outlook contact, with what both sides agreed on last time. */
export interface Link {
  readonly bcId: string;
  readonly outlookId: string;
  readonly base: SyncFields;
  readonly bcEtag: string;
  readonly outlookChangeKey: string;
}

/**
 * The one way a Link is made. `bcEtag` / `outlookChangeKey` are the version stamps seen with `base`;
 * '' means "not seen" (a first match or a recovered create), so the next comparison trusts no stamp.
 */
export function makeLink(
  ids: { readonly bcId: string; readonly outlookId: string },
  base: SyncFields,
  stamps: { readonly bcEtag: string; readonly outlookChangeKey: string },
): Link {
  return {
    bcId: ids.bcId,
    outlookId: ids.outlookId,
    base,
    bcEtag: stamps.bcEtag,
    outlookChangeKey: stamps.outlookChangeKey,
  };
}
