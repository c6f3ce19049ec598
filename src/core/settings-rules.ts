import { compileFilter } from './filter/index.js';
import type { FilterSyntaxError } from './filter/index.js';
import { nfc } from './model.js';
import { NEEDED_BY_TEXT, folderNameForm } from './text-form.js';
import type { SyncSettings } from './records.js';

/**
 * The rules a user's sync settings must follow, as data: the facade refuses settings that break
 * them (400 with these problems as details) and the pane marks the same fields before saving.
 */

/** Scheduled sync: 0 (off), or an interval in minutes within these bounds (BC's job queue default is 1,440). */
export const SCHEDULE_MINUTES = { min: 5, max: 43_200 } as const;
/**
 * The Outlook folder's name: not blank, at most this many characters as `storedLength` counts them.
 * The sync API refuses longer names, so the pane refuses them before anything is renamed.
 */
export const FOLDER_NAME = { max: 255 } as const;

/**
 * A text's length as it is stored and as BC counts it (issue 14 F29): UTF-16 code units of its NFC
 * form — the one text form every store keeps (docs/sync-rules.md), and BC's Text[n] is a SQL
 * nvarchar(n), whose n counts byte-pairs, an astral character (emoji) two
 * (https://learn.microsoft.com/sql/t-sql/data-types/nchar-and-nvarchar-transact-sql). So "é"
 * typed decomposed counts 1, "😀" counts 2. The pane and the server both count with this.
 */
export function storedLength(text: string): number {
  return nfc(text).length;
}
/**
 * Characters a folder name may not hold (issue 10 item 6), by Unicode class rather than a list, so
 * a new look-alike is refused without naming it: controls (Cc), format characters (Cf: zero-width
 * spaces, word joiner, BOM, soft hyphen, bidirectional marks, embeddings, overrides and isolates,
 * "Trojan Source" text), line and paragraph separators (Zl U+2028, Zp U+2029: a name that breaks a
 * line), and every default-ignorable code point (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0
 * show as nothing, so "Business\u3164Central" would show as "BusinessCentral" or blank). A folder
 * "Business\u200BCentral" would show as "Business Central" next to the real one.
 *
 * Kept, because real text needs them: ZWJ and ZWNJ (U+200D, U+200C: Persian, the Indic scripts,
 * emoji sequences), variation selectors (U+FE00–FE0F, U+E0100–E01EF: emoji and CJK presentation),
 * the combining grapheme joiner (U+034F), Mongolian free variation selectors (U+180B–180D, U+180F)
 * and tag characters (U+E0020–E007F: subdivision flags such as Scotland's): the one text form's
 * list (text-form.ts NEEDED_BY_TEXT), which keeps them in values too.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
const neededByText = (cp: number) => NEEDED_BY_TEXT.some(([from, to]) => cp >= from && cp <= to);

/**
 * The first character of `name` INVISIBLE refuses, as `U+XXXX`; null when there is none.
 * @internal
 */
export function invisibleCharacterIn(name: string): string | null {
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (INVISIBLE.test(ch) && !neededByText(cp)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return null;
}

/** Mass-delete guard: the share of the folder, 0 to 1. */
export const MASS_DELETE_SHARE = { min: 0, max: 1 } as const;

export type SettingsProblem =
  | { readonly kind: 'blank'; readonly target: 'folderName' }
  | { readonly kind: 'tooLong'; readonly target: 'folderName'; readonly max: number }
  | { readonly kind: 'invisibleCharacter'; readonly target: 'folderName'; readonly codePoint: string }
  | {
      readonly kind: 'scheduleRange';
      readonly target: 'scheduleMinutes';
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'shareRange';
      readonly target: 'massDeleteShare';
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'filterSyntax';
      readonly target: `filter.${string}`;
      readonly field: string;
      readonly error: FilterSyntaxError;
    };

function scheduleProblem(minutes: number): SettingsProblem | null {
  const ok =
    Number.isInteger(minutes) &&
    (minutes === 0 || (minutes >= SCHEDULE_MINUTES.min && minutes <= SCHEDULE_MINUTES.max));
  return ok ? null : { kind: 'scheduleRange', target: 'scheduleMinutes', ...SCHEDULE_MINUTES };
}

export function filterProblems(filter: Readonly<Record<string, string>>): SettingsProblem[] {
  const compiled = compileFilter(filter);
  if (compiled.ok) return [];
  return compiled.errors.map((e) => ({
    kind: 'filterSyntax',
    target: `filter.${e.field}`,
    field: e.field,
    error: e.error,
  }));
}

/**
 * Settings in the form every store keeps (docs/sync-rules.md "One text form"): the filter's fields
 * and expressions in the one text form (nfc), the folder name in Outlook's own form (folderNameForm).
 * Every store applies it, so a name or filter typed decomposed (NFD) is the same setting as one typed
 * composed (tester F15): the same folder, the same filter key for the cursor.
 */
export function settingsInTextForm(settings: SyncSettings): SyncSettings {
  const filter: Record<string, string> = {};
  for (const [field, expression] of Object.entries(settings.filter)) filter[nfc(field)] = nfc(expression);
  return { ...settings, folderName: folderNameForm(settings.folderName), filter };
}

/**
 * The problems of a folder name as the settings would hold it: the one check for saving it and for
 * previewing a move to it (F107: a preview said "renames … to ' '" for a name Save refuses).
 */
export function folderNameProblems(folderName: string): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (folderName.trim() === '') problems.push({ kind: 'blank', target: 'folderName' });
  else if (storedLength(folderName) > FOLDER_NAME.max)
    problems.push({ kind: 'tooLong', target: 'folderName', ...FOLDER_NAME });
  const invisible = invisibleCharacterIn(folderName);
  if (invisible) problems.push({ kind: 'invisibleCharacter', target: 'folderName', codePoint: invisible });
  return problems;
}

/** Every problem of `settings`, in form order; empty when they can be saved. */
export function settingsProblems(settings: SyncSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = folderNameProblems(settings.folderName);
  const schedule = scheduleProblem(settings.scheduleMinutes);
  if (schedule) problems.push(schedule);
  const share = settings.massDeleteShare;
  if (!(share >= MASS_DELETE_SHARE.min && share <= MASS_DELETE_SHARE.max))
    problems.push({ kind: 'shareRange', target: 'massDeleteShare', ...MASS_DELETE_SHARE });
  problems.push(...filterProblems(settings.filter));
  return problems;
}
