/**
 * The MailApp manifest schema as a table of complex types, transcribed from Microsoft's published
 * schemas and manifest reference (see SOURCES.md beside this file for files and commits):
 * - OfficeAppManifestV1_1.xsd (mail): OfficeApp, MailApp, FormSettings, rules, locale-aware settings;
 * - OfficeAppBasicTypesV1_0.xsd: resources, resource references, icon lists, requirement sets;
 * - MailAppVersionOverridesV1_0.xsd / V1_1.xsd: hosts, form factors, extension points, tabs,
 *   groups, controls, actions;
 * - elements the reference pages define for the current schemas that those XSD copies predate:
 *   SupportsPinning, SupportsMultiSelect, SupportsNoItemContext (action.md), WebApplicationInfo
 *   (webapplicationinfo.md), ExtendedPermissions, Runtimes/Runtime/Override (runtime.md),
 *   MobileFormFactor, MobileButton and bt:MobileIconList (control-mobilebutton.md), LaunchEvent
 *   (launchevent.md), Module, SupportsSharedFolders, Events.
 * Not modelled (reported as an unknown type or element): ReportPhishingCommandSurface (preview),
 * EquivalentAddins, TaskPaneApp and ContentApp manifests.
 */
import { BASIC_TYPES, OFFICE_APP, ruleTypes } from './mail-schema-base.js';
import type { Types } from './mail-schema-base.js';
import {
  Boolean,
  LongString,
  NonEmptyString,
  ReferenceId,
  ShortString,
  URL,
  UUID,
  enumOf,
  many,
  may,
  one,
  opt,
  req,
} from './xsd-model.js';
import type { ComplexType } from './xsd-model.js';

