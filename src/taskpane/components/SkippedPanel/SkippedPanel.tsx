import { Caption1, Text } from '@fluentui/react-components';
import type { JSX } from 'react';
import type { SkipView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { skipHintText, skipReasonText } from '../../../messages/words.js';
import { useSkippedPanelStyles } from './SkippedPanel.styles.js';

/** Contacts the last runs did not sync, each with its reason and how to fix it. */
export function SkippedPanel({ skipped }: { readonly skipped: readonly SkipView[] }): JSX.Element {
  const styles = useSkippedPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  if (skipped.length === 0) return <Text>{t('noSkipped')}</Text>;
  return (
    <ul className={styles.list} aria-label={t('skipped')}>
      {skipped.map((s) => (
        <li key={s.key} className={styles.item} aria-label={s.displayName || s.key}>
          <Text weight="semibold">
            {s.displayName || '—'}{' '}
            <Caption1 className={styles.muted}>({s.side === 'bc' ? t('sideBc') : t('sideOutlook')})</Caption1>
          </Text>
          <Text>{skipReasonText(i18n, s.reason)}</Text>
          <Caption1 className={styles.muted}>
            {t('hintText', { hint: skipHintText(i18n, s.reason) })}
          </Caption1>
        </li>
      ))}
    </ul>
  );
}
