import { expect, test } from '@jest/globals';
import { FOLDER_NAME_TAKEN_SERVICE_CODE } from '../../src/core/port-errors.js';
import { PortFailure } from '../../src/core/ports.js';
import { graphErrorBody, scriptedGraph, scriptedMailbox } from './scripted-graph.js';

// Audit finding 7 on 54a6a4db: a 409 on the sync folder's POST that the name look-up did not explain
// was reported as `folderNameTaken` ("a folder of that name holds no contacts: rename it") whatever
// Graph said. Only Graph's ErrorFolderExists means that; any other 409 keeps Graph's own code.

const refusal = (code: string) =>
  scriptedGraph((req) => {
    if (req.method === 'GET') return { status: 200, body: { value: [] } };
    return { status: 409, body: graphErrorBody(code, 'refused') };
  });

test.each([
  [FOLDER_NAME_TAKEN_SERVICE_CODE, true],
  ['ErrorIrresolvableConflict', false],
  ['ErrorItemNotFound', false],
])('a 409 %s on the folder create: folderNameTaken %s', async (code, taken) => {
  const graph = refusal(code);
  const error = await scriptedMailbox(graph)
    .ensureFolder('Business Central')
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(PortFailure);
  const serviceCode = (error as PortFailure).detail.serviceCode;
  expect({ code, taken: serviceCode === FOLDER_NAME_TAKEN_SERVICE_CODE }).toEqual({ code, taken });
  expect(graph.calls.filter((c) => c.method === 'POST').length).toBeGreaterThan(0);
});
