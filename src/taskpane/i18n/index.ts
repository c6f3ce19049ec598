import { createContext, createElement, useContext, useEffect, useMemo } from 'react';
import type { JSX, ReactNode } from 'react';
import type { Lang } from '../../messages/langs.js';
import { i18nOf } from './i18n-of.js';
import type { I18n } from './i18n-of.js';
import type { Messages } from './load-messages.js';

/** @internal */
export { pickLang } from '../../messages/langs.js';
export { loadMessages } from './load-messages.js';
/** @internal */
export type { Messages } from './load-messages.js';
/** @internal */
export type { Lang } from '../../messages/langs.js';
export type { I18n, Translate } from './i18n-of.js';

const I18nContext = createContext<I18n | null>(null);

/** The pane's words in the language of the nearest `I18nProvider`. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs an I18nProvider.');
  return i18n;
}

export interface I18nProviderProps {
  readonly lang: Lang;
  readonly messages: Messages;
  /** A missing message: tests throw; the product logs and shows the key. */
  readonly onError?: (error: Error) => void;
  readonly children: ReactNode;
}

/**
 * The pane's words for its children. react-intl's formatter is made on first need (i18n-of.ts), and
 * else once the first screen is painted: its making is ICU's first use in the page (issue 12: 25-45 ms
 * of the first render on 2 cores), which the first screen's words, plain texts, do not need.
 */
export function I18nProvider({ lang, messages, onError, children }: I18nProviderProps): JSX.Element {
  const { i18n, prepare } = useMemo(() => i18nOf(lang, messages, onError), [lang, messages, onError]);
  useEffect(() => afterPaint(prepare), [prepare]);
  return createElement(I18nContext.Provider, { value: i18n }, children);
}

/** Runs `work` in a task after the next frame is painted (rAF runs before it); returns a cancel. */
function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = (): void => void (timer = setTimeout(work, 0));
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(later) : null;
  if (frame === null) later();
  return () => {
    if (frame !== null) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
