export { SyncPanel } from './SyncPanel.js';
