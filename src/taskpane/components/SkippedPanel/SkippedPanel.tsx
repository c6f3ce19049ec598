import { Field, Text } from '@fluentui/react-components';
import { Input } from '../../layout/inputs.js';
import { useState } from 'react';
import type { JSX } from 'react';
import type { SkipView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { SkippedGroups, shownSkipGroups } from './SkippedGroups.js';
import { useSkippedPanelStyles } from './SkippedPanel.styles.js';

/**
 * Contacts the last runs did not sync, grouped by reason (SkippedGroups, the list the preview shows
 * too). A filter box and paging keep a long list usable.
 */
export function SkippedPanel({ skipped }: { readonly skipped: readonly SkipView[] }): JSX.Element {
  const styles = useSkippedPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [find, setFind] = useState('');
  if (skipped.length === 0) return <Text>{t('noSkipped')}</Text>;
  const groups = shownSkipGroups(skipped, find, i18n);
  // The settings' "out of scope" counts BC contacts; this list has Outlook's too (newuser finding 6:
  // 56 there, 57 here): when both sides are listed, say how many of each and why the counts differ.
  const outlook = skipped.filter((s) => s.side === 'outlook').length;
  const bc = skipped.length - outlook;
  return (
    <div className={styles.root} aria-label={t('skipped')} role="group">
      <Field label={t('findSkipped')}>
        <Input type="search" value={find} onChange={(_, d) => setFind(d.value)} />
      </Field>
      {bc > 0 && outlook > 0 && <Text data-testid="skipped-sides">{t('skippedSides', { bc, outlook })}</Text>}
      {groups.length === 0 && <Text>{t('noSkippedMatches', { text: find.trim() })}</Text>}
      <SkippedGroups groups={groups} find={find} />
    </div>
  );
}
