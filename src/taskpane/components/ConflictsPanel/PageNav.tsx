import { Button, Caption1 } from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import { useI18n } from '../../i18n/index.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';

/**
 * Conflicts shown at once per list: a conflict card with its choices is tall at pane width, so the
 * page stays a few screens high however many conflicts there are (F62: 1,500 cards were 154,392 px).
 * @internal
 */
export const CONFLICT_PAGE = 10;

/**
 * The page of `items` to show and the navigation under it. `resetKey` (the find text) starts again
 * at the first page when it changes; a page emptied by resolutions shows the last one left.
 */
export function usePage<T>(
  items: readonly T[],
  resetKey: string,
): { readonly shown: readonly T[]; readonly nav: JSX.Element | null } {
  const [at, setAt] = useState({ page: 0, key: resetKey });
  const pages = Math.max(1, Math.ceil(items.length / CONFLICT_PAGE));
  const page = at.key === resetKey ? Math.min(at.page, pages - 1) : 0;
  const from = page * CONFLICT_PAGE;
  const shown = items.slice(from, from + CONFLICT_PAGE);
  const nav =
    pages > 1 ? (
      <PageNav
        from={from + 1}
        to={from + shown.length}
        total={items.length}
        onPrevious={page > 0 ? () => setAt({ page: page - 1, key: resetKey }) : null}
        onNext={page < pages - 1 ? () => setAt({ page: page + 1, key: resetKey }) : null}
      />
    ) : null;
  return { shown, nav };
}

function PageNav({
  from,
  to,
  total,
  onPrevious,
  onNext,
}: {
  readonly from: number;
  readonly to: number;
  readonly total: number;
  readonly onPrevious: (() => void) | null;
  readonly onNext: (() => void) | null;
}): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t } = useI18n();
  const range = t('pageRange', { from, to, total });
  return (
    <nav className={styles.row} aria-label={range}>
      <Button size="small" disabledFocusable={onPrevious === null} onClick={() => onPrevious?.()}>
        {t('previousPage')}
      </Button>
      <Button size="small" disabledFocusable={onNext === null} onClick={() => onNext?.()}>
        {t('nextPage')}
      </Button>
      <Caption1 className={styles.range}>{range}</Caption1>
    </nav>
  );
}
