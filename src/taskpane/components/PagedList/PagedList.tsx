import { Button, Caption1, Text } from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX, ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import { usePagedListStyles } from './PagedList.styles.js';

/** Rows a list shows at first and adds per "Show more": long lists stay readable at pane width. */
export const PAGE_SIZE = 20;

export interface PagedItem {
  readonly key: string;
  /** The item's accessible name (a contact's name); its text when absent. */
  readonly label?: string;
  readonly content: ReactNode;
}

/**
 * A titled list shown a page at a time, with an optional note said once for every item (a skip
 * reason's hint): the preview's groups and the skipped contacts' groups.
 */
export function PagedList({
  title,
  note,
  items,
}: {
  readonly title: string;
  readonly note?: string;
  readonly items: readonly PagedItem[];
}): JSX.Element {
  const styles = usePagedListStyles();
  const { t } = useI18n();
  const [shown, setShown] = useState(PAGE_SIZE);
  const visible = items.slice(0, shown);
  return (
    <section className={styles.group} aria-label={title}>
      <Text weight="semibold">{title}</Text>
      {note && <Caption1 className={styles.note}>{note}</Caption1>}
      <ul className={styles.list}>
        {visible.map((item) => (
          <li key={item.key} className={styles.item} aria-label={item.label}>
            {item.content}
          </li>
        ))}
      </ul>
      {items.length > shown && (
        <Button size="small" appearance="subtle" onClick={() => setShown(shown + PAGE_SIZE)}>
          {t('showMore', { shown: visible.length, total: items.length })}
        </Button>
      )}
    </section>
  );
}