/** Add-in commands, shared by both VersionOverrides schemas; 1.1 adds what `v11` switches on. */
function commandTypes(p: 'm0' | 'm1'): Types {
  const v11 = p === 'm1';
  const surface = (): ComplexType => ({ base: `${p}:CommandSurfaceExtensionPoint` });
  const types: Types = {
    [`${p}:Action`]: { abstract: true },
    [`${p}:ShowTaskpane`]: {
      base: `${p}:Action`,
      seq: [
        one(`${p}:SourceLocation`, 'bt:URLResourceReference'),
        ...(v11
          ? [
              opt(`${p}:SupportsPinning`, Boolean),
              opt(`${p}:SupportsMultiSelect`, Boolean),
              opt(`${p}:SupportsNoItemContext`, Boolean),
            ]
          : []),
      ],
    },
    [`${p}:ExecuteFunction`]: { base: `${p}:Action`, seq: [one(`${p}:FunctionName`, LongString)] },
    [`${p}:Supertip`]: {
      seq: [
        one(`${p}:Title`, 'bt:ShortResourceReference'),
        one(`${p}:Description`, 'bt:LongResourceReference'),
      ],
    },
    // The XSD's UIControl carries id, Label and Supertip; MobileButton (1.1) has no Supertip, so the
    // id lives on a common base here.
    [`${p}:ControlBase`]: { abstract: true, attrs: { id: req(ShortString) } },
    [`${p}:UIControl`]: {
      base: `${p}:ControlBase`,
      abstract: true,
      seq: [one(`${p}:Label`, 'bt:ShortResourceReference'), one(`${p}:Supertip`, `${p}:Supertip`)],
    },
    [`${p}:Button`]: {
      base: `${p}:UIControl`,
      seq: [one(`${p}:Icon`, 'bt:IconList'), one(`${p}:Action`, `${p}:Action`)],
    },
    [`${p}:Menu`]: {
      base: `${p}:UIControl`,
      seq: [one(`${p}:Icon`, 'bt:IconList'), one(`${p}:Items`, `${p}:MenuItems`)],
    },
    [`${p}:MenuItem`]: {
      base: `${p}:UIControl`,
      seq: [opt(`${p}:Icon`, 'bt:IconList'), one(`${p}:Action`, `${p}:Action`)],
    },
    [`${p}:MenuItems`]: { seq: [many(`${p}:Item`, `${p}:MenuItem`)] },
    [`${p}:Group`]: {
      seq: [one(`${p}:Label`, 'bt:ShortResourceReference'), many(`${p}:Control`, `${p}:ControlBase`)],
      attrs: { id: req(ShortString) },
    },
    [`${p}:Tab`]: {
      abstract: true,
      seq: [many(`${p}:Group`, `${p}:Group`)],
      attrs: { id: req(ShortString) },
    },
    [`${p}:OfficeTab`]: { base: `${p}:Tab` },
    [`${p}:CustomTab`]: { base: `${p}:Tab`, seq: [one(`${p}:Label`, 'bt:ShortResourceReference')] },
    [`${p}:ExtensionPoint`]: { abstract: true },
    [`${p}:CommandSurfaceExtensionPoint`]: {
      base: `${p}:ExtensionPoint`,
      abstract: true,
      seq: [many(`${p}:OfficeTab`, `${p}:OfficeTab`, 0), many(`${p}:CustomTab`, `${p}:CustomTab`, 0)],
    },
    [`${p}:MessageReadCommandSurface`]: surface(),
    [`${p}:MessageComposeCommandSurface`]: surface(),
    [`${p}:AppointmentOrganizerCommandSurface`]: surface(),
    [`${p}:AppointmentAttendeeCommandSurface`]: surface(),
    [`${p}:Event`]: {
      attrs: {
        Type: req(ShortString),
        FunctionExecution: req(enumOf('EventFunctionExecutionType', 'synchronous', 'asynchronous')),
        FunctionName: req(LongString),
      },
    },
    [`${p}:Events`]: { base: `${p}:ExtensionPoint`, seq: [many(`${p}:Event`, `${p}:Event`)] },
    [`${p}:Host`]: { abstract: true },
    [`${p}:Hosts`]: { seq: [many(`${p}:Host`, `${p}:Host`)] },
    [`${p}:Scopes`]: { seq: [many(`${p}:Scope`, NonEmptyString)] },
    [`${p}:WebApplicationInfo`]: {
      seq: [one(`${p}:Id`, UUID), one(`${p}:Resource`, URL), one(`${p}:Scopes`, `${p}:Scopes`)],
    },
  };
  return types;
}

const V1_0: Types = {
  ...commandTypes('m0'),
  'm0:FormFactor': {
    seq: [opt('m0:FunctionFile', 'bt:URLResourceReference'), many('m0:ExtensionPoint', 'm0:ExtensionPoint')],
  },
  'm0:MailHost': { base: 'm0:Host', seq: [opt('m0:DesktopFormFactor', 'm0:FormFactor')] },
  'm0:VersionOverridesV1_0': {
    seq: [
      opt('m0:Description', 'bt:LongResourceReference'),
      opt('m0:Requirements', 'bt:Requirements'),
      opt('m0:Hosts', 'm0:Hosts'),
      opt('m0:Resources', 'bt:Resources'),
      opt('m0:WebApplicationInfo', 'm0:WebApplicationInfo'),
      opt('m1:VersionOverrides', 'm1:VersionOverridesV1_1'),
    ],
  },
};

