import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { TYPE, parse } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { ProgressEvent } from '../../src/core/executor.js';
import { WAIT_REASONS } from '../../src/core/run-waits.js';
import type { ConflictPolicy } from '../../src/core/merge.js';
import type { RunStatus, RunTrigger, SyncMode } from '../../src/core/records.js';
import type { SettingsProblem } from '../../src/core/settings-rules.js';
import { OUTLOOK_ONLY_PROPERTIES } from '../../src/core/outlook-only.js';
import { OWN_CODES } from '../../src/taskpane/api/facade-codes.js';
import { FAILURE_KINDS } from '../../src/taskpane/api/failure.js';
import { pickLang } from '../../src/taskpane/i18n/index.js';
import { LANGS } from '../../src/messages/langs.js';
import { SCHEMA_REFUSAL_KINDS } from '../../src/taskpane/i18n/refusal-text.js';
import { RESOLVE_FAILURE_CODES, SCOPE_KINDS, SKIP_KINDS } from '../../src/messages/words.js';
import { CAPTIONED_FIELDS } from '../../src/messages/field-words.js';
import { REFUSAL_CODES } from '../../src/messages/refusal-words.js';
import { CODE_CATALOGS, MESSAGES, PANE_CATALOGS } from '../messages/catalogs.js';

/** Every member of a union, checked by the compiler both ways. */
const members = <T extends string>(set: Readonly<Record<T, true>>): readonly T[] => Object.keys(set) as T[];

/**
 * The keys code builds from a template (`status_${run.status}`): prefix → every value it can take.
 * A key of a family is used exactly when its suffix is a member.
 */
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  status_: members<RunStatus>({
    running: true,
    succeeded: true,
    failed: true,
    cancelled: true,
    held: true,
    interrupted: true,
  }),
  phase_: members<ProgressEvent['phase']>({
    reading: true,
    planning: true,
    bc: true,
    outlook: true,
    links: true,
  }),
  // Why a run waits (core/run-waits.ts): its one list of reasons, each worded.
  waiting_: WAIT_REASONS,
  // What each phase counts (sides, planning steps, contacts), said with its count.
  progressCount_: members<ProgressEvent['phase']>({
    reading: true,
    planning: true,
    bc: true,
    outlook: true,
    links: true,
  }),
  mode_: members<SyncMode>({ delta: true, full: true }),
  trigger_: members<RunTrigger>({ pane: true, schedule: true, cli: true, api: true }),
  policy_: members<ConflictPolicy>({ bcWins: true, outlookWins: true, manual: true }),
  reason_: SCOPE_KINDS,
  scopeHint_: SCOPE_KINDS,
  skip_: SKIP_KINDS,
  skipHint_: SKIP_KINDS,
  field_: [...CAPTIONED_FIELDS],
  // The refusals of a choice are built from their problem code; the other resolve keys are written out.
  resolve_: RESOLVE_FAILURE_CODES,
  // Every failure the pane meets, by its kind (api/failure.ts); a `refusal` by its code (failureCode_).
  failure_: FAILURE_KINDS.filter((k) => k !== 'refusal'),
  // The facade's refusal codes the pane words itself (api/facade-codes.ts, i18n/failure-text.ts).
  failureCode_: OWN_CODES,
  // What only the Outlook copy holds, by Graph property (i18n/outlook-only-text.ts).
  outlookProperty_: OUTLOOK_ONLY_PROPERTIES,
  // A body schema's refusal of a field, by its reason (i18n/refusal-text.ts).
  refusal_: SCHEMA_REFUSAL_KINDS,
  // The sync API's refusals, by code (messages/refusal-words.ts refusalText: the HTTP bodies' words).
  httpRefusal_: REFUSAL_CODES,
  // A settings problem, by its kind (messages/filter-words.ts problemText); a filter's own words apart.
  problem_: members<Exclude<SettingsProblem['kind'], 'filterSyntax'>>({
    blank: true,
    tooLong: true,
    invisibleCharacter: true,
    scheduleRange: true,
    shareRange: true,
  }),
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'catalogs' ? [] : sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const CODE = [...sources('src/taskpane'), ...sources('src/messages')]
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

function isUsed(key: string): boolean {
  if (CODE.includes(`'${key}'`) || CODE.includes(`"${key}"`)) return true;
  const family = Object.entries(FAMILIES).find(([prefix]) => key.startsWith(prefix));
  return (
    family !== undefined &&
    CODE.includes(`\`${family[0]}\${`) &&
    family[1].includes(key.slice(family[0].length))
  );
}

/** The argument names an ICU message uses, with plural/select arguments and their branches. */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}

