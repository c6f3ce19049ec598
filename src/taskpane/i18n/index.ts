import { createContext, useContext } from 'react';
import { CONTACT_PROPERTY } from '../../core/filter/index.js';
import { en } from './en.js';
import { FIELD_NAMES } from './fields.js';
import type { MessageKey, Messages } from './en.js';
import { fi } from './fi.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { sv } from './sv.js';

export type { MessageKey, Messages } from './en.js';
export type Lang = 'en' | 'fi' | 'sv' | 'nl' | 'it' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fi', 'sv', 'nl', 'it', 'fr'];

const CATALOGS: Readonly<Record<Lang, Messages>> = { en, fi, sv, nl, it, fr };

/** `fi-FI`, `sv`, `nl-BE`… → a language we have; English otherwise. */
export function pickLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

export function translator(lang: Lang): Translate {
  const messages = CATALOGS[lang];
  return (key, params) => {
    const text = messages[key] ?? en[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

export interface I18n {
  readonly lang: Lang;
  readonly t: Translate;
  /** BC's caption of a contact field (API property, or filter field such as `name`). */
  readonly field: (name: string) => string;
}

export function i18nFor(lang: Lang): I18n {
  const names = FIELD_NAMES[lang];
  const field = (name: string): string => {
    const property = (CONTACT_PROPERTY as Readonly<Record<string, string>>)[name] ?? name;
    return names[property] ?? FIELD_NAMES.en[property] ?? name;
  };
  return { lang, t: translator(lang), field };
}

export const I18nContext = createContext<I18n>(i18nFor('en'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
