/**
 * The manifest check against the published MailApp / VersionOverrides schema rules: manifests in
 * the shapes public Outlook add-ins use are accepted, and every broken variant is rejected with a
 * message that names the element. Schema problems and consistency problems are reported apart.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from '@jest/globals';
import { checkManifest, servedFrom } from '../../scripts/validate-manifest.js';
import type { ManifestProblem } from '../../scripts/validate-manifest.js';

const FIXTURES = 'test/manifest/fixtures';
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, 'utf8');
const OURS = readFileSync('manifest.xml', 'utf8');
const SSO = fixture('sso-webapplicationinfo.xml');
const EVENTS = fixture('event-runtime-mobile.xml');
const COMMANDS = fixture('commands-function-menu.xml');

/** Replaces the first `from` (which must occur, so no variant is vacuous). */
function edit(xml: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? xml.includes(from) : from.test(xml);
  if (!found) throw new Error(`variant does not apply: ${String(from)} not in the base manifest`);
  return xml.replace(from, to);
}
const lines = (ps: readonly ManifestProblem[]) => ps.map((p) => `${p.path}: ${p.message}`);

describe('public-style manifests pass the schema and reference checks', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));
  test('there are fixtures of every shape the issue names', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });
  test.each(files)('%s', (file) => {
    const report = checkManifest(fixture(file));
    expect(lines(report.schema)).toEqual([]);
    expect(lines(report.consistency)).toEqual([]);
  });
  test("this project's manifest passes with the project's own checks", () => {
    const report = checkManifest(OURS, {
      origin: 'https://localhost:3000',
      served: servedFrom(process.cwd()),
    });
    expect(lines(report.schema)).toEqual([]);
    expect(lines(report.consistency)).toEqual([]);
  });
});

const LONG = (n: number) => 'x'.repeat(n);
/** Moves the nested 1.1 block out of the 1.0 block, making it its sibling under OfficeApp. */
function siblingV11(xml: string): string {
  const start = xml.indexOf(
    '<VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1"',
  );
  const end = xml.indexOf('</VersionOverrides>', start) + '</VersionOverrides>'.length;
  const inner = xml.slice(start, end);
  const rest = xml.slice(0, start) + xml.slice(end);
  return edit(rest, '</OfficeApp>', `${inner}\n</OfficeApp>`);
}

