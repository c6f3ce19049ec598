export type { FilterExpected, FilterSyntaxError } from './types.js';
export { FILTER_LIMITS } from './parse.js';
export { FILTERABLE_FIELDS, compileFilter, evaluateFilter } from './contact-filter.js';
export type { CompiledFilter, FilterableField } from './contact-filter.js';
/**
 * @internal compileFilter's parameter, field by field: tests write their filters under it (heavy-filter.ts,
 * contact-filter, email-case, work-bound); the server hands it the settings' untyped record.
 */
export type { ContactFilter } from './contact-filter.js';
