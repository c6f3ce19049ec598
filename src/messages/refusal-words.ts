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