const V1_1: Types = {
  ...commandTypes('m1'),
  ...ruleTypes('m1'),
  'm1:MobileButton': {
    base: 'm1:ControlBase',
    seq: [
      one('m1:Label', 'bt:ShortResourceReference'),
      one('m1:Icon', 'bt:MobileIconList'),
      one('m1:Action', 'm1:Action'),
    ],
  },
  'm1:CommandSurface': { seq: [many('m1:CustomTab', 'm1:CustomTab')] },
  'm1:Module': {
    base: 'm1:ExtensionPoint',
    seq: [
      one('m1:SourceLocation', 'bt:URLResourceReference'),
      one('m1:Label', 'bt:ShortResourceReference'),
      one('m1:CommandSurface', 'm1:CommandSurface'),
    ],
  },
  'm1:MobileMessageReadCommandSurface': { base: 'm1:ExtensionPoint', seq: [one('m1:Group', 'm1:Group')] },
  'm1:MobileOnlineMeetingCommandSurface': {
    base: 'm1:ExtensionPoint',
    seq: [one('m1:Control', 'm1:ControlBase')],
  },
  'm1:MobileLogEventAppointmentAttendee': {
    base: 'm1:ExtensionPoint',
    seq: [one('m1:Control', 'm1:ControlBase')],
  },
  'm1:LaunchEventItem': {
    attrs: {
      Type: req(ShortString),
      FunctionName: req(LongString),
      SendMode: may(enumOf('SendMode', 'PromptUser', 'SoftBlock', 'Block')),
    },
  },
  'm1:LaunchEvents': { seq: [many('m1:LaunchEvent', 'm1:LaunchEventItem')] },
  'm1:LaunchEvent': {
    base: 'm1:ExtensionPoint',
    seq: [one('m1:LaunchEvents', 'm1:LaunchEvents'), one('m1:SourceLocation', 'bt:URLResourceReference')],
  },
  'm1:DetectedEntity': {
    base: 'm1:ExtensionPoint',
    seq: [
      one('m1:Label', 'bt:ShortResourceReference'),
      one('m1:SourceLocation', 'bt:URLResourceReference'),
      one('m1:Rule', 'm1:Rule'),
    ],
  },
  'm1:RuntimeOverride': {
    attrs: { type: req(enumOf('runtime override type', 'javascript')), resid: req(ReferenceId) },
  },
  'm1:Runtime': {
    seq: [opt('m1:Override', 'm1:RuntimeOverride')],
    attrs: { resid: req(ReferenceId), lifetime: may(enumOf('lifetime', 'short', 'long')) },
  },
  'm1:Runtimes': { seq: [many('m1:Runtime', 'm1:Runtime')] },
  'm1:DesktopFormFactor': {
    seq: [
      opt('m1:FunctionFile', 'bt:URLResourceReference'),
      many('m1:ExtensionPoint', 'm1:ExtensionPoint'),
      opt('m1:SupportsSharedFolders', Boolean),
    ],
  },
  'm1:MobileFormFactor': {
    seq: [opt('m1:FunctionFile', 'bt:URLResourceReference'), many('m1:ExtensionPoint', 'm1:ExtensionPoint')],
  },
  'm1:MailHost': {
    base: 'm1:Host',
    seq: [
      opt('m1:Runtimes', 'm1:Runtimes'),
      opt('m1:DesktopFormFactor', 'm1:DesktopFormFactor'),
      opt('m1:MobileFormFactor', 'm1:MobileFormFactor'),
    ],
  },
  'm1:ExtendedPermissions': { seq: [many('m1:ExtendedPermission', NonEmptyString)] },
  'm1:VersionOverridesV1_1': {
    seq: [
      opt('m1:Description', 'bt:LongResourceReference'),
      opt('m1:Requirements', 'bt:Requirements'),
      opt('m1:Hosts', 'm1:Hosts'),
      opt('m1:Resources', 'bt:Resources'),
      { any: 'http://schemas.microsoft.com/office/mailappversionoverrides/1.2', min: 0, max: 1 },
      opt('m1:WebApplicationInfo', 'm1:WebApplicationInfo'),
      opt('m1:ExtendedPermissions', 'm1:ExtendedPermissions'),
    ],
  },
};

/** Every complex type of the MailApp schemas, keyed "prefix:Name". */
export const MAIL_SCHEMA: Readonly<Types> = {
  ...OFFICE_APP,
  ...ruleTypes('o'),
  ...BASIC_TYPES,
  ...V1_0,
  ...V1_1,
};

/** The root element: OfficeApp (abstract; a MailApp manifest says xsi:type="MailApp"). */
export const ROOT = { el: 'o:OfficeApp', type: 'o:OfficeApp' } as const;
