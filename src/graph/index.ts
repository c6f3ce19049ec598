export { GraphMailbox } from './graph-mailbox.js';
export type { GraphMailboxOptions, MailboxTarget } from './graph-mailbox.js';
export { GraphError, parseRetryAfter, portKindOf, toPortFailure, isResyncError } from './graph-error.js';
export { BC_ID_PROPERTY, BC_ID_PROPERTY_SET, FAX_PROPERTY } from './contact-mapping.js';
export { DEFAULT_RETRY } from './graph-transport.js';
export type { RetryPolicy } from './graph-transport.js';
export type { FetchLike } from './graph-client.js';
