import { lazyPart } from '../../layout/lazy.js';

/*
 * The pane's parts in chunks of their own (issue 12, F66: first load at most 150 KB gzip). Nothing
 * here downloads at import: the first screen (a spinner while the user's data loads) needs none of
 * them, so App starts the ones shown open once that screen is up, alongside the data they wait for.
 */

/** Everything shown once the user's data arrived: header, sections, the open panels. */
export const Body = lazyPart(() => import('./AppBody.js'), 'AppBody');

/** Open at first, and the pane's largest part (filter builder, radio groups, selects). */
export const Settings = lazyPart(() => import('../SettingsPanel/index.js'), 'SettingsPanel');

/** Closed at first: downloaded when the user opens them. */
export const Skipped = lazyPart(() => import('../SkippedPanel/index.js'), 'SkippedPanel');
export const Sender = lazyPart(() => import('../SenderPanel/index.js'), 'SenderPanel');
export const History = lazyPart(() => import('../HistoryPanel/index.js'), 'HistoryPanel');

/** The parts the first full screen shows, downloaded together once the first screen is up. */
export const SHOWN_AT_FIRST = [Body, Settings] as const;
