export { SenderPanel } from './SenderPanel.js';
