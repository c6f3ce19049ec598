import type { RunRecord } from '../api/types.js';
import type { Translate } from './index.js';

/**
 * What a held run would delete, with the real share next to the user's threshold (a `bcEmpty` hold
 * has no threshold: BC returned nothing, so every copy would go). The guard counts the contacts
 * synced to the folder (its links, `folderSize`), not whatever else the folder holds (F50): the
 * words say "synced" in every language.
 */
export function heldText(t: Translate, held: NonNullable<RunRecord['held']>): string {
  const { deletes, folderSize: synced } = held;
  if (held.kind === 'bcEmpty') return t('heldTextBcEmpty', { synced });
  return t('heldText', { deletes, synced, share: deletes / Math.max(1, synced), limit: held.share });
}

/**
 * What to do about a run held where no prompt is (a scheduled run, issue 14 F37): confirm from a
 * sync in the pane, or keep the contacts by changing the filter or the limit — naming the button
 * and the section as the pane shows them.
 */
export function heldHint(t: Translate): string {
  return t('heldHint', { confirm: t('confirmDelete'), settings: t('settingsSection') });
}
