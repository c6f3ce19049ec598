import type { SyncFields } from './model.js';

/** One BC contact joined to one Outlook contact, with what both sides agreed on last time. */
export interface Link {
  readonly bcId: string;
  readonly outlookId: string;
  readonly base: SyncFields;
  readonly bcEtag: string;
  readonly outlookChangeKey: string;
}
