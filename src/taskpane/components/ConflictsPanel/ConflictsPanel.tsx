import { waitsForChoice } from '../../../core/views.js';
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  mergeClasses,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView, ResolveChoice } from '../../api/types.js';

type FieldConflict = ConflictView['fields'][number];
import { useI18n } from '../../i18n/index.js';
import { deletionCauseText } from '../../../messages/words.js';
import { outlookOnlyText } from '../../i18n/outlook-only-text.js';
import { useFocusOn } from '../../layout/focus.js';
import { useNarrow } from '../../layout/narrow.js';
import { lazyPart } from '../../layout/lazy.js';
import { useFailureText } from '../../services.js';
import { findsConflict } from './conflict-find.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';
import { usePage } from './PageNav.js';

export interface ConflictsPanelProps {
  readonly conflicts: readonly ConflictView[];
  /** Writes the choice to both sides; the caller refreshes the list afterwards. */
  readonly onResolve: (bcId: string, choice: ResolveChoice) => Promise<void>;
  /** Accepts what the policy settled (nothing is written); the caller refreshes the list afterwards. */
  readonly onDismiss: (bcId: string) => Promise<void>;
  /** One conflict of a bulk choice, written to both sides; the list is not refreshed after each. */
  readonly resolveInBulk: (bcId: string, side: 'bc' | 'outlook') => Promise<void>;
  /** After a bulk choice: the caller refreshes the list once. */
  readonly onBulkDone: () => Promise<void>;
}

// The choice for all listed conflicts is asked for rarely: a chunk of its own (F66's 150 KB budget).
const Bulk = lazyPart(
  () => import('./BulkChoice.js'),
  (m) => m.BulkChoice,
);

// The four-column table only serves panes wider than Outlook's (320–350 px): a chunk of its own.
const Wide = lazyPart(
  () => import('./ConflictTable.js'),
  (m) => m.ConflictTable,
);

function ConflictItem({
  conflict,
  onResolve,
  onDismiss,
}: {
  conflict: ConflictView;
  onResolve: ConflictsPanelProps['onResolve'];
  onDismiss: ConflictsPanelProps['onDismiss'];
}): JSX.Element {
  const styles = useConflictsPanelStyles();
  const i18n = useI18n();
  const { t, field, list } = i18n;
  const describe = useFailureText();
  const [open, setOpen] = useState(false);
  const narrow = useNarrow();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `conflict-${conflict.bcId}`;
  const name = conflict.displayName;

  const act = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      // A refused resolve is worded from the failure the sync API sends as data (failureText).
      setError(t('resolveFailed', { message: describe(e) }));
    } finally {
      setBusy(false);
    }
  };
  const resolve = (choice: ResolveChoice): Promise<void> => act(() => onResolve(conflict.bcId, choice));

  const perField = conflict.kind === 'fields';
  const fieldList = list(conflict.fields.map((f) => field(f.field))) || t('field');
  // Per side: its value, the winner badge and, per field, the button that keeps it.
  const sideValue = (f: FieldConflict, side: 'bc' | 'outlook'): JSX.Element => (
    <>
      <span className={styles.value}>{f[side] || '—'}</span>
      {f.winner === side && (
        <Badge size="small" appearance="tint" color="success">
          {t('winner')}
        </Badge>
      )}
      {perField && (
        <Button
          size="small"
          appearance="outline"
          className={styles.keep}
          disabled={busy}
          aria-label={t(side === 'bc' ? 'keepBcField' : 'keepOutlookField', { field: field(f.field) })}
          onClick={() => void resolve({ fields: { [f.field]: side } })}
        >
          {t('keepShort')}
        </Button>
      )}
    </>
  );
  // Narrow pane: one card per field, label above value, so nothing breaks mid-word.
  const card = (f: FieldConflict): JSX.Element => (
    <div key={f.field} role="group" aria-label={field(f.field)} className={styles.card}>
      <Text weight="semibold">{field(f.field)}</Text>
      {(
        [
          ['base', null],
          ['sideBc', 'bc'],
          ['sideOutlook', 'outlook'],
        ] as const
      ).map(([label, side]) => (
        <div
          key={label}
          className={mergeClasses(styles.cardRow, side !== null && f.winner === side && styles.winner)}
        >
          <Caption1 className={styles.muted}>{t(label)}</Caption1>
          {side === null ? <span className={styles.value}>{f.base || '—'}</span> : sideValue(f, side)}
        </div>
      ))}
    </div>
  );

  return (
    <li className={styles.item} aria-label={name}>
      <Text weight="semibold">{name}</Text>
      {conflict.reason && (
        <Caption1 className={styles.muted}>{deletionCauseText(i18n, conflict.reason)}</Caption1>
      )}
      {conflict.outlookOnly && (
        // Why the copy was held, and what "Keep Business Central" would delete with it (F59).
        <Caption1 data-testid="outlook-only">{outlookOnlyText(i18n, conflict.outlookOnly)}</Caption1>
      )}
      {conflict.fields.length > 0 && (
        <div className={styles.row}>
          <Button
            size="small"
            aria-expanded={open}
            aria-controls={id}
            // The accessible name starts with the visible text (WCAG 2.5.3, label in name).
            aria-label={`${fieldList} (${t('showFields', { name })})`}
            onClick={() => setOpen(!open)}
          >
            {fieldList}
          </Button>
        </div>
      )}
      {open && narrow && (
        <div id={id} role="group" aria-label={name} className={styles.cards}>
          {conflict.fields.map(card)}
        </div>
      )}
      {open && !narrow && <Wide.Part id={id} name={name} fields={conflict.fields} sideValue={sideValue} />}
      <div className={styles.row}>
        <Button
          size="small"
          disabled={busy}
          aria-label={t('keepBcAll', { name })}
          onClick={() => void resolve({ side: 'bc' })}
        >
          {t('keepBc')}
        </Button>
        <Button
          size="small"
          disabled={busy}
          aria-label={t('keepOutlookAll', { name })}
          onClick={() => void resolve({ side: 'outlook' })}
        >
          {t('keepOutlook')}
        </Button>
        {!waitsForChoice(conflict) && (
          <Button
            size="small"
            appearance="primary"
            disabled={busy}
            aria-label={t('acceptAll', { name })}
            onClick={() => void act(() => onDismiss(conflict.bcId))}
          >
            {t('accept')}
          </Button>
        )}
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </li>
  );
}

