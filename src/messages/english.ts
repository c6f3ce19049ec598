import { IntlMessageFormat } from 'intl-messageformat';
import en from './catalogs/en.js';
import { runOutcomeTexts, type OutcomeRecord } from './run-outcome-words.js';
import type { CodeKey } from './catalogs/en.js';
import type { MessageValues, Words } from './words.js';
import { isolated, withValues } from './value-format.js';
import { shownInput } from '../platform/shown-input.js';
import {
  deferredTexts,
  uncertainTexts,
  deletionCauseText,
  fieldCaption,
  filterErrorText,
  problemText,
  resolveFailureText,
  runErrorText,
  skipHintText,
  skipReasonText,
} from './words.js';
import type { ResolveFailure } from '../core/resolve.js';
import type { DeletionCause } from '../core/merge.js';
import type { RunDeferred, RunError, RunRecord } from '../core/records.js';
import type { SkipReason } from '../core/skip-records.js';
import type { SettingsProblem } from '../core/settings-rules.js';
import type { FilterSyntaxError } from '../core/filter/index.js';
import type { StateRefusal } from '../core/state-refusal.js';
import { StateStoreRefusal } from '../core/state-refusal.js';
import { SettingsError } from '../core/run.js';
import { CoreBug } from '../core/core-bug.js';
import { runErrorOf } from '../core/run-errors.js';
import { refusalText, runRefusalText, storeRefusalText } from './refusal-words.js';
import type { RefusalCode, RefusalParams } from './refusal-words.js';
import { utcMinute, zonedSecond } from './wait-time.js';
import type { RunRefusal } from '../core/run-types.js';
import { progressText, waitingText } from './progress-words.js';
import type { RunWait } from '../core/run-waits.js';
import type { RunPhaseProgress } from '../core/records.js';

/**
 * A `Words` over one catalog: each ICU message is parsed once, on first use.
 * @internal
 */
export function catalogWords(locale: string, catalog: Readonly<Record<CodeKey, string>>): Words {
  const formats = new Map<CodeKey, IntlMessageFormat>();
  const lists = new Intl.ListFormat(locale, { type: 'conjunction' });
  return {
    text(key: CodeKey, values?: MessageValues): string {
      let format = formats.get(key);
      if (!format) {
        format = new IntlMessageFormat(catalog[key], locale);
        formats.set(key, format);
      }
      const f = format;
      return withValues((v) => String(f.format(v)), values);
    },
    list: (items) => lists.format(items.map(isolated)),
  };
}

/** The most characters of one value the default English words quote (an ellipsis follows a cut). */
const ENGLISH_VALUE_MAX = 1000;

/**
 * The default English words the HTTP bodies, the CLI and logs carry next to the codes. A value they
 * quote may be what a client sent (a conflict's BC id, a company or folder name): it is shown as any
 * quoted input is (shownInput: hidden characters escaped, bounded), then isolated as every value is,
 * so an ESC or newline in an id no longer reaches a body's message raw (attack 2026-12-07: resolve's
 * "no conflict" message isolated the id but kept ESC and newline). The reasons beside the message keep
 * the values as data; the pane words those itself.
 */
const catalogEnglish: Words = catalogWords('en', en);
const english: Words = {
  text: (key, values) =>
    catalogEnglish.text(
      key,
      values &&
        Object.fromEntries(
          Object.entries(values).map(([k, v]) => [
            k,
            typeof v === 'string' ? shownInput(v, ENGLISH_VALUE_MAX) : v,
          ]),
        ),
    ),
  list: (items) => catalogEnglish.list(items.map((item) => shownInput(item, ENGLISH_VALUE_MAX))),
};

/** A run's progress in English, as the pane words it: "Planning · Step 3 of 3" (the CLI's lines). */
export function describeProgress(progress: RunPhaseProgress): string {
  return progressText(english, progress);
}

/** A run's wait in one English line, its end to the second in `timeZone` (the process's: TZ). */
export function describeWait(wait: RunWait, timeZone?: string): string {
  return waitingText(english, wait, zonedSecond(wait.until, timeZone));
}

/** One English line for a skip reason (HTTP error details, BC validation messages, logs). */
export function describeSkipReason(reason: SkipReason): string {
  return skipReasonText(english, reason);
}

/** One English line for a filter expression's error: "Position 8: expected a value after '|'". */
export function describeFilterError(error: FilterSyntaxError): string {
  return filterErrorText(english, error);
}

/** One English line for a state store's refusal (HTTP bodies, logs). */
export function describeStateRefusal(refusal: StateRefusal): string {
  return storeRefusalText(english, refusal);
}

