import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { servedFrom, validateManifest } from '../../scripts/validate-manifest.js';

const GOOD = readFileSync('manifest.xml', 'utf8');
const options = { origin: 'https://localhost:3000', served: servedFrom(process.cwd()) };
const check = (xml: string): string[] => validateManifest(xml, options);

describe('validate-manifest', () => {
  test('the shipped manifest passes', () => {
    expect(check(GOOD)).toEqual([]);
  });

  test('XML that is not well formed', () => {
    const problems = check(GOOD.replace('</ProviderName>', '</Provider>'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^not well-formed XML/);
  });

  test('elements out of the schema order', () => {
    const moved = GOOD.replace('  <DefaultLocale>en-US</DefaultLocale>\n', '').replace(
      '  <Permissions>',
      '  <DefaultLocale>en-US</DefaultLocale>\n  <Permissions>',
    );
    expect(check(moved)).toContain('<DefaultLocale> must come before <FormSettings> in <OfficeApp>');
  });

  test('a missing required element', () => {
    expect(check(GOOD.replace(/<Permissions>.*<\/Permissions>/, ''))).toContain(
      'required element <Permissions> is missing',
    );
  });

  test('a resid that is not defined', () => {
    const broken = GOOD.replace(
      '<bt:Image size="80" resid="Icon.80x80" />',
      '<bt:Image size="80" resid="Icon.99" />',
    );
    expect(check(broken)).toContain(
      'resid "Icon.99" (<bt:Image>) is not defined in the Resources of <VersionOverridesV1_0>',
    );
  });

  test('a resid from the wrong resource list', () => {
    const broken = GOOD.replace('<Label resid="Group.Label" />', '<Label resid="TaskpaneButton.Tooltip" />');
    expect(check(broken)).toContain(
      'resid "TaskpaneButton.Tooltip" of <Label> must be in bt:ShortStrings, not bt:LongStrings',
    );
  });

  test('a URL of our origin that the build does not serve', () => {
    const broken = GOOD.replace('assets/icon-64.png', 'assets/icon-65.png');
    expect(check(broken)).toContain(
      'https://localhost:3000/assets/icon-65.png points at assets/icon-65.png, which the build does not serve',
    );
  });

  test('SupportsNoItemContext below Mailbox 1.13', () => {
    const broken = GOOD.replace('DefaultMinVersion="1.13"', 'DefaultMinVersion="1.5"');
    expect(check(broken)).toEqual([
      '<SupportsNoItemContext> needs VersionOverridesV1_1 with Mailbox 1.13 or later',
    ]);
  });

  test('a bad Id and Permissions value', () => {
    const broken = GOOD.replace(/<Id>[^<]*<\/Id>/, '<Id>not-a-guid</Id>').replace('ReadItem', 'Everything');
    expect(check(broken)).toEqual([
      '<Id> "not-a-guid" is not a GUID',
      '<Permissions> "Everything" is not one of Restricted, ReadItem, ReadWriteItem, ReadWriteMailbox',
    ]);
  });

  test('the command line prints one line per problem and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    const file = join(dir, 'manifest.xml');
    writeFileSync(file, GOOD.replace('assets/icon-64.png', 'assets/nope.png').replace('ReadItem', 'Bad'));
    const run = promisify(execFile)('npx', ['tsx', 'scripts/validate-manifest.ts', file]);
    const error = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stdout: string } | null;
    expect(error?.code).toBe(2);
    expect(error?.stdout.trim().split('\n')).toHaveLength(2);
  });
});