/** A broken manifest, and a pattern of the message that must name what is broken. */
type Variant = readonly [name: string, xml: string, names: RegExp];
/** Variants the published schema rejects. */
const SCHEMA: Variant[] = [
  [
    '1.1 as a sibling of 1.0 instead of nested',
    siblingV11(OURS),
    /<VersionOverrides>.*not allowed in <OfficeApp/,
  ],
  ['a missing 80 px icon', edit(OURS, '<bt:Image size="80" resid="Icon.80x80" />', ''), /<Icon> lacks .*80/],
  [
    'an icon size the schema does not list',
    edit(
      OURS,
      '<bt:Image size="32" resid="Icon.32x32" />',
      '<bt:Image size="32" resid="Icon.32x32" /><bt:Image size="33" resid="Icon.32x32" />',
    ),
    /<Icon> has image size 33/,
  ],
  [
    'a short string over 125 characters',
    edit(OURS, 'DefaultValue="Contact sync"', `DefaultValue="${LONG(126)}"`),
    /<String> .*126 characters.*125/,
  ],
  [
    'a display name over 125 characters',
    edit(OURS, 'DefaultValue="Contact Sync for Business Central"', `DefaultValue="${LONG(130)}"`),
    /DefaultValue of <DisplayName>/,
  ],
  [
    'a long string over 250 characters',
    edit(EVENTS, 'DefaultValue="Opens a pane where', `DefaultValue="${LONG(251)}`),
    /<String> has \d+ characters; LongString .* at most 250/,
  ],
  [
    'a localized override over 125 characters',
    edit(OURS, 'Value="Kontaktsynkning"', `Value="${LONG(140)}"`),
    /attribute Value of <Override>/,
  ],
  [
    'an unknown element in OfficeApp',
    edit(OURS, '<Permissions>', '<Telemetry>on</Telemetry>\n  <Permissions>'),
    /<Telemetry> is not allowed in <OfficeApp/,
  ],
  [
    'an unknown element in an action',
    edit(OURS, '<SupportsPinning>true</SupportsPinning>', '<SupportsEverything>true</SupportsEverything>'),
    /<SupportsEverything> is not allowed/,
  ],
  [
    'SupportsNoItemContext before SupportsMultiSelect',
    edit(
      EVENTS,
      '<SupportsMultiSelect>true</SupportsMultiSelect>\n                      <SupportsNoItemContext>true</SupportsNoItemContext>',
      '<SupportsNoItemContext>true</SupportsNoItemContext>\n                      <SupportsMultiSelect>true</SupportsMultiSelect>',
    ),
    /<SupportsMultiSelect> is out of order/,
  ],
  [
    'SupportsPinning in VersionOverrides 1.0',
    edit(
      OURS,
      '<SourceLocation resid="Taskpane.Url" />\n                      </Action>',
      '<SourceLocation resid="Taskpane.Url" />\n<SupportsPinning>true</SupportsPinning></Action>',
    ),
    /<SupportsPinning> is not allowed in <Action xsi:type="ShowTaskpane">/,
  ],
  [
    'DefaultLocale after Permissions',
    edit(
      edit(OURS, '  <DefaultLocale>en-US</DefaultLocale>\n', ''),
      '<Permissions>',
      '<DefaultLocale>en-US</DefaultLocale><Permissions>',
    ),
    /<DefaultLocale> is out of order/,
  ],
  ['a missing Id', edit(OURS, /<Id>[^<]*<\/Id>/, ''), /needs <Id>/],
  [
    'an Id that is not a GUID',
    edit(OURS, /<Id>[^<]*<\/Id>/, '<Id>not-a-guid</Id>'),
    /<Id> "not-a-guid" is not a valid UUID/,
  ],
  [
    'a version with five parts',
    edit(OURS, '<Version>1.0.0.0</Version>', '<Version>1.0.0.0.1</Version>'),
    /<Version> "1.0.0.0.1"/,
  ],
  [
    'an unknown permission',
    edit(OURS, '<Permissions>ReadItem</Permissions>', '<Permissions>Everything</Permissions>'),
    /<Permissions> "Everything" is not one of/,
  ],
  [
    'a Form without xsi:type',
    edit(OURS, '<Form xsi:type="ItemRead">', '<Form>'),
    /<Form> needs xsi:type, one of ItemRead, ItemEdit/,
  ],
  [
    'a Form type the schema does not define',
    edit(OURS, '<Form xsi:type="ItemRead">', '<Form xsi:type="ItemSend">'),
    /xsi:type="ItemSend" is not a type of <Form>/,
  ],
  [
    'a requested height over 450',
    edit(OURS, '<RequestedHeight>450</RequestedHeight>', '<RequestedHeight>600</RequestedHeight>'),
    /<RequestedHeight> 600 is outside/,
  ],
  [
    'a read form without RequestedHeight',
    edit(OURS, '<RequestedHeight>450</RequestedHeight>', ''),
    /<DesktopSettings> is missing <RequestedHeight>/,
  ],
  [
    'an ItemIs rule on an unknown item type',
    edit(OURS, 'ItemType="Message" FormType="Read"', 'ItemType="Contact" FormType="Read"'),
    /attribute ItemType of <Rule xsi:type="ItemIs">/,
  ],
  [
    'a rule collection without Mode',
    edit(OURS, '<Rule xsi:type="RuleCollection" Mode="Or">', '<Rule xsi:type="RuleCollection">'),
    /<Rule xsi:type="RuleCollection"> lacks the required attribute Mode/,
  ],
  [
    'a control type the schema does not define',
    edit(
      OURS,
      '<Control xsi:type="Button" id="msgReadOpenPaneButton">',
      '<Control xsi:type="Dropdown" id="msgReadOpenPaneButton">',
    ),
    /xsi:type="Dropdown" is not a type of <Control>/,
  ],
  [
    'a button without a Supertip',
    edit(
      OURS,
      /<Supertip>\s*<Title resid="TaskpaneButton.Label" \/>\s*<Description resid="TaskpaneButton.Tooltip" \/>\s*<\/Supertip>/,
      '',
    ),
    /needs <Supertip> before <Icon>/,
  ],
  [
    'two actions on one button',
    edit(
      OURS,
      '<Action xsi:type="ShowTaskpane">',
      '<Action xsi:type="ExecuteFunction"><FunctionName>run</FunctionName></Action><Action xsi:type="ShowTaskpane">',
    ),
    /<Action> appears more than once/,
  ],
  [
    'a group without controls',
    edit(OURS, /<Control xsi:type="Button" id="msgReadOpenPaneButton">[\s\S]*?<\/Control>/, ''),
    /<Group> is missing <Control>/,
  ],
  [
    'a resid longer than 32 characters',
    edit(OURS, '<Label resid="Group.Label" />', `<Label resid="${LONG(33)}" />`),
    /attribute resid of <Label> has 33 characters/,
  ],
  [
    'a 1.1 block whose xsi:type says 1.0',
    edit(OURS, 'xsi:type="VersionOverridesV1_1"', 'xsi:type="VersionOverridesV1_0"'),
    /xsi:type="VersionOverridesV1_0" is not a type of <VersionOverrides>/,
  ],
  [
    'an image size that is not a number',
    edit(OURS, 'size="16" resid="Icon.16x16"', 'size="small" resid="Icon.16x16"'),
    /attribute size of <Image> "small" is not a valid integer/,
  ],
  [
    'an override locale that is not a culture name',
    edit(OURS, 'Locale="fi-FI" Value="Kontaktien', 'Locale="finnish" Value="Kontaktien'),
    /attribute Locale of <Override> "finnish"/,
  ],
  [
    'empty AppDomains',
    edit(SSO, /<AppDomains>[\s\S]*?<\/AppDomains>/, '<AppDomains></AppDomains>'),
    /<AppDomains> is missing <AppDomain>/,
  ],
  [
    'no Requirements in the manifest',
    edit(OURS, /<Requirements>\s*<Sets>[\s\S]*?<\/Sets>\s*<\/Requirements>/, ''),
    /needs <Requirements> before <FormSettings>/,
  ],
  [
    'MobileFormFactor in VersionOverrides 1.0',
    edit(
      OURS,
      '</DesktopFormFactor>\n      </Host>',
      '</DesktopFormFactor><MobileFormFactor></MobileFormFactor>\n      </Host>',
    ),
    /<MobileFormFactor> is not allowed in <Host xsi:type="MailHost">/,
  ],
  [
    'a runtime without resid',
    edit(EVENTS, '<Runtime resid="WebViewRuntime.Url">', '<Runtime>'),
    /<Runtime> lacks the required attribute resid/,
  ],
  [
    'a launch event with an unknown send mode',
    edit(EVENTS, 'SendMode="PromptUser"', 'SendMode="Ask"'),
    /attribute SendMode of <LaunchEvent>/,
  ],
  [
    'WebApplicationInfo without Scopes',
    edit(SSO, /<Scopes>[\s\S]*?<\/Scopes>/, ''),
    /<WebApplicationInfo> is missing <Scopes>/,
  ],
  [
    'WebApplicationInfo before Resources',
    edit(
      edit(SSO, /<WebApplicationInfo>[\s\S]*?<\/WebApplicationInfo>/, ''),
      '<Resources>',
      '<WebApplicationInfo><Id>5b9e2c1d-7a4f-4e3b-8d61-0c2f9a8e7b15</Id><Resource>api://x/y</Resource><Scopes><Scope>User.Read</Scope></Scopes></WebApplicationInfo><Resources>',
    ),
    /<Resources> is out of order/,
  ],
  [
    'text inside a group',
    edit(OURS, '<Group id="msgReadGroup">', '<Group id="msgReadGroup">Contacts'),
    /text "Contacts" is not allowed inside <Group>/,
  ],
  [
    'an attribute the schema does not declare',
    edit(
      OURS,
      '<Control xsi:type="Button" id="msgReadOpenPaneButton">',
      '<Control xsi:type="Button" id="msgReadOpenPaneButton" size="large">',
    ),
    /attribute size is not allowed on <Control xsi:type="Button">/,
  ],
  ['XML that is not well formed', edit(OURS, '</ProviderName>', '</Provider>'), /not well-formed XML/],
  [
    'a task pane manifest type',
    edit(OURS, 'xsi:type="MailApp"', 'xsi:type="TaskPaneApp"'),
    /xsi:type="TaskPaneApp" is not a type of <OfficeApp>; the schema defines MailApp/,
  ],
  [
    'DisableEntityHighlighting that is not a boolean',
    edit(
      OURS,
      '<DisableEntityHighlighting>false</DisableEntityHighlighting>',
      '<DisableEntityHighlighting>no</DisableEntityHighlighting>',
    ),
    /<DisableEntityHighlighting> "no"/,
  ],
  [
    'Description before Title in a supertip',
    edit(
      OURS,
      '<Title resid="TaskpaneButton.Label" />\n                    <Description resid="TaskpaneButton.Tooltip" />',
      '<Description resid="TaskpaneButton.Tooltip" /><Title resid="TaskpaneButton.Label" />',
    ),
    /<Title> is out of order in <Supertip>/,
  ],
  [
    'a custom tab without its label',
    edit(COMMANDS, '<Label resid="customTabLabel"/>', ''),
    /<CustomTab> is missing <Label>/,
  ],
];
/** Variants the schema allows but the references between parts of the manifest do not. */
const CONSISTENCY: Variant[] = [
  [
    'a resid that no resource defines',
    edit(OURS, '<bt:Image size="80" resid="Icon.80x80" />', '<bt:Image size="80" resid="Icon.99" />'),
    /resid "Icon.99" of <Image> is not defined in bt:Images/,
  ],
  [
    'a label taken from the long strings',
    edit(OURS, '<Label resid="Group.Label" />', '<Label resid="TaskpaneButton.Tooltip" />'),
    /<Label> needs bt:ShortStrings/,
  ],
  [
    'a resource id defined twice',
    edit(
      OURS,
      '<bt:Url id="Taskpane.Url"',
      '<bt:Url id="Taskpane.Url" DefaultValue="https://localhost:3000/support.html" /><bt:Url id="Taskpane.Url"',
    ),
    /resource id "Taskpane.Url" is defined twice in bt:Urls/,
  ],
  [
    'two controls with one id',
    edit(
      COMMANDS,
      '<Control xsi:type="Menu" id="msgComposeMenuButton">',
      '<Control xsi:type="Menu" id="msgComposeFunctionButton">',
    ),
    /id "msgComposeFunctionButton" of <Control> is already used/,
  ],
  [
    'a 1.1 resid defined only in the parent 1.0 block',
    edit(
      EVENTS.replace(
        'xsi:type="VersionOverridesV1_0">',
        'xsi:type="VersionOverridesV1_0"><Resources><bt:Urls><bt:Url id="Parent.Url" DefaultValue="https://signatures.northwind.example/x.html"/></bt:Urls></Resources>',
      ),
      '<FunctionFile resid="Commands.Url"/>',
      '<FunctionFile resid="Parent.Url"/>',
    ),
    /resid "Parent.Url" of <FunctionFile> is not defined in bt:Urls of VersionOverridesV1_1/,
  ],
];
const BROKEN = [
  ...SCHEMA.map(([name, xml, names]) => [name, xml, 'schema', names] as const),
  ...CONSISTENCY.map(([name, xml, names]) => [name, xml, 'consistency', names] as const),
];

