/**
 * Review of ec920d1 (F109's one closing period decided on the text ICU formatted): the values'
 * edges are marked with U+E000/U+E001 while the message is formatted, and then every U+E000/U+E001
 * of the whole text is removed. A value of the user's own text that holds one of these private-use
 * characters (BC and Outlook store them as any other; Windows' symbol fonts use the area) lost it,
 * and a period after it, whenever another value of the message ended in a period: the words showed
 * a name that is not the contact's. Before, only `{value}.` was touched.
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from '@formatjs/icu-messageformat-parser';
import { catalogWords } from '../../src/messages/english.js';
import type { MessageValues } from '../../src/messages/words.js';
import { i18nOf } from '../../src/taskpane/i18n/i18n-of.js';

const MESSAGE = '{name} works at {company}.';
const VALUES = { name: 'Ann \uE000.\uE001 Lee', company: 'Ltd.' };
const SAID = 'Ann \uE000.\uE001 Lee works at Ltd.';

const hosts = {
  server: (message: string, values: MessageValues) =>
    catalogWords('en', { k: message } as never).text('k' as never, values),
  pane: (message: string, values: MessageValues) =>
    i18nOf('en', { k: parse(message) } as never).i18n.t('k' as never, values),
};

describe.each(Object.entries(hosts))('%s words', (_host, say) => {
  test("a value's private-use characters are the value's, kept as they are", () => {
    expect(say(MESSAGE, VALUES)).toBe(SAID);
  });
});
