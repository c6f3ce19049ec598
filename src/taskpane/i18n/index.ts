import { createElement, useMemo } from 'react';
import type { JSX, ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import type { Lang } from '../../messages/langs.js';
import type { MessageValues, Words } from '../../messages/words.js';
import { fieldCaption, oneClosingPeriod } from '../../messages/words.js';
import type { MessageKey, Messages } from './load-messages.js';

export { pickLang } from '../../messages/langs.js';
export { loadMessages } from './load-messages.js';
/** @internal */
export type { Messages } from './load-messages.js';
/** @internal */
export type { Lang } from '../../messages/langs.js';

export type Translate = (key: MessageKey, values?: MessageValues) => string;

export interface I18n extends Words {
  readonly lang: Lang;
  readonly t: Translate;
  /** BC's caption of a contact field (API property, or filter field such as `name`). */
  readonly field: (name: string) => string;
  /** A date and time, short, as the language writes it. */
  readonly dateTime: (value: string | number | Date) => string;
}

/** The pane's words in the language of the nearest `I18nProvider`. */
export function useI18n(): I18n {
  const intl = useIntl();
  return useMemo(() => {
    const t: Translate = (key, values) =>
      oneClosingPeriod(intl.formatMessage({ id: key }, values), String(intl.messages[key] ?? ''), values);
    const words: Words = {
      text: t,
      list: (items) => intl.formatList(items, { type: 'conjunction' }),
    };
    return {
      ...words,
      lang: intl.locale as Lang,
      t,
      field: (name) => fieldCaption(words, name),
      dateTime: (value) => intl.formatDate(value, { dateStyle: 'short', timeStyle: 'short' }),
    };
  }, [intl]);
}

export interface I18nProviderProps {
  readonly lang: Lang;
  readonly messages: Messages;
  /** A missing message: tests throw; the product logs and shows the key. */
  readonly onError?: (error: Error) => void;
  readonly children: ReactNode;
}

export function I18nProvider({ lang, messages, onError, children }: I18nProviderProps): JSX.Element {
  return createElement(
    IntlProvider,
    { locale: lang, defaultLocale: 'en', messages, ...(onError ? { onError } : {}) },
    children,
  );
}
