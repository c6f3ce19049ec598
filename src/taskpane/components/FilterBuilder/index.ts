export { FilterBuilder, filterIsValid } from './FilterBuilder.js';
