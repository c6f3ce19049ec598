/**
 * Business Central's own sync code filters on the server (`SetFilter`, an OData `$filter` over the
 * API). The engine's port reads every contact and decides the scope itself (issue 13 §4), so the
 * reference clients send their filtered reads here: the same BC HTTP as the adapter (retries,
 * paging), with the requests counted together.
 */
import { HttpBcContacts } from '../../src/bc/index.js';
import { BcHttp } from '../../src/bc/bc-http.js';
import { query } from '../../src/bc/bc-wire.js';
import type { BcContact } from '../../src/core/model.js';
import type { ClientInput } from '../suite/client.js';

export class ReferenceBc {
  /** The engine's adapter, for the reads and writes BC's code makes without a filter. */
  readonly contacts: HttpBcContacts;
  private readonly http: BcHttp;
  private readonly contactsUrl: string;

  constructor(input: ClientInput) {
    const options = {
      baseUrl: `${input.facadeUrl}/api/v2.0`,
      companyId: input.companyId,
      getToken: async () => input.facadeToken,
    };
    this.contacts = new HttpBcContacts(options);
    this.http = new BcHttp(options);
    this.contactsUrl = `${this.http.root}/companies(${input.companyId})/contacts`;
  }

  /** The contacts matching an OData `$filter`, every page. */
  async listWhere(odataFilter: string): Promise<BcContact[]> {
    return this.http.readPages(`${this.contactsUrl}${query({ $filter: odataFilter })}`);
  }

  /** BC requests sent, filtered or not. */
  requests(): number {
    return this.contacts.stats().requests + this.http.stats().requests;
  }
}
