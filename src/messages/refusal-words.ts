import type { RunRefusal } from '../core/run-types.js';
import type { StateRefusal } from '../core/state-refusal.js';
import type { Words } from './words.js';

/**
 * A state store's refusal (core/state-refusal.ts) in words: "Outlook contact AAMk… is already
 * synced with another Business Central contact in this folder".
 */
export function storeRefusalText(words: Words, refusal: StateRefusal): string {
  // Every parameter is given: ICU checks the values of the branch it takes only, but a missing one
  // would show as its name.
  const values = { outlookId: '', field: '', key: '', value: '', at: '', list: '', max: 0, ...refusal };
  return words.text('storeRefusal', values);
}

/** Every kind of run refusal; a kind added in core breaks the build here until it has words. */
const RUN_REFUSAL_KIND_SET: Readonly<Record<RunRefusal['kind'], true>> = {
  folderBusy: true,
  folderSettling: true,
  runIdTaken: true,
};
/** @internal Test seam: the refusal table goes over every kind in every language. */
export const RUN_REFUSAL_KINDS = Object.keys(RUN_REFUSAL_KIND_SET) as readonly RunRefusal['kind'][];

/**
 * A run's refusal of its folder in words: "A sync is already running for this folder (run r1). If
 * it stopped without ending …, the next sync can start at {time}". `time` writes the ISO `until` as
 * the edge shows times (the CLI: the user's time zone; an HTTP body: UTC).
 */
export function runRefusalText(words: Words, refusal: RunRefusal, time: (iso: string) => string): string {
  const until = 'until' in refusal ? refusal.until : undefined;
  return words.text('runRefusal', {
    kind: refusal.kind,
    runId: refusal.runId,
    timed: until === undefined ? 'no' : 'yes',
    time: until === undefined ? '' : time(until),
  });
}

/**
 * The sync API's refusals worded from their codes (catalog `httpRefusal_<code>`), and the parameters
 * each one's words need: the answer carries them as its `reason` beside the English `message`
 * (server/refusal.ts), so a client words the code in its own language from the same data. A code
 * here has its words in every catalog (test/messages/refusal-codes.test.ts).
 */
export interface RefusalParams {
  readonly RunNotFound: { readonly runId: string };
  readonly RunNotActive: { readonly runId: string; readonly cause: 'ended' | 'otherProcess' };
  readonly PlanNotAvailable: {
    readonly runId: string;
    readonly cause: 'notDryRun' | 'stillPlanning' | 'planGone';
  };
  readonly CreateTurnBusy: Readonly<Record<string, never>>;
  readonly SyncNotConfigured: Readonly<Record<string, never>>;
  /** `max`: the most folders one user's sync state may hold. */
  readonly TooManySyncFolders: { readonly max: number };
  readonly RunCancelRequested: Readonly<Record<string, never>>;
  readonly LeaseLost: Readonly<Record<string, never>>;
  /** `answered`: whether BC answered the create at all; `bcMessage`: BC's own words, when it did. */
  readonly BcWriteFailed: { readonly answered: 'yes' | 'no'; readonly bcMessage: string };
  readonly Forbidden_OtherUser: Readonly<Record<string, never>>;
}
export type RefusalCode = keyof RefusalParams;

/** Every worded code; a code added to RefusalParams breaks the build here until it is listed. */
const REFUSAL_CODE_SET: Readonly<Record<RefusalCode, true>> = {
  RunNotFound: true,
  RunNotActive: true,
  PlanNotAvailable: true,
  CreateTurnBusy: true,
  SyncNotConfigured: true,
  TooManySyncFolders: true,
  RunCancelRequested: true,
  LeaseLost: true,
  BcWriteFailed: true,
  Forbidden_OtherUser: true,
};
/** @internal Test seam: the catalogs' `httpRefusal_` family (test/taskpane/i18n.test.ts). */
export const REFUSAL_CODES = Object.keys(REFUSAL_CODE_SET) as readonly RefusalCode[];

/** A refusal's words in `words`' language, from its code and parameters. */
export function refusalText<C extends RefusalCode>(words: Words, code: C, params: RefusalParams[C]): string {
  return words.text(`httpRefusal_${code}`, params);
}
