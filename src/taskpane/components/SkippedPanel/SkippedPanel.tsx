import { Caption1, Field, Input, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import type { SkipView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { skipHintText, skipReasonText } from '../../../messages/words.js';
import { PagedList } from '../PagedList/PagedList.js';
import { matchesText } from '../PreviewPanel/plan-groups.js';
import { skipGroups } from './skip-groups.js';
import { useSkippedPanelStyles } from './SkippedPanel.styles.js';

/**
 * Contacts the last runs did not sync, grouped by reason: each reason and how to fix it said once
 * for its group, each contact by name, side and BC No.; a contact whose own reason says more (a
 * second scope reason) shows it too. A filter box and paging keep a long list usable.
 */
export function SkippedPanel({ skipped }: { readonly skipped: readonly SkipView[] }): JSX.Element {
  const styles = useSkippedPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [find, setFind] = useState('');
  if (skipped.length === 0) return <Text>{t('noSkipped')}</Text>;
  const reasonText = (r: SkipView['reason']) => skipReasonText(i18n, r);
  const groups = skipGroups(skipped, reasonText)
    .map((g) => {
      const title = reasonText(g.reason);
      const hint = skipHintText(i18n, g.reason);
      const items = g.items.filter((s) =>
        matchesText([s.displayName, s.bcNumber, title, reasonText(s.reason)], find),
      );
      return { ...g, title, hint, items };
    })
    .filter((g) => g.items.length > 0);

  // Contacts of a group read the same but for a BC contact's further scope reasons, shown as its
  // own line; the group's hint covers the reason it is grouped under, which alone keeps it out.
  const item = (s: SkipView, title: string) => {
    const own = reasonText(s.reason);
    const side = s.side === 'bc' ? t('sideBc') : t('sideOutlook');
    const where = s.bcNumber ? `${side} · ${i18n.field('number')} ${s.bcNumber}` : side;
    return (
      <div className={styles.item}>
        <Text weight="semibold">
          {s.displayName || '—'} <Caption1 className={styles.muted}>({where})</Caption1>
        </Text>
        {own !== title && <Text>{own}</Text>}
      </div>
    );
  };

  return (
    <div className={styles.root} aria-label={t('skipped')} role="group">
      <Field label={t('findSkipped')}>
        <Input type="search" value={find} onChange={(_, d) => setFind(d.value)} />
      </Field>
      {groups.length === 0 && <Text>{t('noSkippedMatches', { text: find.trim() })}</Text>}
      {groups.map((g) => (
        // A new filter starts each group at its first page.
        <PagedList
          key={`${g.key}:${find}`}
          title={t('groupCount', { label: g.title, n: g.items.length })}
          note={t('hintText', { hint: g.hint })}
          items={g.items.map((s) => ({
            key: s.key,
            label: s.displayName || s.key,
            content: item(s, g.title),
          }))}
        />
      ))}
    </div>
  );
}
