export { PreviewPanel } from './PreviewPanel.js';
export { PAGE_SIZE as PREVIEW_PAGE } from '../PagedList/PagedList.js';
