import { waitsForChoice } from '../../../core/views.js';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView, RunRecord, SkipView, SyncSettings } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { useFailureText, useServices } from '../../services.js';
import { whyRefused } from '../../state/conflict-gone.js';
import { SyncRunProvider } from '../../state/sync-run.js';
import { ConflictsPanel } from '../ConflictsPanel/index.js';
import { lazyPart } from '../../layout/lazy.js';
import { StatusHeader } from '../StatusHeader/index.js';
import { SyncPanel } from '../SyncPanel/index.js';
import { useAppStyles } from './App.styles.js';

interface Data {
  readonly user: string;
  readonly settings: SyncSettings;
  readonly runs: readonly RunRecord[];
  readonly conflicts: readonly ConflictView[];
  readonly skipped: readonly SkipView[];
}

const SECTIONS = ['sync', 'settings', 'conflicts', 'skipped', 'sender', 'history'] as const;
type Section = (typeof SECTIONS)[number];
/** Open at first: what a salesperson comes for. The others load when opened. */
const OPEN_AT_FIRST: Section[] = ['sync', 'settings', 'conflicts'];

/**
 * Settings is open at first but is the pane's largest part (filter builder, radio groups, selects):
 * its chunk starts downloading with the pane, alongside the first data requests the panel waits for
 * anyway, so the first load stays within 150 KB gzip (issue 12, F66).
 */
const Settings = lazyPart(
  () => import('../SettingsPanel/index.js'),
  (m) => m.SettingsPanel,
);
void Settings.preload().catch(() => undefined);

const Skipped = lazyPart(
  () => import('../SkippedPanel/index.js'),
  (m) => m.SkippedPanel,
);
const Sender = lazyPart(
  () => import('../SenderPanel/index.js'),
  (m) => m.SenderPanel,
);
const History = lazyPart(
  () => import('../HistoryPanel/index.js'),
  (m) => m.HistoryPanel,
);
const LAZY: Partial<Record<Section, { readonly preload: () => Promise<unknown> }>> = {
  settings: Settings,
  skipped: Skipped,
  sender: Sender,
  history: History,
};

/** The pane: status header, then one accordion section per part. */
export function App(): JSX.Element {
  const styles = useAppStyles();
  const { t } = useI18n();
  const { api, user: tokenUser } = useServices();
  const describe = useFailureText();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string[]>(OPEN_AT_FIRST);

  const load = useCallback(async (): Promise<void> => {
    try {
      const [me, settings, runs, conflicts, skipped] = await Promise.all([
        api.me(),
        api.getSettings(),
        api.listRuns(10),
        api.listConflicts(),
        api.listSkipped(),
      ]);
      setData({ user: me.upn ?? me.name ?? tokenUser, settings, runs, conflicts, skipped });
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [api, tokenUser, describe]);

  useEffect(() => void load(), [load]);

  /** Reloads runs, conflicts and skipped contacts; resolves with the runs. */
  const refreshLists = useCallback(async (): Promise<readonly RunRecord[]> => {
    const [runs, conflicts, skipped] = await Promise.all([
      api.listRuns(10),
      api.listConflicts(),
      api.listSkipped(),
    ]);
    setData((d) => (d ? { ...d, runs, conflicts, skipped } : d));
    return runs;
  }, [api]);

  if (!data)
    return (
      <div className={styles.root}>
        <div className={styles.center}>
          {error ? (
            <MessageBar intent="error">
              <MessageBarBody>{t('error', { message: error })}</MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => void load()}>{t('retry')}</Button>
              </MessageBarActions>
            </MessageBar>
          ) : (
            <Spinner label={t('loading')} />
          )}
        </div>
      </div>
    );

  const lastRun = data.runs.find((r) => !r.dryRun && r.status !== 'running') ?? null;
  const headers: Record<Section, string> = {
    sync: t('syncSection'),
    settings: t('settingsSection'),
    conflicts: t('conflictsSection', {
      open: data.conflicts.filter(waitsForChoice).length,
      settled: data.conflicts.filter((c) => !waitsForChoice(c)).length,
    }),
    skipped: t('skippedSection', { n: data.skipped.length }),
    sender: t('senderSection'),
    history: t('historySection'),
  };
  const panels: Record<Section, JSX.Element> = {
    sync: <SyncPanel />,
    settings: (
      <Settings.Part
        settings={data.settings}
        onSaved={(settings) => setData((d) => (d ? { ...d, settings } : d))}
      />
    ),
    conflicts: (
      <ConflictsPanel
        conflicts={data.conflicts}
        onResolve={async (bcId, choice) => {
          try {
            await api.resolveConflict(bcId, choice);
          } catch (e) {
            // A refused choice (e.g. ChangedSinceShown, F71) leaves the record updated: show it;
            // a conflict gone meanwhile is said by what happened (a run since, or another window).
            throw whyRefused(e, data.runs, await refreshLists().catch(() => null));
          }
          await refreshLists();
        }}
        onDismiss={async (bcId) => {
          try {
            await api.dismissConflict(bcId);
          } catch (e) {
            throw whyRefused(e, data.runs, await refreshLists().catch(() => null));
          }
          await refreshLists();
        }}
        resolveInBulk={(bcId, side) => api.resolveConflict(bcId, { side })}
        onBulkDone={async () => void (await refreshLists())}
      />
    ),
    skipped: <Skipped.Part skipped={data.skipped} />,
    sender: <Sender.Part settings={data.settings} conflicts={data.conflicts} />,
    history: <History.Part runs={data.runs} />,
  };
  return (
    <SyncRunProvider onRunFinished={() => void refreshLists().catch(() => undefined)}>
      <div className={styles.root}>
        <StatusHeader user={data.user} settings={data.settings} lastRun={lastRun} />
        <main className={styles.main}>
          <Accordion
            multiple
            collapsible
            openItems={open}
            onToggle={(_, d) => {
              void LAZY[d.value as Section]?.preload().catch(() => undefined);
              setOpen(d.openItems as string[]);
            }}
          >
            {SECTIONS.map((s) => (
              <AccordionItem key={s} value={s}>
                <AccordionHeader as="h2">{headers[s]}</AccordionHeader>
                <AccordionPanel className={styles.panel}>{panels[s]}</AccordionPanel>
              </AccordionItem>
            ))}
          </Accordion>
        </main>
      </div>
    </SyncRunProvider>
  );
}
