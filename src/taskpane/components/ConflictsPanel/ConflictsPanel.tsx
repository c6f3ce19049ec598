import { waitsForChoice } from '../../../core/views.js';
import { Caption1, Field, MessageBar, MessageBarBody, Subtitle2, Text } from '@fluentui/react-components';
import { Input } from '../../layout/inputs.js';
import { useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView, ResolveChoice } from '../../api/types.js';

import { useI18n } from '../../i18n/index.js';
import { useFocusOn } from '../../layout/focus.js';
import { LiveRegion } from '../../layout/live-region.js';
import { lazyPart } from '../../layout/lazy.js';
import { useFailureText } from '../../services.js';
import { ConflictGoneError } from '../../state/conflict-gone.js';
import { findsConflict } from './conflict-find.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';
import { usePage } from './PageNav.js';
import { ConflictItem } from './ConflictItem.js';

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
const Bulk = lazyPart(() => import('./BulkChoice.js'), 'BulkChoice');

/** A refused choice, worded from the failure the sync API sends as data (failureText). */
interface Refusal {
  readonly bcId: string;
  readonly text: string;
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
  const { t, field, list } = useI18n();
  const describe = useFailureText();
  // Said politely after each resolution: the resolved item leaves the list, so it cannot say it.
  const [confirmed, setConfirmed] = useState<string | null>(null);
  // Kept here, not in the card: a refused choice reloads the list (the record may have changed,
  // F71), and a conflict resolved elsewhere leaves it — its refusal must stay readable.
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [done, setDone] = useState(0);
  const [find, setFind] = useState('');
  // The resolved item leaves the list with the focused button: focus goes to the confirmation.
  const statusRef = useFocusOn<HTMLDivElement>(done || null);
  const announce = (text: string, focus: boolean): void => {
    setConfirmed(text);
    if (focus) setDone((n) => n + 1);
  };
  const confirm =
    <R,>(
      action: (bcId: string, ...rest: R[]) => Promise<void>,
      said: (bcId: string, ...rest: R[]) => string,
    ) =>
    async (bcId: string, ...rest: R[]): Promise<void> => {
      // Worded from the list as it was when chosen: the reload after the action may drop the item.
      const text = said(bcId, ...rest);
      setConfirmed(null);
      setRefusal(null);
      try {
        await action(bcId, ...rest);
      } catch (e) {
        // Gone meanwhile: the contact by name (never its id) and what happened (F71's refusal).
        const shown = conflicts.find((c) => c.bcId === bcId);
        const message =
          e instanceof ConflictGoneError && shown
            ? t('conflictGone', { name: shown.displayName || shown.email || '', by: e.by ?? 'window' })
            : describe(e);
        setRefusal({ bcId, text: t('resolveFailed', { message }) });
        return;
      }
      announce(text, true);
    };
  // A choice for some fields of a contact that has more leaves it listed: the confirmation says
  // which were resolved and how many still wait, not "Conflict resolved." (helper newuser). Only
  // fields without a winner wait: one the policy settled is synced already (a Job Title chosen
  // beside a settled Mobile Phone No. said "still waits on 1 field" under "0 open").
  const resolvedText = (bcId: string, choice: ResolveChoice): string => {
    const shown = conflicts.find((c) => c.bcId === bcId);
    const chosen = Object.keys(choice.fields ?? {});
    const left = shown?.fields.filter((f) => f.winner === 'none' && !chosen.includes(f.field)).length ?? 0;
    if (!shown || !waitsForChoice(shown) || chosen.length === 0 || left === 0) return t('resolved');
    const name = shown.displayName || shown.email || '';
    return t('fieldsResolved', { fields: list(chosen.map((f) => field(f))), name, left });
  };
  const resolve = confirm(onResolve, resolvedText);
  const dismiss = confirm(onDismiss, () => t('accepted'));
  const found = conflicts.filter((c) => findsConflict(c, find, field));
  const finding = find.trim() !== '';
  const groups = [
    { key: 'open', label: 'openConflicts', items: found.filter(waitsForChoice) },
    { key: 'settled', label: 'settledConflicts', items: found.filter((c) => !waitsForChoice(c)) },
  ] as const;
  const item = (c: ConflictView): JSX.Element => (
    <ConflictItem
      key={c.bcId}
      conflict={c}
      onResolve={resolve}
      onDismiss={dismiss}
      error={refusal?.bcId === c.bcId ? refusal.text : null}
    />
  );
  // The refused conflict is no longer listed: its refusal is shown above the list instead.
  const orphan = refusal && !conflicts.some((c) => c.bcId === refusal.bcId) ? refusal.text : null;
  return (
    <>
      <LiveRegion className={styles.status} ref={statusRef} tabIndex={-1}>
        {confirmed && <Text>{confirmed}</Text>}
      </LiveRegion>
      {orphan && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{orphan}</MessageBarBody>
        </MessageBar>
      )}
      {conflicts.length === 0 ? (
        <Text>{t('noConflicts')}</Text>
      ) : (
        <>
          {/* The counts are the section's heading and each group's title: not said a third time. */}
          <Field label={t('findConflict')} hint={t('findConflictHint')}>
            <Input type="search" value={find} onChange={(_, d) => setFind(d.value)} />
          </Field>
          <LiveRegion>
            {finding && (
              <Text>
                {found.length === 0
                  ? t('noConflictMatches', { text: find.trim() })
                  : t('conflictMatches', { n: found.length, text: find.trim() })}
              </Text>
            )}
          </LiveRegion>
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
              // One listed conflict has its own Keep buttons on its card: a bulk choice beside them
              // read "Keep Business Central for the 1 listed" (helper newuser), the same act twice.
              g.key === 'open' ? (
                g.items.length < 2 ? null : (
                  <Bulk.Part
                    conflicts={g.items}
                    resolveOne={resolveInBulk}
                    announce={announce}
                    onDone={onBulkDone}
                  />
                )
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