function hasPlural(elements: readonly MessageFormatElement[]): boolean {
  return elements.some(
    (e) =>
      e.type === TYPE.plural ||
      (e.type === TYPE.select && Object.values(e.options).some((o) => hasPlural(o.value))),
  );
}

describe('i18n catalogs', () => {
  test('picks a language from Office / browser tags', () => {
    expect(pickLang('fi-FI')).toBe('fi');
    expect(pickLang('sv')).toBe('sv');
    expect(pickLang('nl-BE')).toBe('nl');
    expect(pickLang('de-DE')).toBe('en');
    expect(pickLang(null)).toBe('en');
    expect(LANGS).toEqual(['en', 'fi', 'sv', 'nl', 'it', 'fr']);
  });

  test('no key is missing and none is extra in any language', () => {
    for (const [name, catalogs] of [
      ['codes', CODE_CATALOGS],
      ['pane', PANE_CATALOGS],
    ] as const) {
      const keys = Object.keys(catalogs.en).sort();
      for (const lang of LANGS) {
        const own = Object.keys(catalogs[lang]).sort();
        expect({ name, lang, missing: keys.filter((k) => !own.includes(k)) }).toEqual({
          name,
          lang,
          missing: [],
        });
        expect({ name, lang, extra: own.filter((k) => !keys.includes(k)) }).toEqual({
          name,
          lang,
          extra: [],
        });
      }
    }
    const shared = Object.keys(CODE_CATALOGS.en).filter((k) => k in PANE_CATALOGS.en);
    expect(shared).toEqual([]);
  });

  test('no key is unused: each appears in the code, or belongs to a family the code builds', () => {
    const unused = Object.keys(MESSAGES.en).filter((key) => !isUsed(key));
    expect(unused).toEqual([]);
    for (const [prefix, values] of Object.entries(FAMILIES))
      for (const value of values) expect(`${prefix}${value}` in MESSAGES.en).toBe(true);
  });

  test('every message is valid ICU with the same arguments as English, and not empty', () => {
    for (const lang of LANGS) {
      for (const [key, source] of Object.entries(MESSAGES.en)) {
        const text = (MESSAGES[lang] as Readonly<Record<string, string>>)[key] ?? '';
        expect({ lang, key, empty: text.trim() === '' }).toEqual({ lang, key, empty: false });
        const args = [...argumentsOf(parse(text))].sort();
        expect({ lang, key, args }).toEqual({ lang, key, args: [...argumentsOf(parse(source))].sort() });
      }
    }
  });

  test('counts of things use plural rules in every language', () => {
    const counted = [
      'matchCount',
      'heldText',
      'runError_held',
      'runCounts',
      'moreErrors',
      'heldTextBcEmpty',
      'skip_tooLong',
      'skip_duplicateEmailInBc',
    ];
    for (const key of counted)
      for (const lang of LANGS)
        expect({
          lang,
          key,
          plural: hasPlural(parse(MESSAGES[lang][key as keyof typeof MESSAGES.en])),
        }).toEqual({
          lang,
          key,
          plural: true,
        });
  });

  test('French typography: a no-break space before : ; ! ? and % and inside « »', () => {
    for (const [key, text] of Object.entries(MESSAGES.fr)) {
      // ICU syntax (`{n, number}`) and code-like tokens (`'|'`, `(* or ?)`) are not prose.
      const prose = text
        .replace(/\{[^{}]*\}/g, 'X')
        .replace(/'[^']*'/g, '')
        .replace(/\(\*[^)]*\)/g, '');
      const plainSpace = /(?<=\S) (?=[;!?:»%])|« /u.exec(prose)?.[0] ?? null;
      const glued = /[\p{L}\p{N}][;!?:»]/u.exec(prose)?.[0] ?? null;
      expect({ key, plainSpace, glued }).toEqual({ key, plainSpace: null, glued: null });
    }
  });

  test('the BC documentation terms', () => {
    expect(MESSAGES.fi.sync).toBe('Synkronoi Microsoft 365:n kanssa');
    expect(MESSAGES.fi.fullSync).toBe('Täysi synkronointi Microsoft 365:n kanssa');
    expect(MESSAGES.sv.sync).toBe('Synka med Microsoft 365');
    expect(MESSAGES.nl.fullSync).toBe('Volledig synchroniseren met Microsoft 365');
    expect(MESSAGES.it.sync).toBe('Sincronizza con Microsoft 365');
    expect(MESSAGES.fr.fullSync).toBe('Synchronisation complète avec Microsoft 365');
    expect(MESSAGES.fr.settingsSection).toBe('Paramètres synch. contacts');
  });
});
