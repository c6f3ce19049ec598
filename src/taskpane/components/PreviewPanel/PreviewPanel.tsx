import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
} from '@fluentui/react-components';
import { Input } from '../../layout/inputs.js';
import { useState } from 'react';
import { PagedList } from '../PagedList/PagedList.js';
import type { JSX } from 'react';
import type { PreviewView, RunRecord } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { heldHint, heldText } from '../../i18n/held-text.js';
import { deletionCauseText } from '../../../messages/words.js';
import { SkippedGroups, shownSkipGroups } from '../SkippedPanel/SkippedGroups.js';
import { matchesText } from '../../layout/find-text.js';
import { conflictGroups, planGroups } from './plan-groups.js';
import { usePreviewPanelStyles } from './PreviewPanel.styles.js';
import { Breakable } from '../../layout/breakable.js';
import { isolated } from '../../../messages/value-format.js';

const ACTION_LABEL = { create: 'wouldCreate', update: 'wouldUpdate', delete: 'wouldDelete' } as const;
const SIDE_LABEL = { bc: 'sideBc', outlook: 'sideOutlook' } as const;
const CONFLICT_LABEL = { open: 'conflictWaiting', settled: 'conflictSettled' } as const;

export interface PreviewPanelProps {
  readonly preview: PreviewView;
  /** Previews the other mode (full after a sync preview, and back). */
  readonly onPreview: (mode: PreviewView['mode']) => void;
  /**
   * What the mass-delete guard would hold a real run for (the dry run's record; null when nothing).
   * Without it the preview listed 142 deletions and said nothing of the prompt the sync then showed
   * (helper newuser), while the CLI's dry run says "a real run would be held".
   */
  readonly held?: RunRecord['held'];
}

/**
 * A dry run's plan for the mode it previewed: every planned write grouped by side and action, the
 * conflicts it would record (waiting for a choice, settled by the rule) and the skipped contacts, with a filter box and paging for large plans.
 */
export function PreviewPanel({ preview, onPreview, held = null }: PreviewPanelProps): JSX.Element {
  const styles = usePreviewPanelStyles();
  const i18n = useI18n();
  const { t } = i18n;
  const [find, setFind] = useState('');
  const s = preview.summary;
  const other = preview.mode === 'full' ? 'delta' : 'full';
  const title = t('previewTitle', { mode: t(`mode_${preview.mode}`) });

  // "Name (City and Job Title)": a contact and the fields a write or a conflict concerns. The name
  // is isolated as a message's values are (value-format.ts): a Hebrew name took the words after it
  // into its run.
  const nameAndFields = (key: string, name: string, apiFields: readonly string[]) => {
    const fields = apiFields.map(i18n.field);
    const shown = isolated(name || '—');
    return {
      key,
      haystack: [name, ...fields],
      text: fields.length > 0 ? `${shown} (${i18n.list(fields)})` : shown,
    };
  };
  const lists = [
    ...planGroups(preview).map((g) => ({
      key: `${g.side}-${g.action}`,
      label: (n: number) =>
        t('previewGroup', { side: t(SIDE_LABEL[g.side]), action: t(ACTION_LABEL[g.action]), n }),
      lines: g.rows.map((r) => nameAndFields(r.key, r.name, r.fields)),
    })),
    ...conflictGroups(preview).map((g) => ({
      key: `conflicts-${g.status}`,
      label: (n: number) =>
        t('previewGroup', { side: t('conflicts'), action: t(CONFLICT_LABEL[g.status]), n }),
      lines: g.rows.map((r) => {
        if (!r.deletion) return nameAndFields(r.key, r.name, r.fields);
        const reason = deletionCauseText(i18n, r.deletion);
        return {
          key: r.key,
          haystack: [r.name, reason],
          text: t('nameAndReason', { name: r.name || '—', reason }),
        };
      }),
    })),
  ];
  const filtered = lists
    .map((l) => ({ ...l, lines: l.lines.filter((line) => matchesText(line.haystack, find)) }))
    .filter((l) => l.lines.length > 0);
  // The skipped contacts as the Skipped panel lists them: by reason, the hint said once per group.
  const skippedGroups = shownSkipGroups(preview.skipped, find, i18n);
  const empty = lists.every((l) => l.lines.length === 0) && preview.skipped.length === 0;

  return (
    <section className={styles.root} aria-label={title}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {held && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('previewHeldTitle')}</MessageBarTitle>
            {heldText(t, held)} {heldHint(t)}
          </MessageBarBody>
        </MessageBar>
      )}
      {empty ? (
        <Text>{t('noChanges')}</Text>
      ) : (
        <Field label={t('findInPlan')}>
          <Input type="search" value={find} onChange={(_, d) => setFind(d.value)} />
        </Field>
      )}
      {!empty && filtered.length === 0 && skippedGroups.length === 0 && (
        <Text>{t('noPlanMatches', { text: find.trim() })}</Text>
      )}
      {filtered.map((l) => (
        // A new filter starts each list at its first page.
        <PagedList
          key={`${l.key}:${find}`}
          title={l.label(l.lines.length)}
          items={l.lines.map((line) => ({
            key: line.key,
            content: (
              <Caption1>
                <Breakable text={line.text} />
              </Caption1>
            ),
          }))}
        />
      ))}
      {skippedGroups.length > 0 && (
        <section aria-label={t('skipped')}>
          <Subtitle2 as="h4">
            {t('reasonCount', { reason: t('skipped'), n: preview.skipped.length })}
          </Subtitle2>
          <SkippedGroups groups={skippedGroups} find={find} />
        </section>
      )}
      <Text>{t('runCounts', { skipped: s.skipped, conflicts: s.conflicts })}</Text>
      <div>
        <Button size="small" onClick={() => onPreview(other)}>
          {t('previewOther', { mode: t(`mode_${other}`) })}
        </Button>
      </div>
    </section>
  );
}
