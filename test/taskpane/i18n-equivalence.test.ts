/**
 * A review of 0c4f6dd + e286637: the pane's words through i18nOf must be what react-intl's
 * IntlProvider gave (createIntl + formatMessage, the old useI18n) for every language and key, on the
 * catalogs as the build ships them (parsed) and as the sources hold them; and a value that ends in a
 * period keeps it, and ends the sentence with one period (F109), in both forms.
 */
import { describe, expect, test } from '@jest/globals';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createIntl, createIntlCache } from 'react-intl';
import { i18nOf } from '../../src/taskpane/i18n/i18n-of.js';
import type { Lang, Messages } from '../../src/taskpane/i18n/index.js';
import type { MessageKey } from '../../src/taskpane/i18n/load-messages.js';
import { MESSAGES } from '../messages/catalogs.js';

const LANGS: Lang[] = ['en', 'fi', 'sv', 'nl', 'it', 'fr'];
const built = (lang: Lang): Messages =>
  Object.fromEntries(Object.entries(MESSAGES[lang]).map(([k, m]) => [k, parse(m)])) as unknown as Messages;

/** Values for every argument of a message: strings ending in a period, numbers, 'other' for selects. */
function valuesOf(ast: MessageFormatElement[], out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const e of ast) {
    if (e.type === TYPE.argument) out[e.value] ??= 'CRONUS Ltd.';
    else if (e.type === TYPE.number || e.type === TYPE.plural) out[e.value] = 2;
    else if (e.type === TYPE.date || e.type === TYPE.time) out[e.value] = 0;
    else if (e.type === TYPE.select) out[e.value] = 'other';
    if ('options' in e) for (const o of Object.values(e.options)) valuesOf(o.value, out);
    if (e.type === TYPE.tag) valuesOf(e.children, out);
  }
  return out;
}

/**
 * Collects what react-intl would print (its default onError is console.error): code and message id.
 * A passing test prints nothing, and the errors are asserted instead.
 */
function errorsInto(out: string[]): (error: Error) => void {
  return (error) => {
    const { code, descriptor } = error as Error & { code?: string; descriptor?: { id?: unknown } };
    out.push(`${code} ${String(descriptor?.id)}`);
  };
}

describe.each(LANGS)('%s', (lang) => {
  const parsed = built(lang);
  const oldErrors: string[] = [];
  const old = createIntl(
    { locale: lang, defaultLocale: 'en', messages: parsed, onError: errorsInto(oldErrors) },
    createIntlCache(),
  );
  const keys = Object.keys(parsed) as MessageKey[];
  const withArguments = keys.filter(
    (k) =>
      Object.keys(valuesOf((parsed as unknown as Record<string, MessageFormatElement[]>)[k]!)).length > 0,
  );

  test('a word without values is what react-intl formatted (built catalogs)', () => {
    const errors: string[] = [];
    const { i18n } = i18nOf(lang, parsed, errorsInto(errors));
    oldErrors.length = 0;
    const diffs = keys
      .map((k) => [k, i18n.t(k), old.formatMessage({ id: k })] as const)
      .filter(([, a, b]) => a !== b);
    expect(diffs).toEqual([]);
    // A word that takes values, asked without them, is a format error in both (each falls back to
    // the id), and no other word is.
    const expected = withArguments.map((k) => `FORMAT_ERROR ${k}`);
    expect(errors).toEqual(expected);
    expect(oldErrors).toEqual(expected);
  });

  test('a word with values: built pane and sources agree (one period after a value that ends in one)', () => {
    const errors: string[] = [];
    const fromSources = i18nOf(lang, MESSAGES[lang], errorsInto(errors)).i18n;
    const fromBuild = i18nOf(lang, parsed, errorsInto(errors)).i18n;
    oldErrors.length = 0;
    const diffs: unknown[] = [];
    for (const k of keys) {
      const ast = (parsed as unknown as Record<string, MessageFormatElement[]>)[k]!;
      const values = valuesOf(ast);
      if (Object.keys(values).length === 0) continue;
      const a = fromSources.t(k, values as never);
      const b = fromBuild.t(k, values as never);
      if (a !== b) diffs.push({ k, a, b });
      // every value that ends in a period is there whole, and never followed by a second one
      const whole = (old.formatMessage({ id: k }, values as never) as string).split('CRONUS Ltd').length;
      if (b.split('CRONUS Ltd.').length !== whole || b.includes('CRONUS Ltd..')) diffs.push({ k, built: b });
    }
    expect(diffs).toEqual([]);
    expect([...errors, ...oldErrors]).toEqual([]);
  });
});
