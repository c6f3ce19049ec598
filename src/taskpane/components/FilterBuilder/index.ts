export { FilterBuilder, filterError, filterIsValid, labelOf } from './FilterBuilder.js';
export type { FilterBuilderProps } from './FilterBuilder.js';
