import { createHash } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { MIGRATIONS } from '../../src/store/migrations/index.js';

/*
 * A shipped migration's SQL never changes (migrations/index.ts: append only): a database that ran
 * it must end up as one that runs it now. Some migrations build their text from shared pieces
 * (migrations/text-rewrite-sql.ts for 007 and 014); this holds every migration's text to the
 * SHA-256 it shipped with, so an edit to a piece (or a migration) that changes any byte fails here.
 * A new migration adds its row once it ships.
 */
const SHIPPED: ReadonlyArray<readonly [number, string]> = [
  [1, 'b268f6c4290f09289e755c09e43320ad277dbfb17706a068302136df9c167767'],
  [2, 'd1078f0de5a6096289275f79cac69a09e9639883b6fe510017040b6c8540ec94'],
  [3, '84caac78b5fef0e6c6c3e0e7bac025e3a1b976ffd6a86cb0e3131c5380b4739a'],
  [4, '617454e25c962bae83dbdc2a6c43935dabfb75ccae9d63e914888d40169f18b9'],
  [5, '627adbff3593540df9ded1542c52e1fada23ad0b90d563000be4fc48845b8b99'],
  [6, 'e4baed2be35ea15a08baa95946edc1defad3f943a18f7632adc2ef3dab23366f'],
  [7, '6abb6ac1f6100400f532ab4caaecf0dbd00c1a3402ecee2f980f529d035f5e3b'],
  [8, '5fae0d059fa95136f254d3ba68a3ad8d4a8041d95f0220998256cc72a32f32d0'],
  [9, '6607d3128a70215a753ed7b5a13d0ba38df25c98ff301619136c4fb764f2bec2'],
  [10, '4bacda930c0617cc2f32741fd3b056dec45c143aa669396fd5c7fa57622d23bd'],
  [11, '102beadb95cad44fec2beb5a9710e0d2234fcc714d8d2b42ec71d72d48c49239'],
  [12, '4fc636673b90ca381a94dd16ada2750a29b38f3b7afd936acae7953f5383d6e6'],
  [13, 'ea123a979feaff9adef08a86ab9a0a7cc8644476bb12593fb1419dab0352cb57'],
  [14, '4c9fc83d949e9ccd99c9c6d8af3d18a0302243c95df7992e577df3c9e96db583'],
  [15, 'd2b269f9497eca6d29390741300fb36ffceac7ba50c77a57bf12ef7e8fa7bd7c'],
  [16, '1bcfea5c231c53eff0323965f1f17d7a6b855cf01814095ae5b202b13e8113f6'],
  [17, '1cc96d7463581be4e8ab11502998d98fdd1bea1370585ba3e840d21cd4fd91c0'],
  [18, '66bb83488fe36673bf051b6ea5708e1264444fd1cf232a23e8c2c60c82d9eef3'],
  [19, 'dfa73f8db56923b2ea0094f6aa9b0b94ffd99dc5ac9874bae719d7698c4ecf9c'],
  [20, '09879325f88af7b1a2b1039e9b00d700c5b67912e717cf09ecf5c9af8c6a875f'],
  [21, 'f7985952c7b6a2092304ad85b6e1d4e133576792b0e49be08d58f360e3ce29e7'],
  [22, '4dc88852dd8c417b684791e4ae1cfc2e6fd8b5f8ef8599c8fb666d47b9bbfe38'],
];

describe('shipped migrations keep their SQL byte for byte', () => {
  test.each(SHIPPED)('migration %i', (version, sha256) => {
    const m = MIGRATIONS.find((x) => x.version === version);
    expect(m && createHash('sha256').update(m.sql).digest('hex')).toBe(sha256);
  });
});
