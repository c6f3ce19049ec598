export { FilterBuilder, filterError, filterIsValid } from './FilterBuilder.js';
export type { FilterBuilderProps } from './FilterBuilder.js';
