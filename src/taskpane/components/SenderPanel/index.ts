export { SenderPanel } from './SenderPanel.js';
export type { SenderPanelProps } from './SenderPanel.js';
