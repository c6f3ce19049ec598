import type { RunRecord } from '../api/types.js';
import type { Translate } from './index.js';

/**
 * What a held run would delete, with the real share of the folder next to the user's threshold
 * (a `bcEmpty` hold has no threshold: BC returned nothing, so every copy would go).
 */
export function heldText(t: Translate, held: NonNullable<RunRecord['held']>): string {
  const { deletes, folderSize } = held;
  if (held.kind === 'bcEmpty') return t('heldTextBcEmpty', { folderSize });
  return t('heldText', { deletes, folderSize, share: deletes / Math.max(1, folderSize), limit: held.share });
}

/**
 * What to do about a run held where no prompt is (a scheduled run, issue 14 F37): confirm from a
 * sync in the pane, or keep the contacts by changing the filter or the limit — naming the button
 * and the section as the pane shows them.
 */
export function heldHint(t: Translate): string {
  return t('heldHint', { confirm: t('confirmDelete'), settings: t('settingsSection') });
}
