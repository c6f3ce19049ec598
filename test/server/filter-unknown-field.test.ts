import { describe, expect, test } from '@jest/globals';
import { FILTERABLE_FIELDS, compileFilter } from '../../src/core/filter/index.js';
import { DEFAULT_SETTINGS } from '../../src/core/records.js';
import { catalogWords } from '../../src/messages/english.js';
import { fieldCaption } from '../../src/messages/field-words.js';
import { LANGS } from '../../src/messages/langs.js';
import { filterErrorText } from '../../src/messages/words.js';
import { CODE_CATALOGS } from '../messages/catalogs.js';
import { ANN, call, useSyncHarness } from './sync-harness.js';

// F90: a filter keyed by BC's caption ("Name") was refused with an error listing captions ("one of:
// Name, Type, …"), while the API's keys are `name`, `type`, …: the caller retyped "Name" and was
// refused again. Decision: the input takes keys only (one spelling whatever the language); the error
// carries the key it did not know (`found`) and the keys it takes as data, and the edge words them
// with each key's caption in the user's language.

const h = useSyncHarness();

describe('F90: an unknown filter key is refused with the keys the input takes', () => {
  test('named example: PUT /settings with the filter {"Name": "A*"} → 400 naming "Name" and listing name (Name), city (City), …', async () => {
    const r = await call(h, ANN, 'PUT', '/sync/v1/settings', { ...DEFAULT_SETTINGS, filter: { Name: 'A*' } });
    expect([r.status, r.body.error.code]).toEqual([400, 'InvalidSettings']);
    const [detail] = r.body.error.details;
    expect(detail).toMatchObject({
      target: 'filter.Name',
      reason: {
        kind: 'filterSyntax',
        field: 'Name',
        error: {
          kind: 'unknownField',
          found: 'Name',
          expected: { kind: 'filterField', fields: [...FILTERABLE_FIELDS] },
        },
      },
    });
    for (const key of FILTERABLE_FIELDS) expect(detail.message).toContain(`${key} (`);
    expect(detail.message).toContain('name (Name)');
    expect(detail.message).toContain('“Name”');
    // The keys it lists are what the input takes: the same body with `name` is saved.
    const ok = await call(h, ANN, 'PUT', '/sync/v1/settings', {
      ...DEFAULT_SETTINGS,
      filter: { name: 'A*' },
    });
    expect([ok.status, ok.body.filter]).toEqual([200, { name: 'A*' }]);
    // And they are the keys GET /filter-fields gives.
    expect((await call(h, ANN, 'GET', '/sync/v1/filter-fields')).body.fields).toEqual([...FILTERABLE_FIELDS]);
  });

  test.each(LANGS)('%s: the words name the unknown key and every key with its caption', (lang) => {
    const words = catalogWords(lang, CODE_CATALOGS[lang] as never);
    const compiled = compileFilter({ Nimi: 'A*' } as never);
    expect(compiled.ok).toBe(false);
    const text = compiled.ok ? '' : filterErrorText(words, compiled.errors[0]!.error);
    expect(text).toContain('Nimi');
    for (const key of FILTERABLE_FIELDS) expect(text).toContain(`${key} (${fieldCaption(words, key)})`);
  });
});
