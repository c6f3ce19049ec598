import type { OutlookOnlyValues } from '../../core/outlook-only.js';
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
