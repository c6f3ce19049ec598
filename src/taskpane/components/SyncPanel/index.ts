export { SyncPanel } from './SyncPanel.js';
export type { SyncPanelProps } from './SyncPanel.js';
