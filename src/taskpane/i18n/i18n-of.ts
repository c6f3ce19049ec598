import { createIntl, createIntlCache } from 'react-intl';
import type { IntlShape } from 'react-intl';
import type { Lang } from '../../messages/langs.js';
import type { MessageValues, Words } from '../../messages/words.js';
import { fieldCaption } from '../../messages/words.js';
import { isolated, withValues } from '../../messages/value-format.js';
import { minuteUp, secondUp } from '../../messages/wait-time.js';
import type { MessageKey, Messages } from './load-messages.js';

export type Translate = (key: MessageKey, values?: MessageValues) => string;

export interface I18n extends Words {
  readonly lang: Lang;
  readonly t: Translate;
  /** BC's caption of a contact field (API property, or filter field such as `name`). */
  readonly field: (name: string) => string;
  /** A date and time, short, as the language writes it. */
  readonly dateTime: (value: string | number | Date) => string;
  /**
   * A time to wait for (runSettling's), short, rounded up to the minute shown: truncated, 12:05:50
   * read "12:05", and a retry at 12:05 was refused again with the same time (audit 5).
   */
  readonly until: (value: string | number | Date) => string;
  /**
   * When a run's wait ends (core/run-waits.ts): the time of day to the second, rounded up, as the
   * language writes it ("10:42:05"): waits last seconds, so a minute would say nothing.
   */
  readonly clockTime: (value: string | number | Date) => string;
}

/** ICU's literal element (`TYPE.literal` of @formatjs/icu-messageformat-parser). */
const LITERAL = 0;

/**
 * A message that is one plain text, as the build parses it (icu-catalog-loader.js): its text.
 * react-intl's formatMessage answers such a message the same way, without formatting.
 */
function plainText(message: unknown): string | null {
  if (!Array.isArray(message) || message.length !== 1) return null;
  const [element] = message as { type?: unknown; value?: unknown }[];
  return element?.type === LITERAL && typeof element.value === 'string' ? element.value : null;
}

/**
 * The pane's words in `lang`, over react-intl. Its formatter (`createIntl`) is made on the first
 * word that needs it (values, plurals, lists, dates) or by `prepare`: making it asks ICU which
 * locales it has (Intl.NumberFormat.supportedLocalesOf), ICU's first use in the page, 25-45 ms on 2
 * cores (issue 12, traced), while the first screen shows only plain texts ("Loading…").
 */
export function i18nOf(
  lang: Lang,
  messages: Messages,
  onError?: (error: Error) => void,
): { readonly i18n: I18n; readonly prepare: () => void } {
  let intl: IntlShape | null = null;
  const formatter = (): IntlShape =>
    (intl ??= createIntl(
      { locale: lang, defaultLocale: 'en', messages, ...(onError ? { onError } : {}) },
      createIntlCache(),
    ));
  const t: Translate = (key, values) => {
    const message: unknown = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : undefined;
    const plain = values === undefined ? plainText(message) : null;
    if (plain !== null) return plain;
    return withValues((v) => formatter().formatMessage({ id: key }, v), values);
  };
  const words: Words = {
    text: t,
    list: (items) => formatter().formatList(items.map(isolated), { type: 'conjunction' }),
  };
  const i18n: I18n = {
    ...words,
    lang,
    t,
    field: (name) => fieldCaption(words, name),
    dateTime: (value) => formatter().formatDate(value, { dateStyle: 'short', timeStyle: 'short' }),
    until: (value) => formatter().formatDate(minuteUp(value), { dateStyle: 'short', timeStyle: 'short' }),
    clockTime: (value) => formatter().formatTime(secondUp(value), { timeStyle: 'medium' }),
  };
  return { i18n, prepare: () => void formatter() };
}
