/**
 * The MailApp manifest schema, part 1: the manifest root (OfficeAppManifestV1_1.xsd), activation
 * rules and the basic types (OfficeAppBasicTypesV1_0.xsd). Part 2, the VersionOverrides command
 * types, is mail-schema.ts. Sources: SOURCES.md beside this file.
 */
import {
  AlternateId,
  Boolean,
  CultureName,
  Integer,
  LongString,
  NonEmptyString,
  NS,
  ReferenceId,
  ShortString,
  ShortVersion,
  URL,
  UUID,
  Version,
  enumOf,
  many,
  may,
  one,
  opt,
  range,
  req,
} from './xsd-model.js';
import type { ComplexType, SimpleType } from './xsd-model.js';

export type Types = Record<string, ComplexType>;

/** "Mandatory values are 16, 32, and 80. Currently supported optional values are 20, 24, 40, 48, and 64." */
function iconSizes(mandatory: number[], allowed: number[]) {
  return (el: Element): string | null => {
    const sizes = Array.from(el.childNodes as unknown as ArrayLike<Node>)
      .filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === 'Image')
      .map((i) => Number(i.getAttribute('size')));
    const missing = mandatory.filter((s) => !sizes.includes(s));
    if (missing.length > 0)
      return `<Icon> lacks the mandatory image size ${missing.join(', ')} (needs ${mandatory.join(', ')})`;
    const odd = sizes.filter((s) => !allowed.includes(s));
    return odd.length > 0
      ? `<Icon> has image size ${odd.join(', ')}; allowed sizes are ${allowed.join(', ')}`
      : null;
  };
}

function localeAware(p: 'o' | 'bt', value: SimpleType, withId: boolean, override: string): ComplexType {
  return {
    seq: [many(`${p}:Override`, override, 0)],
    attrs: withId ? { id: req(ReferenceId), DefaultValue: req(value) } : { DefaultValue: req(value) },
  };
}
const localeOverride = (value: SimpleType): ComplexType => ({
  attrs: { Locale: req(CultureName), Value: req(value) },
});

export const OFFICE_APP: Types = {
  'o:LocaleOverride': localeOverride(NonEmptyString),
  'o:ShortLocaleOverride': localeOverride(ShortString),
  'o:LongLocaleOverride': localeOverride(LongString),
  'o:URLLocaleOverride': localeOverride(URL),
  'o:ShortLocaleAwareSetting': localeAware('o', ShortString, false, 'o:ShortLocaleOverride'),
  'o:LongLocaleAwareSetting': localeAware('o', LongString, false, 'o:LongLocaleOverride'),
  'o:URLLocaleAwareSetting': localeAware('o', URL, false, 'o:URLLocaleOverride'),
  'o:AppDomains': { seq: [many('o:AppDomain', LongString)] },
  'o:Host': { attrs: { Name: req(ShortString) } },
  'o:Hosts': { seq: [many('o:Host', 'o:Host')] },
  'o:VersionedRequirement': { attrs: { MinVersion: may(ShortVersion), Name: req(ShortString) } },
  'o:Sets': {
    seq: [many('o:Set', 'o:VersionedRequirement')],
    attrs: { DefaultMinVersion: may(ShortVersion) },
  },
  'o:MailAppRequirements': { seq: [one('o:Sets', 'o:Sets')] },
  'o:ItemReadDesktopMailAppSettings': {
    seq: [one('o:SourceLocation', 'o:URLLocaleAwareSetting'), one('o:RequestedHeight', range(32, 450))],
  },
  'o:ItemReadPhoneMailAppSettings': { seq: [one('o:SourceLocation', 'o:URLLocaleAwareSetting')] },
  'o:ItemEditMailAppSettings': { seq: [one('o:SourceLocation', 'o:URLLocaleAwareSetting')] },
  'o:FormType': { abstract: true },
  'o:ItemRead': {
    base: 'o:FormType',
    seq: [
      one('o:DesktopSettings', 'o:ItemReadDesktopMailAppSettings'),
      opt('o:TabletSettings', 'o:ItemReadDesktopMailAppSettings'),
      opt('o:PhoneSettings', 'o:ItemReadPhoneMailAppSettings'),
    ],
  },
  'o:ItemEdit': {
    base: 'o:FormType',
    seq: [
      one('o:DesktopSettings', 'o:ItemEditMailAppSettings'),
      opt('o:TabletSettings', 'o:ItemEditMailAppSettings'),
      opt('o:PhoneSettings', 'o:ItemEditMailAppSettings'),
    ],
  },
  'o:FormSettings': { seq: [many('o:Form', 'o:FormType', 1, 2)] },
  'o:OfficeApp': {
    abstract: true,
    seq: [
      one('o:Id', UUID),
      opt('o:AlternateId', AlternateId),
      one('o:Version', Version),
      one('o:ProviderName', ShortString),
      one('o:DefaultLocale', CultureName),
      one('o:DisplayName', 'o:ShortLocaleAwareSetting'),
      one('o:Description', 'o:LongLocaleAwareSetting'),
      opt('o:IconUrl', 'o:URLLocaleAwareSetting'),
      opt('o:HighResolutionIconUrl', 'o:URLLocaleAwareSetting'),
      opt('o:SupportUrl', 'o:URLLocaleAwareSetting'),
      opt('o:AppDomains', 'o:AppDomains'),
      opt('o:Hosts', 'o:Hosts'),
    ],
  },
  'o:MailApp': {
    base: 'o:OfficeApp',
    seq: [
      one('o:Requirements', 'o:MailAppRequirements'),
      one('o:FormSettings', 'o:FormSettings'),
      opt(
        'o:Permissions',
        enumOf('permission', 'Restricted', 'ReadItem', 'ReadWriteItem', 'ReadWriteMailbox'),
      ),
      one('o:Rule', 'o:Rule'),
      opt('o:DisableEntityHighlighting', Boolean),
      opt('m0:VersionOverrides', 'm0:VersionOverridesV1_0'),
      { any: NS.dsig, min: 0, max: 1 },
    ],
  },
};

