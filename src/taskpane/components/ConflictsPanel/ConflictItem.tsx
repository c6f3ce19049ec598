import { namedFields, waitsForChoice } from '../../../core/views.js';
import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Text,
  mergeClasses,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView, ResolveChoice } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { deletionCauseText } from '../../../messages/words.js';
import { outlookOnlyText, sinceShownTexts } from '../../i18n/outlook-only-text.js';
import { useNarrow } from '../../layout/narrow.js';
import { lazyPart } from '../../layout/lazy.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';
import { Breakable, Value } from '../../layout/breakable.js';

type FieldConflict = ConflictView['fields'][number];

// The two sides in the order the pane offers them, and the words of the buttons that keep each.
const SIDES = ['bc', 'outlook'] as const;
const KEEP = {
  bc: { label: 'keepBc', all: 'keepBcAll', field: 'keepBcField' },
  outlook: { label: 'keepOutlook', all: 'keepOutlookAll', field: 'keepOutlookField' },
} as const;

// The four-column table only serves panes wider than Outlook's (320–350 px): a chunk of its own.
const Wide = lazyPart(() => import('./ConflictTable.js'), 'ConflictTable');

/** One conflict: its name, why it is held, its fields per side and the choices. */
export function ConflictItem({
  conflict,
  onResolve,
  onDismiss,
  error,
}: {
  conflict: ConflictView;
  /** Never throws: the panel keeps a refusal (see `error`). */
  onResolve: (bcId: string, choice: ResolveChoice) => Promise<void>;
  onDismiss: (bcId: string) => Promise<void>;
  /** This conflict's refused choice, if the last choice made in the panel was refused. */
  error: string | null;
}): JSX.Element {
  const styles = useConflictsPanelStyles();
  const i18n = useI18n();
  const { t, field, list } = i18n;
  const [open, setOpen] = useState(false);
  const narrow = useNarrow();
  const [busy, setBusy] = useState(false);
  const id = `conflict-${conflict.bcId}`;
  const name = conflict.displayName;

  const act = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  const resolve = (choice: ResolveChoice): Promise<void> => act(() => onResolve(conflict.bcId, choice));

  const perField = conflict.kind === 'fields';
  // What the card is listed for: the fields that wait (a settled one beside them shows when opened).
  const fieldList = list(namedFields(conflict).map((f) => field(f.field))) || t('field');
  // Per side: its value, the winner badge and, per field, the button that keeps it.
  const sideValue = (f: FieldConflict, side: 'bc' | 'outlook'): JSX.Element => (
    <>
      <span className={styles.value}>
        <Value text={f[side] || '—'} />
      </span>
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
          aria-label={t(KEEP[side].field, { field: field(f.field) })}
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
          {side === null ? (
            <span className={styles.value}>
              <Value text={f.base || '—'} />
            </span>
          ) : (
            sideValue(f, side)
          )}
        </div>
      ))}
    </div>
  );

  return (
    <li className={styles.item} aria-label={name}>
      <Text weight="semibold">
        <Value text={name} />
      </Text>
      {conflict.reason && (
        <Caption1 className={styles.muted}>{deletionCauseText(i18n, conflict.reason)}</Caption1>
      )}
      {conflict.outlookOnly && (
        // Why the copy was held, and what "Keep Business Central" would delete with it (F59).
        <Caption1 data-testid="outlook-only">{outlookOnlyText(i18n, conflict.outlookOnly)}</Caption1>
      )}
      {sinceShownTexts(i18n, conflict.sinceShown).map((text) => (
        // What the choice also writes, changed since the card was first shown (attack F2).
        <Caption1 key={text} data-testid="since-shown">
          {text}
        </Caption1>
      ))}
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
        {SIDES.map((side) => (
          <Button
            key={side}
            size="small"
            disabled={busy}
            aria-label={t(KEEP[side].all, { name })}
            onClick={() => void resolve({ side })}
          >
            {t(KEEP[side].label)}
          </Button>
        ))}
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
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <Breakable text={error} />
          </MessageBarBody>
        </MessageBar>
      )}
    </li>
  );
}
