export { HistoryPanel } from './HistoryPanel.js';