/**
 * One English line for a run's refusal of its folder; the time in UTC unless `time` writes it
 * otherwise (the CLI: the user's time zone, wait-time.ts zonedMinute).
 */
export function describeRunRefusal(refusal: RunRefusal, time: (iso: string) => string = utcMinute): string {
  return runRefusalText(english, refusal, time);
}

/** The default English `message` of a sync API refusal, made from its code and parameters. */
export function describeRefusal<C extends RefusalCode>(code: C, params: RefusalParams[C]): string {
  return refusalText(english, code, params);
}

/** "The filter is not valid: filter.city: Position 8: expected a value after '|'" for a saved filter that does not compile. */
export function describeSettingsError(error: SettingsError): string {
  const fields = error.fields.map((f) => `filter.${f.field}: ${describeFilterError(f.error)}`);
  return `The filter is not valid: ${fields.join('; ')}`;
}

/**
 * One English line for whatever a run or a store threw, for the CLI's stderr line: core's typed
 * errors by their codes (never their message, which is the code), anything else by its message.
 */
export function describeError(e: unknown): string {
  if (e instanceof SettingsError) return describeSettingsError(e);
  if (e instanceof StateStoreRefusal) return describeStateRefusal(e.refusal);
  if (e instanceof CoreBug) return describeRunError(runErrorOf(e, ''));
  return e instanceof Error ? e.message : String(e);
}

/** One English line for a run error (HTTP bodies, the CLI's stderr line). */
export function describeRunError(error: RunError): string {
  return runErrorText(english, error);
}

/**
 * A run record as the sync API sends it: each error with its default English `message` beside the
 * code, and the creates it left for the next sync (F69) in `deferredMessages`.
 */
export function runJson<
  T extends {
    readonly errors: readonly RunError[];
    readonly deferred?: RunDeferred;
    readonly uncertain?: RunRecord['uncertain'];
  },
>(record: T): T {
  const deferredMessages = describeDeferred(record.deferred);
  // Writes that may have landed (F114) in the same words as the pane's history and the CLI's line.
  const uncertainMessages = describeUncertain(record.uncertain);
  if (record.errors.length === 0 && deferredMessages.length === 0 && uncertainMessages.length === 0)
    return record;
  return {
    ...record,
    errors: record.errors.map((e) => ({ ...e, message: describeRunError(e) })),
    ...(deferredMessages.length > 0 ? { deferredMessages } : {}),
    ...(uncertainMessages.length > 0 ? { uncertainMessages } : {}),
  };
}

/** English lines for what a run wrote (run-outcome-words.ts): the CLI's line says them after a run that did not succeed. */
export function describeWritten(record: OutcomeRecord): readonly string[] {
  return runOutcomeTexts(english, record).written;
}

/** English sentences for the BC creates a run left for the next sync (none when there are none). */
export function describeDeferred(deferred: RunDeferred | undefined): string[] {
  return deferredTexts(english, deferred);
}

/** The English sentence about writes a run sent without an answer (F114); none when there are none. */
export function describeUncertain(uncertain: RunRecord['uncertain']): string[] {
  return uncertainTexts(english, uncertain);
}

/** The HTTP body's English message for a refused or failed resolve. */
export function describeResolveFailure(failure: ResolveFailure): string {
  return resolveFailureText(english, failure);
}

/**
 * The sync API's views with their default English words added: `text` and `hint` for skipped
 * contacts, `label` for conflict fields. Clients that speak other languages render the codes.
 */
export function skipJson<T extends { readonly reason: SkipReason; readonly more?: readonly SkipReason[] }>(
  view: T,
): T & { text: string; hint: string } {
  // Every reason, in order, and the hint of each (issue 8: all reasons are listed).
  const all = [view.reason, ...(view.more ?? [])];
  return {
    ...view,
    text: all.map((r) => skipReasonText(english, r)).join('; '),
    hint: all.map((r) => skipHintText(english, r)).join(' '),
  };
}

/**
 * `label` for each field; for a contact gone from BC (`deletedInBc`), `reasonText` next to the
 * cause as data (`reason`).
 */
export function conflictJson<
  T extends { readonly fields: readonly { readonly field: string }[]; readonly reason?: DeletionCause },
>(view: T) {
  return {
    ...view,
    ...(view.reason ? { reasonText: deletionCauseText(english, view.reason) } : {}),
    fields: view.fields.map((f) => ({ ...f, label: fieldCaption(english, f.field) })),
  };
}

/** A settings problem as an HTTP error detail: target, default English message, the problem as data. */
export function problemDetail(problem: SettingsProblem) {
  const { target, ...reason } = problem;
  return { target, message: problemText(english, problem), reason };
}
