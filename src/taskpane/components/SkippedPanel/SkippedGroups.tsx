import { Caption1, Text } from '@fluentui/react-components';
import type { JSX } from 'react';
import type { SkipView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import type { I18n } from '../../i18n/index.js';
import { skipHintText, skipReasonText } from '../../../messages/words.js';
import { PagedList } from '../PagedList/PagedList.js';
import { matchesText } from '../../layout/find-text.js';
import { skipGroups } from './skip-groups.js';
import { useSkippedPanelStyles } from './SkippedPanel.styles.js';

/** A label and its value that never part at a line end ("No. KT000042"): joined by a no-break space. */
function labelled(label: string, value: string): string {
  return `${label}\u00a0${value}`;
}

/** One group as listed: its reason and hint in the user's words, the contacts matching the find box. */
export interface ShownSkipGroup {
  readonly key: string;
  readonly title: string;
  readonly hint: string;
  readonly items: readonly SkipView[];
}

/**
 * Skipped contacts grouped by reason (skipGroups), each group's title and hint worded, only the
 * contacts matching `find` (name, BC No., reason); groups left empty are dropped.
 */
export function shownSkipGroups(skipped: readonly SkipView[], find: string, i18n: I18n): ShownSkipGroup[] {
  const reasonText = (r: SkipView['reason']) => skipReasonText(i18n, r);
  return skipGroups(skipped, reasonText)
    .map((g) => {
      const title = reasonText(g.reason);
      const items = g.items.filter((s) =>
        matchesText(
          [s.displayName, s.bcNumber, title, reasonText(s.reason), ...(s.more ?? []).map(reasonText)],
          find,
        ),
      );
      return { key: g.key, title, hint: skipHintText(i18n, g.reason), items };
    })
    .filter((g) => g.items.length > 0);
}

/**
 * The one list of skipped contacts, shown by the Skipped panel and by the preview: each reason and
 * how to fix it said once for its group, each contact by name, side and BC No.; a contact whose own
 * reason says more (a second scope reason) shows it too. `find` is part of each list's key: a new
 * filter starts each group at its first page.
 */
export function SkippedGroups({
  groups,
  find,
}: {
  readonly groups: readonly ShownSkipGroup[];
  readonly find: string;
}): JSX.Element {
  const styles = useSkippedPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;

  // Contacts of a group read the same but for a BC contact's further scope reasons, shown as its
  // own line; the group's hint covers the reason it is grouped under, which alone keeps it out.
  const item = (s: SkipView, title: string) => {
    const own = skipReasonText(i18n, s.reason);
    const side = s.side === 'bc' ? t('sideBc') : t('sideOutlook');
    const where = s.bcNumber ? `${side} · ${labelled(i18n.field('number'), s.bcNumber)}` : side;
    return (
      <div className={styles.item}>
        <Text weight="semibold">
          {s.displayName || '—'} <Caption1 className={styles.muted}>({where})</Caption1>
        </Text>
        {own !== title && <Text>{own}</Text>}
        {(s.more ?? []).map((r, i) => (
          // Every further reason of this contact, with how to fix it (all are listed, issue 8).
          <Text key={i}>
            {skipReasonText(i18n, r)}. {skipHintText(i18n, r)}
          </Text>
        ))}
      </div>
    );
  };

  return (
    <>
      {groups.map((g) => (
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
    </>
  );
}
