import type { RawGraphClient } from './graph-client.js';
import { GraphError } from './graph-error.js';
import { checkedWalk, refusalLog } from '../platform/page-walk.js';
import type { CheckedWalk } from '../platform/page-walk.js';

/** A page walk of one Graph client; its refusals throw GraphError 502 of the refusal's code. */
export type GraphWalk = CheckedWalk;

/**
 * The walk of a loop over `client`'s answers (platform/page-walk.ts). A link stays when the client
 * would send it to its own base (RawGraphClient.keeps): the token never goes to another host.
 * Refused: GraphError 502 (the service answered wrongly), never retried; a run reports readFailed
 * with the code as serviceCode.
 */
export function graphWalk(client: RawGraphClient): GraphWalk {
  return checkedWalk(client.baseUrl, (r) => new GraphError(502, r.code, refusalLog(r)), {
    stays: (link) => client.keeps(link),
  });
}
