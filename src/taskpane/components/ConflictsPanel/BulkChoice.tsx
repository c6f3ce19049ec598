import { Button } from '@fluentui/react-components';
import { useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { QuestionBar } from '../../layout/question-bar.js';
import { useFailureText } from '../../services.js';
import { resolveEach } from './bulk-resolve.js';
import { useConflictsPanelStyles } from './ConflictsPanel.styles.js';

type Side = 'bc' | 'outlook';

export interface BulkChoiceProps {
  /** The conflicts the choice is for: those waiting for a choice that the find box lists. */
  readonly conflicts: readonly ConflictView[];
  /** Resolves one conflict through the server's resolve route, without refreshing the list. */
  readonly resolveOne: (bcId: string, side: Side) => Promise<void>;
  /**
   * Says how far it got and how it ended, in the panel's polite live region; `focus` moves focus
   * there (at the start, since the pressed button goes away, and at the end).
   */
  readonly announce: (text: string, focus: boolean) => void;
  /** Called once at the end: the caller refreshes the list. */
  readonly onDone: () => Promise<void>;
}

/** Progress is said about ten times in a bulk choice, not once per conflict. */
const milestone = (done: number, total: number): boolean =>
  done === total || done % Math.max(1, Math.ceil(total / 10)) === 0;

/**
 * "Keep Business Central / Outlook for all listed" (F62): asks first, naming how many conflicts it
 * writes and where, then resolves them one by one (bulk-resolve.ts) and says the outcome.
 */
export function BulkChoice({ conflicts, resolveOne, announce, onDone }: BulkChoiceProps): JSX.Element {
  const styles = useConflictsPanelStyles();
  const { t } = useI18n();
  const describe = useFailureText();
  const [asking, setAsking] = useState<Side | null>(null);
  const [busy, setBusy] = useState(false);
  const n = conflicts.length;
  // A contact deleted in BC or out of the filter: "Keep Business Central" deletes its Outlook copy.
  // "Keep Outlook" adds a deleted one again but writes to the one that only left the filter, whose
  // copy the next sync removes (resolve-left-scope.ts, soak F2), and keeps the copy of a
  // privacy-blocked or company contact apart, writing nothing (audit finding 3): the question
  // tells the three apart.
  const gone = conflicts.filter((c) => c.kind === 'deletedInBc');
  const outOfScope = gone.flatMap((c) => (c.reason?.kind === 'outOfScope' ? [c.reason.reasons] : []));
  const closed = outOfScope.filter((rs) =>
    rs.some((r) => r.kind === 'privacyBlocked' || r.kind === 'companyContact'),
  ).length;
  const left = outOfScope.length - closed;
  const deleted = gone.length - outOfScope.length;

  const run = async (side: Side): Promise<void> => {
    const ids = conflicts.map((c) => c.bcId);
    setAsking(null);
    setBusy(true);
    announce(t('bulkProgress', { done: 0, total: ids.length }), true);
    try {
      const outcome = await resolveEach(
        ids,
        (bcId) => resolveOne(bcId, side),
        (done) => {
          if (milestone(done, ids.length)) announce(t('bulkProgress', { done, total: ids.length }), false);
        },
      );
      const first = outcome.failed[0];
      announce(
        first === undefined
          ? t('bulkDone', { resolved: outcome.resolved })
          : t('bulkPartly', {
              resolved: outcome.resolved,
              failed: outcome.failed.length + outcome.notTried,
              message: describe(first.error),
            }),
        true,
      );
    } finally {
      setBusy(false);
      await onDone();
    }
  };

  const words = {
    bc: { ask: t('bulkAskBc', { n, deleted: gone.length }), confirm: t('bulkConfirmBc', { n }) },
    outlook: {
      ask: t('bulkAskOutlook', { n, deleted, left, closed }),
      confirm: t('bulkConfirmOutlook', { n }),
    },
  };
  return (
    <>
      <div className={styles.row}>
        <Button size="small" disabled={busy || n === 0} onClick={() => setAsking('bc')}>
          {t('bulkKeepBc', { n })}
        </Button>
        <Button size="small" disabled={busy || n === 0} onClick={() => setAsking('outlook')}>
          {t('bulkKeepOutlook', { n })}
        </Button>
      </div>
      {asking && (
        <QuestionBar
          focusKey={asking}
          title={t('bulkTitle', { n })}
          actions={
            <Button appearance="primary" onClick={() => void run(asking)}>
              {words[asking].confirm}
            </Button>
          }
          onCancel={() => setAsking(null)}
        >
          {words[asking].ask}
        </QuestionBar>
      )}
    </>
  );
}
