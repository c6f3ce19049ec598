import type { SyncFieldName } from './model.js';
import type { OutOfScopeReason } from './scope.js';
import type { PortErrorKind } from './ports.js';

// The contacts a sync left as they are, and why: kept in the sync state (state-store-port.ts
// SkipEntry) until the contact syncs; worded only at the edge from `kind` and its params.

/** Why a contact was not synced; `hint` tells the user how to fix it. */
export type SkipReason =
  | { readonly kind: 'outOfScope'; readonly reasons: readonly OutOfScopeReason[] }
  /**
   * An Outlook contact whose e-mail or BC id points at a BC contact that cannot take it. `bcNumber`
   * and `bcName`: that BC contact's No. and Name, what a salesperson finds it by in BC (records
   * stored before they existed lack them).
   */
  | {
      readonly kind: 'bcContactOutOfScope';
      readonly bcId: string;
      readonly bcNumber?: string;
      readonly bcName?: string;
      readonly reasons: readonly OutOfScopeReason[];
    }
  /** The BC contact whose id the Outlook contact carries is gone from BC (its No. with it). */
  | { readonly kind: 'bcContactDeleted'; readonly bcId: string }
  /** The BC contact (No. and Name as above) is already synced with another Outlook contact. */
  | {
      readonly kind: 'duplicateOfLinked';
      readonly bcId: string;
      readonly bcNumber?: string;
      readonly bcName?: string;
      readonly linkedOutlookId: string;
    }
  /** An Outlook change that would take a synced contact out of scope (and delete its copy). */
  | { readonly kind: 'wouldLeaveScope'; readonly reasons: readonly OutOfScopeReason[] }
  | { readonly kind: 'missingName' }
  | { readonly kind: 'missingEmail' }
  | { readonly kind: 'tooLong'; readonly field: SyncFieldName; readonly length: number; readonly max: number }
  | { readonly kind: 'lineBreak'; readonly field: SyncFieldName }
  /** An Outlook street of more lines than BC's Address and Address 2 hold (issue 8 §2). */
  | {
      readonly kind: 'streetLines';
      readonly field: SyncFieldName;
      readonly lines: number;
      readonly max: number;
    }
  | { readonly kind: 'invalidEmail'; readonly field: SyncFieldName }
  /** A phone number with a letter ("+1 555 FLOWERS", "ext. 12"): BC's Phone No. fields refuse letters. */
  | { readonly kind: 'phoneLetters'; readonly field: SyncFieldName }
  /**
   * Outlook's list (`max` entries, Graph's limit) is full of the user's own values, so BC's `value`
   * of `field` could not be added; it waits in the link and lands when a slot frees (issue 8 §1).
   */
  | {
      readonly kind: 'outlookListFull';
      readonly field: SyncFieldName;
      readonly value: string;
      readonly list: 'emailAddresses' | 'businessPhones';
      readonly max: number;
    }
  /** A Country/Region that is neither a code of BC's Country/Region table nor a known name (issue 8 §6). */
  | { readonly kind: 'unknownCountry'; readonly field: SyncFieldName; readonly value: string }
  | {
      readonly kind: 'duplicateEmailInOutlook';
      readonly email: string;
      readonly outlookIds: readonly string[];
    }
  | { readonly kind: 'duplicateEmailInBc'; readonly email: string; readonly bcIds: readonly string[] }
  /**
   * The e-mail is on the Outlook copy (`outlookId`) of the contact `bcId`, held by that contact's
   * open conflict while BC's contact does not hold it (BC deleted it, or the conflict's E-Mail is
   * open): a second copy or a second BC contact of the address waits for the user's resolve
   * (conflict-held.ts; keeping Outlook of a deleted one links the copy to the BC contact holding it).
   */
  | {
      readonly kind: 'emailInConflict';
      readonly email: string;
      readonly bcId: string;
      readonly outlookId: string;
      /** Why BC's contact does not hold it (conflict-held.ts HeldAddress): absent in older records, `deleted`. */
      readonly held?: 'deleted' | 'email';
    }
  /**
   * A write of the contact failed: the port's `error` kind, with the HTTP `status` and the
   * service's own `error.code` (BC's or Graph's, e.g. `BadRequest_InvalidValue`) when one came
   * back. Worded at the edge; records stored before codes carry only the service's `message`.
   */
  | {
      readonly kind: 'writeFailed';
      readonly error?: PortErrorKind;
      readonly status?: number;
      readonly serviceCode?: string;
      readonly message?: string;
    }
  /**
   * The contact holds U+0000 or an unpaired UTF-16 surrogate at `property` (the side's own name,
   * as `displayName` or `emailAddresses[1].name`): it is left as it is on both sides (tester F20).
   */
  | { readonly kind: 'unstorableText'; readonly side: 'bc' | 'outlook'; readonly property: string };

export interface SkipRecord {
  readonly side: 'bc' | 'outlook';
  readonly bcId: string;
  /**
   * BC's No. of the BC contact the skip concerns (`bcId`, or the one an Outlook contact points at);
   * '' when there is none or it is not known (a deleted contact, a write that failed).
   */
  readonly bcNumber: string;
  readonly outlookId: string;
  readonly displayName: string;
  /** The first reason (the list is grouped by it). */
  readonly reason: SkipReason;
  /** Every further reason the contact is skipped for, in the order found; absent when none. */
  readonly more?: readonly SkipReason[];
}