/** Activation rules; the manifest root and DetectedEntity (VersionOverrides 1.1) each have a copy. */
export function ruleTypes(p: 'o' | 'm1'): Types {
  return {
    [`${p}:Rule`]: { abstract: true },
    [`${p}:ItemIs`]: {
      base: `${p}:Rule`,
      attrs: {
        ItemType: req(enumOf('ItemType', 'Message', 'Appointment')),
        FormType: req(enumOf('ItemFormType', 'Read', 'Edit', 'ReadOrEdit')),
        ItemClass: may(NonEmptyString),
        IncludeSubClasses: may(Boolean),
      },
    },
    [`${p}:ItemHasKnownEntity`]: {
      base: `${p}:Rule`,
      attrs: {
        EntityType: req(
          enumOf(
            'KnownEntityType',
            'MeetingSuggestion',
            'TaskSuggestion',
            'Address',
            'Url',
            'PhoneNumber',
            'EmailAddress',
            'Contact',
          ),
        ),
        RegExFilter: may(NonEmptyString),
        FilterName: may(NonEmptyString),
        IgnoreCase: may(Boolean),
        Highlight: may(enumOf('Highlight', 'all', 'none')),
      },
    },
    [`${p}:ItemHasRegularExpressionMatch`]: {
      base: `${p}:Rule`,
      attrs: {
        RegExName: req(NonEmptyString),
        RegExValue: req(NonEmptyString),
        PropertyName: req(
          enumOf('PropertyName', 'Subject', 'BodyAsPlaintext', 'BodyAsHTML', 'SenderSMTPAddress'),
        ),
        IgnoreCase: may(Boolean),
        Highlight: may(enumOf('Highlight', 'all', 'none')),
      },
    },
    [`${p}:ItemHasAttachment`]: { base: `${p}:Rule` },
    [`${p}:RuleCollection`]: {
      base: `${p}:Rule`,
      seq: [many(`${p}:Rule`, `${p}:Rule`)],
      attrs: { Mode: req(enumOf('LogicalOperator', 'And', 'Or')) },
    },
  };
}

export const BASIC_TYPES: Types = {
  'bt:ShortLocaleOverride': localeOverride(ShortString),
  'bt:LongLocaleOverride': localeOverride(LongString),
  'bt:URLLocaleOverride': localeOverride(URL),
  'bt:ImageLocaleAwareSettingWithId': localeAware('bt', URL, true, 'bt:URLLocaleOverride'),
  'bt:URLLocaleAwareSettingWithId': localeAware('bt', URL, true, 'bt:URLLocaleOverride'),
  'bt:ShortLocaleAwareSettingWithId': localeAware('bt', ShortString, true, 'bt:ShortLocaleOverride'),
  'bt:LongLocaleAwareSettingWithId': localeAware('bt', LongString, true, 'bt:LongLocaleOverride'),
  'bt:ResourceReference': { abstract: true, attrs: { resid: req(ReferenceId) } },
  'bt:ImageResourceReference': { base: 'bt:ResourceReference', attrs: { size: req(Integer) } },
  'bt:MobileImageResourceReference': {
    base: 'bt:ResourceReference',
    attrs: { size: req(Integer), scale: req(range(1, 3)) },
  },
  'bt:URLResourceReference': { base: 'bt:ResourceReference' },
  'bt:ShortResourceReference': { base: 'bt:ResourceReference' },
  'bt:LongResourceReference': { base: 'bt:ResourceReference' },
  'bt:IconList': {
    seq: [many('bt:Image', 'bt:ImageResourceReference')],
    documented: iconSizes([16, 32, 80], [16, 20, 24, 32, 40, 48, 64, 80]),
  },
  // control-mobilebutton.md: mobile icons come in sizes 25, 32 and 48, each at scale 1, 2 and 3.
  'bt:MobileIconList': {
    seq: [many('bt:Image', 'bt:MobileImageResourceReference')],
    documented: iconSizes([25, 32, 48], [25, 32, 48]),
  },
  'bt:ImageResources': { seq: [many('bt:Image', 'bt:ImageLocaleAwareSettingWithId', 0)] },
  'bt:URLResources': { seq: [many('bt:Url', 'bt:URLLocaleAwareSettingWithId', 0)] },
  'bt:ShortStringResources': { seq: [many('bt:String', 'bt:ShortLocaleAwareSettingWithId', 0)] },
  'bt:LongStringResources': { seq: [many('bt:String', 'bt:LongLocaleAwareSettingWithId', 0)] },
  'bt:Resources': {
    seq: [
      opt('bt:Images', 'bt:ImageResources'),
      opt('bt:Urls', 'bt:URLResources'),
      opt('bt:ShortStrings', 'bt:ShortStringResources'),
      opt('bt:LongStrings', 'bt:LongStringResources'),
    ],
  },
  'bt:VersionedRequirement': { attrs: { MinVersion: may(ShortVersion), Name: req(ShortString) } },
  'bt:Sets': {
    seq: [many('bt:Set', 'bt:VersionedRequirement')],
    attrs: { DefaultMinVersion: may(ShortVersion) },
  },
  'bt:Requirements': { seq: [one('bt:Sets', 'bt:Sets')] },
};
