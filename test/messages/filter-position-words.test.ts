import { describe, expect, test } from '@jest/globals';
import { LANGS } from '../../src/messages/langs.js';
import { CODE_CATALOGS } from './catalogs.js';

// A filter error is shown beside the field it is about, and says where in that field's filter the
// problem is. In Italian both were "Posizione": BC's caption of Job Title and the filter error's
// "Posizione 5: previsto …", so an error on the Job Title filter read as the field twice. For every
// language, the words a filter error says a place with (filterErrorAt and the expected_* phrases)
// name no field caption of that language.

/** The template's words, placeholders and quoted symbols left out, lower-cased. */
const wordsOf = (template: string): string[] =>
  template
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/'[^']*'/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== '');

describe.each(LANGS)('%s', (lang) => {
  const catalog = CODE_CATALOGS[lang];
  const captions = Object.entries(catalog)
    .filter(([key]) => key.startsWith('field_'))
    .map(([, caption]) => caption.toLowerCase());
  const placeWords = Object.entries(catalog).filter(
    ([key]) => key === 'filterErrorAt' || key.startsWith('expected_'),
  );

  test.each(placeWords)('%s names no field caption', (_key, template) => {
    const words = wordsOf(template);
    for (const caption of captions) {
      // Captions of one word are compared as words; longer ones as a phrase of the template.
      if (!caption.includes(' ')) expect(words).not.toContain(caption);
      else expect(words.join(' ')).not.toContain(caption);
    }
  });
});

test('Italian: a filter error on Job Title says the place in words other than its caption', () => {
  expect(CODE_CATALOGS.it.field_jobTitle).toBe('Posizione');
  expect(CODE_CATALOGS.it.filterErrorAt).not.toMatch(/posizione/i);
});
