import { jest } from '@jest/globals';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { makeLink } from '../../src/core/link.js';
import { emptySyncFields } from '../../src/core/model.js';
import type {
  LinkView,
  PaneApi,
  PreviewView,
  RunRecord,
  SkipView,
  SyncSettings,
} from '../../src/taskpane/api/types.js';
import type { RunHandle, RunResult, StartRunRequest, SyncRunner } from '../../src/taskpane/engine/runner.js';
import { I18nProvider } from '../../src/taskpane/i18n/index.js';
import type { Lang, Messages } from '../../src/taskpane/i18n/index.js';
import type { RunRecord as Record_ } from '../../src/taskpane/api/types.js';
import { SyncRunProvider } from '../../src/taskpane/state/sync-run.js';
import { ConflictsPanel } from '../../src/taskpane/components/ConflictsPanel/index.js';
import type { ConflictView } from '../../src/taskpane/api/types.js';
import { MESSAGES } from '../messages/catalogs.js';
import type { MessageSender, OfficeHost } from '../../src/taskpane/office/office-host.js';
import { ServicesContext } from '../../src/taskpane/services.js';
import type { PaneServices } from '../../src/taskpane/services.js';
import { folderPreview } from '../support/folder-preview.js';
// findBy*/waitFor wait roomily for the DOM (testing-library's own 1 s fails under load).
import '../support/dom-waits.js';
// A part loaded on first use shows only while the test waits on the DOM (a lookup without waiting fails).
import '../support/lazy-parts-held.js';

// jsdom lacks ResizeObserver, which Fluent's MessageBar uses for reflow.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= NoResizeObserver;

export const SETTINGS: SyncSettings = {
  folderName: 'Business Central',
  filter: {},
  conflictPolicy: 'bcWins',
  scheduleMinutes: 1440,
  massDeleteShare: 0.2,
};

export function record(patch: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    userId: 'u1',
    folderName: 'Business Central',
    mode: 'delta',
    dryRun: false,
    trigger: 'pane',
    status: 'succeeded',
    startedAt: '2026-01-01T10:00:00.000Z',
    finishedAt: '2026-01-01T10:00:02.000Z',
    durationMs: 2300,
    counts: { bc: { created: 1, updated: 2, deleted: 0 }, outlook: { created: 5, updated: 3, deleted: 1 } },
    skipped: 2,
    conflicts: 1,
    errors: [],
    held: null,
    graph: { requests: 10, throttled: 0 },
    ...patch,
  };
}

type Mocked<T> = {
  [K in keyof T]: T[K] extends (...a: infer A) => infer R ? jest.Mock<(...a: A) => R> : T[K];
};

export function mockApi(overrides: Partial<PaneApi> = {}): Mocked<PaneApi> {
  const api = {
    me: jest.fn(async () => ({ userId: 'u1', upn: 'ann@contoso.com', name: 'Ann' })),
    getSettings: jest.fn(async () => SETTINGS),
    putSettings: jest.fn(async (s: SyncSettings) => s),
    checkSettings: jest.fn(async (s: SyncSettings) => s),
    getSchedule: jest.fn(async () => ({
      enabled: true,
      scheduleMinutes: 1440,
      saved: true,
      nextRunAt: '2099-01-02T10:00:00.000Z',
    })),
    matchPreview: jest.fn(async () => ({
      total: 10,
      matching: 7,
      outOfScope: { noEmail: 1, noName: 0, companyContact: 2, privacyBlocked: 0, excludedByFilter: 1 },
      byField: { city: 1 },
    })),
    listRuns: jest.fn(async () => [] as RunRecord[]),
    listConflicts: jest.fn(async () => []),
    resolveConflict: jest.fn(async () => undefined),
    dismissConflict: jest.fn(async () => undefined),
    listSkipped: jest.fn(async () => []),
    listLinks: jest.fn(async () => []),
    company: jest.fn(async () => ({ id: 'c1', name: 'CRONUS', displayName: 'CRONUS International' })),
    findBcContactsByEmail: jest.fn(async () => []),
    createBcPerson: jest.fn(
      async (d: { displayName: string; email: string }) => ({ id: 'new', ...d }) as never,
    ),
    checkMailbox: jest.fn(async (f: string) => f),
    // A free name after a sync: the next run renames the sync folder.
    folderPreview: jest.fn(async () => folderPreview()),
    ...overrides,
  };
  return api as unknown as Mocked<PaneApi>;
}

