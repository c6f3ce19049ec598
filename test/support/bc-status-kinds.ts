/**
 * BC API answers and the port failure kind each becomes (bc/http-bc-contacts.ts): the same whether
 * the write went alone or inside a $batch, and none of them retried.
 */
export const BC_STATUS_KINDS = [
  [409, 'Request_EntityChanged', 'stale'],
  [412, 'PreconditionFailed', 'stale'],
  [404, 'Internal_RecordNotFound', 'notFound'],
  [400, 'Application_StringExceededLength', 'invalid'],
  [500, 'InternalServerError', 'unavailable'],
] as const;
