/** @jest-environment jsdom */
/**
 * F109 in the pane: a run error naming a company whose name ends in a period ("CRONUS
 * International Ltd.") ended the French sentence with two. The pane words run errors through its
 * own `useI18n` (react-intl), so it must keep one closing period as the server's words do.
 */
import { describe, expect, test } from '@jest/globals';
import { render, screen } from '@testing-library/react';
import type { JSX } from 'react';
import { companyChangedError } from '../../src/core/state-origin.js';
import { runErrorText } from '../../src/messages/words.js';
import { I18nProvider, useI18n } from '../../src/taskpane/i18n/index.js';
import { LANGS } from '../../src/messages/langs.js';
import { parse } from '@formatjs/icu-messageformat-parser';
import type { Lang, Messages } from '../../src/taskpane/i18n/index.js';
import { MESSAGES } from '../messages/catalogs.js';

/** `lang`'s catalogs as the build ships them: every message parsed (scripts/icu-catalog-loader.js). */
function built(lang: Lang): Messages {
  return Object.fromEntries(Object.entries(MESSAGES[lang]).map(([k, m]) => [k, parse(m)])) as never;
}

const error = companyChangedError('r1', {
  from: '5d115c9c-44e3-ee11-904d-6045bdc8c192',
  to: '1a1a1a1a-0000-0000-0000-00000000000a',
  fromName: 'CRONUS International Ltd.',
  toName: 'Adatum Corporation',
});

function Said(): JSX.Element {
  return <p data-testid="said">{runErrorText(useI18n(), error)}</p>;
}

describe('the pane ends a sentence with one period after a name that ends in one (F109)', () => {
  test.each([...LANGS].flatMap((lang) => [[lang, 'sources'] as const, [lang, 'build'] as const]))(
    '%s, catalogs as the %s',
    (lang, form) => {
      render(
        <I18nProvider lang={lang} messages={form === 'build' ? built(lang) : MESSAGES[lang]}>
          <Said />
        </I18nProvider>,
      );
      const text = screen.getByTestId('said').textContent ?? '';
      expect(text).toContain('CRONUS International Ltd.');
      expect(text).not.toContain('Ltd..');
    },
  );
});
