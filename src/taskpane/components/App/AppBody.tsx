import { waitsForChoice } from '../../../core/views.js';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { JSX } from 'react';
import type { ConflictView, RunRecord, SkipView, SyncSettings } from '../../api/types.js';
import { useI18n } from '../../i18n/index.js';
import { useServices } from '../../services.js';
import { whyRefused } from '../../state/conflict-gone.js';
import { SyncRunProvider } from '../../state/sync-run.js';
import { ConflictsPanel } from '../ConflictsPanel/index.js';
import { StatusHeader } from '../StatusHeader/index.js';
import { SyncPanel } from '../SyncPanel/index.js';
import { useAppStyles } from './App.styles.js';
import { History, Sender, Settings, Skipped } from './lazy-panels.js';

/** What the pane shows, read once it opens (App) and refreshed after runs and choices. */
export interface PaneData {
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

const LAZY: Partial<Record<Section, { readonly preload: () => Promise<unknown> }>> = {
  settings: Settings,
  skipped: Skipped,
  sender: Sender,
  history: History,
};

export interface AppBodyProps {
  readonly data: PaneData;
  readonly setData: (update: (d: PaneData | null) => PaneData | null) => void;
}

/**
 * The pane once the user's data arrived: status header, then one accordion section per part. A
 * chunk of its own (lazy-panels.ts): the first screen is App's spinner.
 */
export function AppBody({ data, setData }: AppBodyProps): JSX.Element {
  const styles = useAppStyles();
  const { t } = useI18n();
  const { api } = useServices();
  const [open, setOpen] = useState<string[]>(OPEN_AT_FIRST);

  /** Reloads runs, conflicts and skipped contacts; resolves with the runs. */
  const refreshLists = useCallback(async (): Promise<readonly RunRecord[]> => {
    const [runs, conflicts, skipped] = await Promise.all([
      api.listRuns(10),
      api.listConflicts(),
      api.listSkipped(),
    ]);
    setData((d) => (d ? { ...d, runs, conflicts, skipped } : d));
    return runs;
  }, [api, setData]);

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
