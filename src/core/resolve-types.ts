import type { FieldConflict } from './merge.js';
import type { SyncFieldName, SyncFields } from './model.js';
import type { BcContacts, Mailbox, PortError, SyncStateStore } from './ports.js';
import type { SkipReason } from './skip-records.js';
import type { OneOffTurn } from './create-turn-hold.js';

/* What resolving a conflict (resolve.ts) takes and answers: the user's choice, the result, and the
   refusals and failures as data. */

export type ResolveSide = 'bc' | 'outlook';

/** The user's decision: one side for the whole contact, or a side per conflicting field. */
export type ResolveChoice =
  | { readonly kind: 'all'; readonly side: ResolveSide }
  | { readonly kind: 'fields'; readonly fields: Partial<Record<SyncFieldName, ResolveSide>> };

export interface ResolveDeps {
  readonly bc: BcContacts;
  readonly mailbox: Mailbox;
  readonly store: SyncStateStore;
  /**
   * Runs `work` (the look-up of a new BC contact's E-Mail and its create) under the company's
   * create turn, as every other BC creator does (create-turn-hold.ts `createTurnFor`). Absent: `work`
   * runs as it is (tests with one creator). `work` awaits the turn's `held` just before its create.
   */
  readonly createTurn?: OneOffTurn;
}

export type ResolveResult =
  | {
      readonly kind: 'merged';
      readonly bcId: string;
      readonly outlookId: string;
      /** Values both sides hold now (they differ only on fields still in conflict). */
      readonly bc: SyncFields;
      readonly outlook: SyncFields;
      /** Conflicting fields the choice left open; the conflict stays recorded with these. */
      readonly remaining: readonly FieldConflict[];
      readonly written: { readonly bc: boolean; readonly outlook: boolean };
    }
  /** deletedInBc, side bc: the Outlook copy was removed and the link dropped. */
  | { readonly kind: 'deletionAccepted'; readonly bcId: string; readonly outlookId: string }
  /**
   * deletedInBc, side outlook, on a contact BC closed to Outlook's values (privacy-blocked, a
   * Company): nothing written, the copy kept in Outlook apart from BC (unlinked).
   */
  | { readonly kind: 'keptInOutlook'; readonly bcId: string; readonly outlookId: string }
  /**
   * deletedInBc, side outlook, while BC holds the address on another contact (`bcId`, a new one
   * made meanwhile): the copy is linked to it with no base, and the next sync merges the two as a
   * first match does (empty values fill in, differing values are conflicts per the policy).
   */
  | {
      readonly kind: 'linkedInBc';
      readonly oldBcId: string;
      readonly bcId: string;
      readonly outlookId: string;
    }
  /** deletedInBc, side outlook: a new BC Person was made from the Outlook copy and linked. */
  | {
      readonly kind: 'recreatedInBc';
      readonly oldBcId: string;
      readonly bcId: string;
      readonly outlookId: string;
    };

export type ResolveFailure =
  | { readonly kind: 'conflictNotFound'; readonly bcId: string }
  /**
   * Two choices on one conflict at once (two windows): this one waited for the other (a `resolve`
   * or a `dismiss`), which settled the conflict first (tester F83: it was told "a sync is running").
   */
  | { readonly kind: 'alreadyResolved'; readonly bcId: string; readonly by: 'resolve' | 'dismiss' }
  | { readonly kind: 'contactMissing'; readonly side: ResolveSide; readonly id: string }
  /**
   * The choice does not fit the record: `wholeContactOnly` (a deleted contact is kept or removed as a
   * whole), `notInConflict` / `notSettled` (the named `fields` are not recorded, or still open, so
   * they cannot be dismissed), `nothingSettled` (nothing the policy settled is left to dismiss).
   */
  | {
      readonly kind: 'invalidChoice';
      readonly problem: 'wholeContactOnly' | 'notInConflict' | 'notSettled' | 'nothingSettled';
      readonly fields?: readonly string[];
    }
  /** The values BC would get do not fit BC; nothing was written. */
  | { readonly kind: 'invalidForBc'; readonly reasons: readonly SkipReason[] }
  /** A side changed again while resolving, even after one re-read. */
  | { readonly kind: 'stale'; readonly side: ResolveSide }
  /**
   * A field the choice decides holds, on either side, a value the conflict did not show (changed
   * again since it was recorded), or the Outlook copy a deletion would remove changed since it was
   * shown: nothing was written, and the record now shows what each side holds (F71, F76). The user
   * looks again and chooses.
   */
  | {
      readonly kind: 'changedSinceShown';
      readonly fields: readonly SyncFieldName[];
      /** The Outlook copy about to be removed changed values BC has no field for (F76). */
      readonly outlookOnly?: true;
    }
  | { readonly kind: 'writeFailed'; readonly side: ResolveSide; readonly error: PortError };

/**
 * A refused or failed resolve, as data: the edge words `failure` (src/messages/words.ts
 * `resolveFailureText`); the Error message is the failure's kind, for logs only.
 */
export class ResolveError extends Error {
  override readonly name = 'ResolveError';
  constructor(readonly failure: ResolveFailure) {
    super(failure.kind);
  }
}