describe('broken variants are rejected with a message naming the element', () => {
  test('there are at least 30 of them', () => {
    expect(BROKEN.length).toBeGreaterThanOrEqual(30);
  });
  test.each(BROKEN)('%s', (_name, xml, kind, names) => {
    const report = checkManifest(xml);
    const problems = kind === 'schema' ? report.schema : report.consistency;
    expect(lines(problems)).toContainEqual(expect.stringMatching(names));
  });
});

describe("this project's own checks", () => {
  const project = { origin: 'https://localhost:3000', served: servedFrom(process.cwd()) };
  const consistency = (xml: string) => lines(checkManifest(xml, project).consistency);
  test('a URL of our origin that the build does not serve', () => {
    expect(consistency(edit(OURS, 'assets/icon-64.png', 'assets/icon-65.png'))).toContainEqual(
      expect.stringMatching(/icon-65.png points at assets\/icon-65.png, which the build does not serve/),
    );
  });
  test('a page that is not https', () => {
    expect(
      consistency(edit(OURS, 'https://localhost:3000/support.html', 'http://localhost:3000/support.html')),
    ).toContainEqual(
      expect.stringMatching(/SupportUrl: http:\/\/localhost:3000\/support.html .* is not https/),
    );
  });
  test('a task pane on another origin', () => {
    expect(
      consistency(
        edit(
          OURS,
          '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html" />',
          '<SourceLocation DefaultValue="https://elsewhere.example/taskpane.html" />',
        ),
      ),
    ).toContainEqual(
      expect.stringMatching(
        /the task pane https:\/\/elsewhere.example\/taskpane.html is not on the add-in's origin/,
      ),
    );
  });
  test('SupportsNoItemContext below Mailbox 1.13', () => {
    expect(consistency(edit(OURS, 'DefaultMinVersion="1.13"', 'DefaultMinVersion="1.5"'))).toEqual([
      expect.stringMatching(/<SupportsNoItemContext> needs Mailbox 1.13 .* ask for 1.5/),
    ]);
  });
  test('AppDomains need not list the add-in origin', () => {
    expect(consistency(edit(OURS, '<AppDomain>https://localhost:3000</AppDomain>', ''))).toEqual([]);
  });
  test('schema problems stay schema problems with the project checks on', () => {
    const report = checkManifest(
      edit(OURS, '<Permissions>ReadItem</Permissions>', '<Permissions>All</Permissions>'),
      project,
    );
    expect(report.schema).toHaveLength(1);
    expect(report.schema[0]?.line).toBeGreaterThan(1);
    expect(report.consistency).toEqual([]);
  });
});

describe('npm run validate (the command line)', () => {
  test('prints one line per problem with its kind and line, and exits 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');
    writeFileSync(
      file,
      edit(edit(OURS, 'assets/icon-64.png', 'assets/nope.png'), '<Permissions>ReadItem', '<Permissions>Bad'),
    );
    const run = promisify(execFile)('npx', ['tsx', 'scripts/validate-manifest.ts', file]);
    const failure = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stdout: string } | null;
    expect(failure?.code).toBe(2);
    const out = failure?.stdout.trim().split('\n') ?? [];
    expect(out).toEqual([
      expect.stringMatching(
        /manifest.xml:\d+: \[schema\] OfficeApp\/Permissions: <Permissions> "Bad" is not one of/,
      ),
      expect.stringMatching(
        /manifest.xml:\d+: \[consistency\] OfficeApp\/IconUrl: .*nope.png, which the build does not serve/,
      ),
    ]);
  });
});
