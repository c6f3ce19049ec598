export { SenderPanel, reasonText } from './SenderPanel.js';
export type { SenderPanelProps } from './SenderPanel.js';
