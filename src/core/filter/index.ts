export type {
  EqualityOp,
  FilterExpr,
  FilterLeaf,
  FilterErrorKind,
  FilterExpected,
  FilterSyntaxError,
  FilterValue,
  OrderingOp,
  ParseResult,
  PatternSegment,
} from './types.js';
export { describeExpected, parseFilterExpression } from './parse.js';
export { compareFilterValues, isNumericFilterValue, matchesExpression } from './evaluate.js';
export type { FilterSubjectValue } from './evaluate.js';
export { CONTACT_PROPERTY, FILTERABLE_FIELDS, compileFilter, evaluateFilter } from './contact-filter.js';
export type {
  CompileFilterResult,
  CompiledFilter,
  ContactFilter,
  FilterCondition,
  FilterFieldError,
  FilterVerdict,
  FilterableField,
} from './contact-filter.js';
export { ODATA_FILTER_LIMITS, expressionToOData, quoteODataString, toODataFilter } from './odata.js';
export type { ODataFilter, ODataTranslation } from './odata.js';
