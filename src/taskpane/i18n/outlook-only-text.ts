import type { OutlookOnlyValues } from '../../core/outlook-only.js';
import type { MergedSinceShown } from '../../core/merge.js';
import type { I18n } from './index.js';

/**
 * What only the Outlook copy of a conflict holds (F54's `outlookOnly`), and what the destructive
 * choice does with it (F59): "Only Outlook holds: Notes, Birthday and 1 more e-mail address. “Keep
 * Business Central” deletes the Outlook contact, and these values with it." Outlook's captions.
 */
export function outlookOnlyText(i18n: Pick<I18n, 't' | 'list'>, held: OutlookOnlyValues): string {
  const values = [
    ...held.properties.map((p) => i18n.t(`outlookProperty_${p}`)),
    ...(held.emails.length > 0 ? [i18n.t('outlookOnlyEmails', { n: held.emails.length })] : []),
    ...(held.phones.length > 0 ? [i18n.t('outlookOnlyPhones', { n: held.phones.length })] : []),
  ];
  return i18n.t('outlookOnlyHeld', { values: i18n.list(values), keepBc: i18n.t('keepBc') });
}

/**
 * What a field conflict's choice writes beside its fields, made since it was shown (attack F2: the
 * record names them after a refused choice, core/resolve-since-shown.ts), one sentence per side it
 * came from: "Changed in Outlook since this conflict was shown, and written to Business Central
 * with your choice: City and Mobile Phone No."
 */
export function sinceShownTexts(
  i18n: Pick<I18n, 't' | 'list' | 'field'>,
  changes: readonly MergedSinceShown[] = [],
): string[] {
  return (['outlook', 'bc'] as const).flatMap((from) => {
    const fields = changes.filter((c) => c.from === from).map((c) => i18n.field(c.field));
    if (fields.length === 0) return [];
    const key = from === 'outlook' ? 'sinceShownFromOutlook' : 'sinceShownFromBc';
    return [i18n.t(key, { fields: i18n.list(fields) })];
  });
}