/** A runner whose runs the test finishes by hand. */
export function mockRunner(): SyncRunner & {
  requests: StartRunRequest[];
  progress: (e: {
    phase: 'reading' | 'planning' | 'bc' | 'outlook' | 'links';
    done: number;
    total: number;
  }) => void;
  finish: (r: RunResult) => void;
  fail: (e: Error) => void;
  cancelled: number;
} {
  let onProgress: (e: never) => void = () => undefined;
  let resolve: (r: RunResult) => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const runner = {
    where: 'pane' as const,
    requests: [] as StartRunRequest[],
    cancelled: 0,
    start(request: StartRunRequest, progress: (e: never) => void): RunHandle {
      runner.requests.push(request);
      onProgress = progress;
      const done = new Promise<RunResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { cancel: () => void runner.cancelled++, done };
    },
    progress: (e: object) => onProgress(e as never),
    finish: (r: RunResult) => resolve(r),
    fail: (e: Error) => reject(e),
  };
  return runner;
}

export function mockOffice(
  sender: MessageSender | null = null,
): OfficeHost & { changeItem: (s: MessageSender | null) => void } {
  let current = sender;
  let listener: () => void = () => undefined;
  return {
    inOffice: sender !== null,
    displayLanguage: 'en-US',
    dark: false,
    userEmail: null,
    currentSender: () => current,
    onItemChanged: async (l) => void (listener = l),
    isSetSupported: () => false,
    openDialog: async () => '',
    changeItem: (s) => {
      current = s;
      listener();
    },
  };
}

export function renderPane(
  ui: ReactElement,
  options: {
    api?: PaneApi;
    runner?: SyncRunner;
    office?: OfficeHost;
    lang?: Lang;
    /** The catalogs, when not the sources' (first-screen-icu: parsed, as the build ships them). */
    messages?: Messages;
    onRunFinished?: (record: Record_ | null) => void;
  } = {},
): RenderResult & { services: PaneServices } {
  const services: PaneServices = {
    api: options.api ?? mockApi(),
    runner: options.runner ?? mockRunner(),
    office: options.office ?? mockOffice(),
    user: 'ann@contoso.com',
  };
  const lang = options.lang ?? 'en';
  const result = render(
    <FluentProvider theme={webLightTheme}>
      <I18nProvider
        lang={lang}
        messages={options.messages ?? MESSAGES[lang]}
        onError={(e) => {
          throw e;
        }}
      >
        <ServicesContext.Provider value={services}>
          <SyncRunProvider {...(options.onRunFinished ? { onRunFinished: options.onRunFinished } : {})}>
            {ui}
          </SyncRunProvider>
        </ServicesContext.Provider>
      </I18nProvider>
    </FluentProvider>,
  );
  return Object.assign(result, { services });
}

/** A link as `GET /sync/v1/links` sends it (empty base: what the pane reads of it is the ids). */
export function linkView(bcId: string, outlookId: string): LinkView {
  return makeLink({ bcId, outlookId }, emptySyncFields(), { bcEtag: 'e', outlookChangeKey: 'k' }, undefined);
}

/** An Outlook contact skipped for having no e-mail address (`o1`), shown as `displayName`. */
export function outlookSkip(displayName: string): SkipView {
  return {
    key: 'outlook:o1',
    side: 'outlook',
    bcId: '',
    bcNumber: '',
    outlookId: 'o1',
    displayName,
    reason: { kind: 'missingEmail' },
  };
}

/**
 * A dry run's preview with nothing to do (full mode), `patch` over it; `patch.summary`'s counts over
 * a summary of zeros. The one preview maker of the pane's tests.
 */
export function previewView(
  patch: Partial<Omit<PreviewView, 'summary'>> & { readonly summary?: Partial<PreviewView['summary']> } = {},
): PreviewView {
  return {
    mode: 'full',
    guard: null,
    excludedByFilter: 0,
    items: [],
    conflicts: [],
    skipped: [],
    ...patch,
    summary: {
      bc: { create: 0, update: 0 },
      outlook: { create: 0, update: 0, delete: 0 },
      links: 0,
      conflicts: 0,
      skipped: 0,
      ...patch.summary,
    },
  };
}

/** The conflicts panel's actions, doing nothing: a test passes the ones it watches. */
export const NO_CONFLICT_ACTIONS = {
  resolveInBulk: async () => undefined,
  onBulkDone: async () => undefined,
  onResolve: async () => undefined,
  onDismiss: async () => undefined,
};

/** The conflicts panel over `conflicts`, its actions doing nothing but those `props` gives. */
export function renderConflicts(
  conflicts: readonly ConflictView[],
  props: Partial<Parameters<typeof ConflictsPanel>[0]> = {},
  lang?: Lang,
): RenderResult & { services: PaneServices } {
  return renderPane(
    <ConflictsPanel {...NO_CONFLICT_ACTIONS} conflicts={conflicts} {...props} />,
    lang ? { lang } : {},
  );
}
