export { RunSummary } from './RunSummary.js';
