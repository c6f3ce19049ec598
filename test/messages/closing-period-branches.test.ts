/**
 * F109's kind: a value that ends in a period ("CRONUS International Ltd.") keeps it, and a period
 * of the message right after it is not doubled — decided on the text ICU formatted, in the branch of
 * a plural or select it chose, alike on the server's words (catalogWords, message sources) and the
 * pane's (i18nOf, messages parsed as the build ships them). Before, the server looked for
 * `{name}.` in the message's source: a period that came from a plural branch after the value stayed
 * doubled there while the pane, which joined every branch's text, removed it.
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from '@formatjs/icu-messageformat-parser';
import { catalogWords } from '../../src/messages/english.js';
import type { MessageValues } from '../../src/messages/words.js';
import { i18nOf } from '../../src/taskpane/i18n/i18n-of.js';

type Case = readonly [name: string, message: string, values: MessageValues, said: string];

const CASES: readonly Case[] = [
  ['the closing period after the value', 'At {company}.', { company: 'Ltd.' }, 'At Ltd.'],
  ['no period after the value', 'At {company} now', { company: 'Ltd.' }, 'At Ltd. now'],
  ['a value without a period', 'At {company}.', { company: 'Adatum' }, 'At Adatum.'],
  [
    'the period comes from the plural branch ICU chose',
    '{company}{n, plural, one {. One left} other {. # left}}',
    { company: 'Ltd.', n: 1 },
    'Ltd. One left',
  ],
  [
    'one branch has the period, the chosen one does not',
    '{n, plural, one {{company}.} other {{company} and # more}}',
    { company: 'Ltd.', n: 3 },
    'Ltd. and 3 more',
  ],
  [
    'a select on a code beside a value with a period',
    '{side, select, bc {In BC: {company}.} other {In Outlook: {company}.}}',
    { side: 'bc', company: 'Ltd.' },
    'In BC: Ltd.',
  ],
  [
    'the next value starts with a period: not the message closing',
    '{host}{domain}.',
    { host: 'www.', domain: '.example.' },
    'www..example.',
  ],
  ['the same value twice', '{company} or {company}.', { company: 'Ltd.' }, 'Ltd. or Ltd.'],
  ['an ellipsis keeps its dots but one', 'Wait for {company}...', { company: 'Ltd.' }, 'Wait for Ltd...'],
];

const hosts = {
  server: (message: string, values: MessageValues) =>
    catalogWords('en', { k: message } as never).text('k' as never, values),
  pane: (message: string, values: MessageValues) =>
    i18nOf('en', { k: parse(message) } as never).i18n.t('k' as never, values),
  'pane, sources': (message: string, values: MessageValues) =>
    i18nOf('en', { k: message } as never).i18n.t('k' as never, values),
};

describe.each(Object.entries(hosts))('%s words', (_host, say) => {
  test.each(CASES)('%s', (_name, message, values, said) => {
    expect(say(message, values)).toBe(said);
  });
});
