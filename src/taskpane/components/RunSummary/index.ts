export { PreviewSummary, RunSummary } from './RunSummary.js';
