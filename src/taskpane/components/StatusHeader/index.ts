export { StatusHeader } from './StatusHeader.js';
export type { StatusHeaderProps } from './StatusHeader.js';
