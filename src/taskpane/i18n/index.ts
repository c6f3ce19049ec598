import { createElement, useMemo } from 'react';
import type { JSX, ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import type { CodeKey } from '../../messages/catalogs/en.js';
import type { Lang } from '../../messages/langs.js';
import type { MessageValues, Words } from '../../messages/words.js';
import { fieldCaption, oneClosingPeriod } from '../../messages/words.js';
import { download } from '../api/failure.js';
import type { PaneKey } from './catalogs/en.js';

export { LANGS, pickLang } from '../../messages/langs.js';
export type { Lang } from '../../messages/langs.js';

/** Every key the pane can show: its own texts and the texts of core's codes (src/messages). */
type MessageKey = PaneKey | CodeKey;
export type Messages = { readonly [K in MessageKey]: string };

/**
 * One language's catalogs, loaded on demand so the first load carries only the language shown
 * (webpack makes one chunk per language).
 */
export async function loadMessages(lang: Lang): Promise<Messages> {
  const [pane, codes] = await download(async () => {
    switch (lang) {
      case 'fi':
        return Promise.all([import('./catalogs/fi.js'), import('../../messages/catalogs/fi.js')]);
      case 'sv':
        return Promise.all([import('./catalogs/sv.js'), import('../../messages/catalogs/sv.js')]);
      case 'nl':
        return Promise.all([import('./catalogs/nl.js'), import('../../messages/catalogs/nl.js')]);
      case 'it':
        return Promise.all([import('./catalogs/it.js'), import('../../messages/catalogs/it.js')]);
      case 'fr':
        return Promise.all([import('./catalogs/fr.js'), import('../../messages/catalogs/fr.js')]);
      case 'en':
        return Promise.all([import('./catalogs/en.js'), import('../../messages/catalogs/en.js')]);
    }
  });
  return { ...codes.default, ...pane.default };
}

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
