export { GraphMailbox } from './graph-mailbox.js';
export type { GraphMailboxOptions } from './graph-mailbox.js';
export { BC_ID_PROPERTY, FAX_PROPERTY } from './contact-mapping.js';
export type { FetchLike } from './graph-client.js';
export { QuotaBudgets } from './quota-pacer.js';
