import { lazyPart } from '../../layout/lazy.js';
import { loadBody, loadSettings } from './first-parts.js';

/*
 * The pane's parts in chunks of their own (issue 12, F66: first load at most 150 KB gzip). Nothing
 * here downloads at import: the shell needs none of them. The ones the first full screen shows start
 * downloading once the shell is painted (early-parts.ts), alongside the data they wait for; App asks
 * for them again (the same download) where it runs without index.tsx.
 */

/** Everything shown once the user's data arrived: header, sections, the open panels. */
export const Body = lazyPart(loadBody, 'AppBody');

/** Open at first, and the pane's largest part (filter builder, radio groups, selects). */
export const Settings = lazyPart(loadSettings, 'SettingsPanel');

/** Closed at first: downloaded when the user opens them. */
export const Skipped = lazyPart(() => import('../SkippedPanel/index.js'), 'SkippedPanel');
export const Sender = lazyPart(() => import('../SenderPanel/index.js'), 'SenderPanel');
export const History = lazyPart(() => import('../HistoryPanel/index.js'), 'HistoryPanel');

/** The parts the first full screen shows (early-parts.ts starts the same downloads earlier). */
export const SHOWN_AT_FIRST = [Body, Settings] as const;
