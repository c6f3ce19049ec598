export { PreviewPanel, PREVIEW_PAGE } from './PreviewPanel.js';