/** One group (waiting, or settled by the rule): its title, a page of its conflicts, and its pages. */
function ConflictGroup({
  label,
  items,
  find,
  head,
  children,
}: {
  readonly label: 'openConflicts' | 'settledConflicts';
  readonly items: readonly ConflictView[];
  readonly find: string;
  readonly head: JSX.Element | null;
  readonly children: (c: ConflictView) => JSX.Element;
}): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t } = useI18n();
  const { shown, nav } = usePage(items, find);
  const title = t(label, { n: items.length });
  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {head}
      <ul className={styles.list}>{shown.map(children)}</ul>
      {nav}
    </section>
  );
}

/**
 * Recorded conflicts, each with base / Business Central / Outlook per field and the winner marked:
 * first those waiting for the user's choice, then, apart, those the policy settled (accept or revert).
 * However many there are (F62: 1,500), the panel shows the counts, a find box, a page of each group
 * at a time, and a choice for all the waiting ones the find box lists.
 */
export function ConflictsPanel({
  conflicts,
  onResolve,
  onDismiss,
  resolveInBulk,
  onBulkDone,
}: ConflictsPanelProps): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t, field } = useI18n();
  // Said politely after each resolution: the resolved item leaves the list, so it cannot say it.
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const [done, setDone] = useState(0);
  const [find, setFind] = useState('');
  // The resolved item leaves the list with the focused button: focus goes to the confirmation.
  const statusRef = useFocusOn<HTMLDivElement>(done || null);
  const announce = (text: string, focus: boolean): void => {
    setConfirmed(text);
    if (focus) setDone((n) => n + 1);
  };
  const confirm =
    <A extends unknown[]>(action: (...args: A) => Promise<void>, text: 'resolved' | 'accepted') =>
    async (...args: A): Promise<void> => {
      setConfirmed(null);
      await action(...args);
      announce(t(text), true);
    };
  const resolve = confirm(onResolve, 'resolved');
  const dismiss = confirm(onDismiss, 'accepted');
  const open = conflicts.filter(waitsForChoice);
  const settled = conflicts.length - open.length;
  const found = conflicts.filter((c) => findsConflict(c, find, field));
  const finding = find.trim() !== '';
  const groups = [
    { key: 'open', label: 'openConflicts', items: found.filter(waitsForChoice) },
    { key: 'settled', label: 'settledConflicts', items: found.filter((c) => !waitsForChoice(c)) },
  ] as const;
  const item = (c: ConflictView): JSX.Element => (
    <ConflictItem key={c.bcId} conflict={c} onResolve={resolve} onDismiss={dismiss} />
  );
  return (
    <>
      <div role="status" aria-live="polite" className={styles.status} ref={statusRef} tabIndex={-1}>
        {confirmed && <Text>{confirmed}</Text>}
      </div>
      {conflicts.length === 0 ? (
        <Text>{t('noConflicts')}</Text>
      ) : (
        <>
          <Text>{t('conflictsCount', { open: open.length, settled })}</Text>
          <Field label={t('findConflict')} hint={t('findConflictHint')}>
            <Input type="search" value={find} onChange={(_, d) => setFind(d.value)} />
          </Field>
          {finding && (
            <Text role="status">
              {found.length === 0
                ? t('noConflictMatches', { text: find.trim() })
                : t('conflictMatches', { n: found.length, text: find.trim() })}
            </Text>
          )}
        </>
      )}
      {groups
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <ConflictGroup
            key={g.key}
            label={g.label}
            items={g.items}
            find={find}
            head={
              g.key === 'open' ? (
                <Bulk.Part
                  conflicts={g.items}
                  resolveOne={resolveInBulk}
                  announce={announce}
                  onDone={onBulkDone}
                />
              ) : (
                <Caption1 className={styles.muted}>{t('settledHelp')}</Caption1>
              )
            }
          >
            {item}
          </ConflictGroup>
        ))}
    </>
  );
}
