export { StatusHeader, nextScheduled } from './StatusHeader.js';
export type { StatusHeaderProps } from './StatusHeader.js';
