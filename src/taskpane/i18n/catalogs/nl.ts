import type { PaneCatalog } from './en.js';

/** Nederlands: the pane; terms from the BC documentation in this language. */
const nl: PaneCatalog = {
  appTitle: 'Contactsynchronisatie voor Business Central',
  loading: 'Laden…',
  signedInAs: 'Aangemeld als {user}',
  demoUser: 'Demogebruiker',
  validateConnection: 'Verbinding controleren',
  checking: 'Controleren…',
  mailboxOk: 'Postvak bereikt; map "{folder}" is klaar.',
  mailboxFailed: 'Controle van het postvak mislukt: {message}',
  bcOk: 'Business Central bereikt: {company}',
  bcFailed: 'Controle van Business Central mislukt: {message}',
  lastSyncNone: 'Laatste synchronisatie: Nog niet gesynchroniseerd',
  nextRunOff: 'Geplande synchronisatie staat uit',
  nextRunServerOff:
    'Geplande synchronisatie {unit, select, day {{n, plural, one {elke dag} other {elke # dagen}}} hour {{n, plural, one {elk uur} other {elke # uur}}} other {{n, plural, one {elke minuut} other {elke # minuten}}}} is ingesteld, maar deze server voert geen geplande synchronisaties uit',
  nextRunAfterSave:
    'Geplande synchronisatie {unit, select, day {{n, plural, one {elke dag} other {elke # dagen}}} hour {{n, plural, one {elk uur} other {elke # uur}}} other {{n, plural, one {elke minuut} other {elke # minuten}}}} begint zodra u de instellingen opslaat',
  syncSection: 'Contactpersonen synchroniseren',
  settingsSection: 'Instelling van contactsynchronisatie',
  conflictsSection:
    'Conflicten ({open, plural, one {# open} other {# open}}, {settled, plural, one {# afgehandeld} other {# afgehandeld}})',
  skippedSection: 'Overgeslagen contacten ({n, number})',
  skippedSides:
    '{bc, plural, one {# Business Central-contact} other {# Business Central-contacten}} en {outlook, plural, one {# Outlook-contactpersoon} other {# Outlook-contactpersonen}}; de instellingen tellen alleen Business Central-contacten.',
  senderSection: 'Deze afzender',
  historySection: 'Geschiedenis',
  folderName: 'Mapnaam',
  filterTitle: 'Filter',
  filterHint: "Filtersyntaxis van Business Central, bijvoorbeeld Utrecht|Delft, A*, <>'''', 1000..1999.",
  filterField: 'Filterveld',
  addFilter: 'Filter toevoegen',
  removeFilter: 'Filter {field} verwijderen',
  matchCount:
    '{matching, number} van {total, plural, one {# contact komt} other {# contacten komen}} overeen, {out, number} buiten bereik',
  matchChecking: 'Overeenkomende contacten tellen…',
  matchFilterInvalid: 'Verbeter het filter om te zien hoeveel contacten overeenkomen.',
  conflictPolicy: 'Als beide kanten een veld hebben gewijzigd',
  policy_bcWins: 'Business Central wint',
  policy_outlookWins: 'Outlook wint',
  policy_manual: 'Vraag het mij',
  scheduleMinutes: 'Geplande synchronisatie elke (minuten, 0 = uit)',
  massDeleteShare: 'Vragen voordat meer dan (% van de gesynchroniseerde contacten) wordt verwijderd',
  save: 'Opslaan',
  saved: 'Instellingen opgeslagen.',
  saveFailed: 'Instellingen niet opgeslagen: {message}',
  reasonCount: '{reason}: {n, number}',
  sync: 'Synchroniseren met Microsoft 365',
  fullSync: 'Volledig synchroniseren met Microsoft 365',
  preview: 'Voorbeeld',
  cancel: 'Annuleren',
  cancelling: 'Annuleren…',
  runStarting: 'De synchronisatie wordt gestart…',
  progressLabel: 'Voortgang van synchronisatie',
  result: 'Resultaat',
  status_running: 'Bezig',
  status_succeeded: 'Geslaagd',
  status_failed: 'Mislukt',
  status_cancelled: 'Geannuleerd',
  status_held: 'Wacht op bevestiging',
  status_interrupted: 'Onderbroken',
  mode_delta: 'Synchronisatie',
  mode_full: 'Volledige synchronisatie',
  dryRun: 'Voorbeeld',
  sideBc: 'Business Central',
  sideOutlook: 'Outlook',
  created: 'Gemaakt',
  updated: 'Bijgewerkt',
  deleted: 'Verwijderd',
  skipped: 'Overgeslagen',
  conflicts: 'Conflicten',
  duration: 'Duur: {seconds, number, ::.0} s',
  durationMs: 'Duur: {ms, number} ms',
  durationMin: 'Duur: {minutes, number} min {seconds, number} s',
  runErrors: 'Fouten',
  heldTitle: 'Verwijderingen bevestigen',
  heldText:
    'Deze synchronisatie zou {deletes, number} van de {synced, plural, one {# gesynchroniseerde contact} other {# gesynchroniseerde contacten}} in de Outlook-map verwijderen ({share, number, percent}); de grens is {limit, number, percent}. Er is nog niets geschreven.',
  confirmDelete: 'Verwijderen en synchroniseren',
  keep: 'Niet verwijderen',
  previewTitle: 'Voorbeeld ({mode}): er is niets geschreven',
  previewHeldTitle: 'Een synchronisatie zou vragen voordat er wordt verwijderd',
  wouldCreate: 'Zou maken',
  wouldUpdate: 'Zou bijwerken',
  wouldDelete: 'Zou verwijderen',
  noChanges: 'Geen wijzigingen: beide kanten komen overeen.',
  runFailed: 'De synchronisatie is mislukt: {message}',
  runBusy: 'Er loopt al een synchronisatie voor deze map.',
  runBusyUntil:
    'Er loopt al een synchronisatie voor deze map. Als die is gestopt zonder te eindigen (het venster werd tijdens de synchronisatie gesloten), kan de volgende synchronisatie starten vanaf {time}.',
  runSettling:
    'De laatste synchronisatie van deze map is gestopt terwijl verzonden wijzigingen nog konden aankomen. Zodat geen contact twee keer wordt gemaakt, kan de volgende synchronisatie starten vanaf {time}.',
  noConflicts: 'Geen conflicten.',
  field: 'Veld',
  base: 'Laatst gesynchroniseerd',
  winner: 'Winnaar',
  keepShort: 'Behouden',
  keepBc: 'Business Central behouden',
  keepOutlook: 'Outlook behouden',
  keepBcField: 'Business Central-waarde van {field} behouden',
  keepOutlookField: 'Outlook-waarde van {field} behouden',
  keepBcAll: 'Business Central behouden voor {name}',
  keepOutlookAll: 'Outlook behouden voor {name}',
  resolved: 'Conflict opgelost.',
  fieldsResolved:
    '{fields}: opgelost. {name} wacht nog op uw keuze voor {left, plural, one {# veld} other {# velden}}.',
  resolveFailed: 'Niet opgelost: {message}',
  showFields: 'Velden van {name} tonen',
  noSkipped: 'Geen overgeslagen contacten.',
  noMessage: 'Selecteer een bericht om te zien of de afzender wordt gesynchroniseerd.',
  senderSynced: '{name} is een gesynchroniseerd Business Central-contact.',
  senderNotInBc: '{email} is geen Business Central-contact.',
  senderOutOfScope: '{name} staat in Business Central maar wordt niet gesynchroniseerd: {reasons}.',
  senderConflict: '{name} heeft een conflict om op te lossen.',
  senderNotLinked: '{name} staat in Business Central en wordt bij de volgende synchronisatie meegenomen.',
  addSender: 'Toevoegen aan Business Central en synchroniseren',
  senderAdded: '{name} is toegevoegd aan Business Central.',
  noHistory: 'Nog geen synchronisaties.',
  trigger_pane: 'vanuit het deelvenster',
  trigger_schedule: 'gepland',
  trigger_cli: 'vanaf de opdrachtregel',
  trigger_api: 'via de API',
  error: 'Fout: {message}',
  retry: 'Opnieuw proberen',
  resultStatus: 'Resultaat: {status}',
  runCounts:
    '{skipped, plural, one {# contact overgeslagen} other {# contacten overgeslagen}} · {conflicts, plural, one {# open conflict} other {# open conflicten}}',
  lastSyncAt: 'Laatste synchronisatie: {when} · {status}',
  nextRunAt: 'Volgende geplande synchronisatie: {when}',
  hintText: 'Tip: {hint}',
  otherReasons: 'Andere redenen',
  nameAndReason: '{name}: {reason}',
  previewGroup: '{side} · {action}: {n, number}',
  fieldCount: '{field} {n, number}',
  historyTitle: '{mode} · {status}',
  historyLine: '{when} · {trigger} · Map: {folder}',
  runAccess:
    'Toegang: {bc, select, delegated {Business Central namens u} appOnly {Business Central als de synchronisatie-app} other {Business Central uit de eigen opslag van deze server}} · {graph, select, delegated {Outlook namens u} other {Outlook als de synchronisatie-app}}',
  excludedByFilterCount: 'uitgesloten door filter: {n, number} ({fields})',
  syncHelp:
    'Wijzigingen sinds de laatste synchronisatie, in beide richtingen. Meestal sneller dan een hele synchronisatie.',
  fullSyncHelp:
    'Alle contacten in beide richtingen, ongeacht de datum van laatste synchronisatie en laatste wijziging.',
  previewHelp: 'Toont wat een synchronisatie zou wijzigen. Er wordt niets geschreven.',
  heldTextBcEmpty:
    'Business Central gaf geen contacten voor deze map, dus deze synchronisatie zou {synced, plural, one {het enige gesynchroniseerde contact} other {alle # gesynchroniseerde contacten}} in de Outlook-map verwijderen. Er is nog niets geschreven.',
  openConflicts: 'Wacht op uw keuze ({n, number})',
  settledConflicts: 'Afgehandeld door uw regel ({n, number})',
  settledHelp:
    'De regel voor velden die aan beide kanten zijn gewijzigd, koos de winnaar; beide kanten hebben nu die waarde. Accepteer dit of behoud in plaats daarvan de andere waarde.',
  accept: 'Accepteren',
  acceptAll: 'Keuze van de regel accepteren voor {name}',
  accepted: 'Geaccepteerd: beide kanten behouden de winnende waarde.',
  findConflict: 'Een conflict zoeken',
  findConflictHint: 'Naam, e-mail, veld of waarde',
  noConflictMatches: 'Geen conflict komt overeen met "{text}".',
  conflictMatches: '{n, plural, one {# conflict komt} other {# conflicten komen}} overeen met "{text}".',
  pageRange: '{from, number}–{to, number} van {total, number}',
  previousPage: 'Vorige',
  nextPage: 'Volgende',
  bulkKeepBc: 'Business Central behouden voor {n, plural, one {de # in de lijst} other {alle # in de lijst}}',
  bulkKeepOutlook: 'Outlook behouden voor {n, plural, one {de # in de lijst} other {alle # in de lijst}}',
  bulkTitle: '{n, plural, one {# conflict} other {# conflicten}} in één keer oplossen?',
  bulkAskBc:
    'De Business Central-waarden van {n, plural, one {het # conflict} other {alle # conflicten}} die hier als wachtend op uw keuze staan, worden naar Outlook geschreven.{deleted, plural, =0 {} one { # ervan is in Business Central verwijderd of valt buiten het filter: het Outlook-contact wordt verwijderd, met de waarden die alleen Outlook heeft.} other { # ervan zijn in Business Central verwijderd of vallen buiten het filter: hun Outlook-contacten worden verwijderd, met de waarden die alleen Outlook heeft.}} Er is nog niets gewijzigd.',
  bulkAskOutlook:
    'De Outlook-waarden van {n, plural, one {het # conflict} other {alle # conflicten}} die hier als wachtend op uw keuze staan, worden naar Business Central geschreven.{deleted, plural, =0 {} one { # ervan is in Business Central verwijderd: het wordt opnieuw aan Business Central toegevoegd.} other { # ervan zijn in Business Central verwijderd: ze worden opnieuw aan Business Central toegevoegd.}}{left, plural, =0 {} one { # ervan valt buiten het filter: de Outlook-waarden worden naar het Business Central-contact geschreven en de volgende synchronisatie verwijdert het Outlook-contact, tenzij het waarden heeft die alleen Outlook heeft.} other { # ervan vallen buiten het filter: hun Outlook-waarden worden naar hun Business Central-contacten geschreven en de volgende synchronisatie verwijdert hun Outlook-contacten, tenzij ze waarden hebben die alleen Outlook heeft.}}{closed, plural, =0 {} one { # ervan is in Business Central geblokkeerd vanwege privacy of een bedrijfscontact: Business Central wordt niet gewijzigd en het Outlook-contact blijft bestaan, maar wordt niet meer gesynchroniseerd.} other { # ervan zijn in Business Central geblokkeerd vanwege privacy of bedrijfscontacten: Business Central wordt niet gewijzigd en hun Outlook-contacten blijven bestaan, maar worden niet meer gesynchroniseerd.}} Er is nog niets gewijzigd.',
  bulkConfirmBc: 'Business Central behouden voor {n, plural, one {# conflict} other {# conflicten}}',
  bulkConfirmOutlook: 'Outlook behouden voor {n, plural, one {# conflict} other {# conflicten}}',
  bulkProgress: 'Conflicten oplossen: {done, number} van {total, number}',
  bulkDone: '{resolved, plural, one {# conflict opgelost} other {# conflicten opgelost}}.',
  bulkPartly:
    '{resolved, plural, one {# conflict opgelost} other {# conflicten opgelost}}, {failed, plural, other {# niet opgelost}}: {message}',
  moreErrors: '{n, plural, one {en nog # fout} other {en nog # fouten}}',
  nextRunDueSoon: 'Volgende geplande synchronisatie: binnenkort',
  previewOther: 'In plaats daarvan voorbeeld: {mode}',
  findInPlan: 'Zoeken in het plan',
  showMore: 'Meer tonen ({shown, number} van {total, plural, other {# getoond}})',
  noPlanMatches: 'Niets in het plan komt overeen met "{text}".',
  findSkipped: 'Een overgeslagen contact zoeken',
  noSkippedMatches: 'Geen overgeslagen contact komt overeen met "{text}".',
  groupCount: '{label} ({n, number})',
  samplePicker: 'Voorbeeldafzender (alleen ontwikkeling)',
  samplePickerHint: 'Buiten Outlook: een e-mailadres staat voor de afzender van het geselecteerde bericht.',
  sampleShow: 'Tonen',
  sampleInvalidEmail: 'Business Central accepteert dit e-mailadres niet: {address}',
  folderRenameTitle: 'Synchronisatiemap een andere naam geven?',
  conflictWaiting: 'wacht op uw keuze',
  conflictSettled: 'afgehandeld door uw regel',
  folderSwitchTitle: 'Synchroniseren naar de bestaande map "{to}"?',
  folderSwitchHolds:
    '"{to}" bevat al {contacts, plural, one {# eigen contact} other {# eigen contacten}}. De eerste synchronisatie daarheen {linked, plural, =0 {} other {behoudt de # die er al gesynchroniseerd zijn, }}koppelt {matched, plural, one {# contact} other {# contacten}} aan het Business Central-contact met hetzelfde e-mailadres, voegt {toBc, plural, one {# contact} other {# contacten}} als {toBc, plural, one {nieuwe persoon} other {nieuwe personen}} aan Business Central toe en slaat {skipped, plural, one {# contact} other {# contacten}} over (vermeld onder Overgeslagen contacten). Annuleer en kies een nieuwe mapnaam om ze buiten Business Central te houden.',
  outlookOnlyHeld:
    'Alleen Outlook bevat: {values}. ‘{keepBc}’ verwijdert het Outlook-contact, en deze waarden ermee.',
  sinceShownFromOutlook:
    'Gewijzigd in Outlook nadat dit conflict werd getoond, en met uw keuze naar Business Central geschreven: {fields}.',
  sinceShownFromBc:
    'Gewijzigd in Business Central nadat dit conflict werd getoond, en met uw keuze naar Outlook geschreven: {fields}.',
  outlookOnlyEmails: '{n, plural, one {# extra e-mailadres} other {# extra e-mailadressen}}',
  outlookOnlyPhones: '{n, plural, one {# extra zakelijke telefoon} other {# extra zakelijke telefoons}}',
  outlookProperty_categories: 'Categorieën',
  outlookProperty_birthday: 'Verjaardag',
  outlookProperty_nickName: 'Bijnaam',
  outlookProperty_title: 'Titel',
  outlookProperty_yomiGivenName: 'Yomi-voornaam',
  outlookProperty_yomiSurname: 'Yomi-achternaam',
  outlookProperty_yomiCompanyName: 'Yomi-bedrijfsnaam',
  outlookProperty_generation: 'Achtervoegsel',
  outlookProperty_imAddresses: 'Chatadres',
  outlookProperty_department: 'Afdeling',
  outlookProperty_officeLocation: 'Kantoor',
  outlookProperty_profession: 'Beroep',
  outlookProperty_assistantName: 'Assistent',
  outlookProperty_manager: 'Manager',
  outlookProperty_homePhones: 'Telefoon thuis',
  outlookProperty_spouseName: 'Partner',
  outlookProperty_personalNotes: 'Notities',
  outlookProperty_children: 'Kinderen',
  outlookProperty_homeAddress: 'Huisadres',
  outlookProperty_otherAddress: 'Ander adres',
  outlookProperty_fileAs: 'Opslaan als',
  outlookProperty_photo: 'Afbeelding',
  failure_unreachable:
    'De server antwoordt niet: misschien wordt hij opnieuw gestart, of is de verbinding weg. Probeer het over een minuut opnieuw.',
  failure_signIn:
    'Uw aanmelding is niet geaccepteerd ({detail}). Sluit de invoegtoepassing en open deze opnieuw; gebeurt dit weer, neem dan contact op met uw beheerder.',
  failure_noCompanyAccess:
    'U ({user}) hebt hier geen toegang tot een Business Central-bedrijf. Vraag uw beheerder u toegang tot het bedrijf te geven (bedrijfstoegang).',
  failure_forbidden:
    'Toegang geweigerd ({detail}): uw account mist een benodigde machtiging. Vraag uw beheerder die toe te kennen.',
  failure_busy: 'De server is bezet. Wacht een minuut en probeer het dan opnieuw.',
  failure_shuttingDown: 'De server wordt opnieuw gestart. Probeer het over een minuut opnieuw.',
  failure_serverSetup:
    'De server is niet ingesteld om synchronisaties uit te voeren ({detail}). Meld het aan uw beheerder.',
  failure_runEnded: 'De synchronisatie is gestopt voordat ze klaar was. {what}',
  failure_portFailed:
    '{what}. Probeer het over een minuut opnieuw; blijft het mislukken, meld het dan aan uw beheerder.',
  failure_unavailable:
    'De server kon dit nu niet uitvoeren ({detail}). Probeer het over een minuut opnieuw; blijft het mislukken, meld het dan aan uw beheerder.',
  failure_refused:
    'De server heeft dit geweigerd ({detail}). Gebeurt dit weer, meld het dan aan uw beheerder.',
  failure_unexpected:
    'Er is iets onverwachts misgegaan ({detail}). Probeer het opnieuw; gebeurt het weer, meld het dan aan uw beheerder.',
  failureCode_Upstream_TokenRefused:
    'Business Central heeft uw aanmelding, die de server namens u gebruikt, niet geaccepteerd (verlopen of ingetrokken). Sluit de invoegtoepassing en open deze opnieuw om u opnieuw aan te melden; gebeurt dit weer, neem dan contact op met uw beheerder.',
  failureCode_RunInProgress:
    'Er loopt al een synchronisatie voor deze map. Wacht tot die klaar is en probeer het dan opnieuw.',
  failureCode_RunNotActive: 'Deze synchronisatie is al afgelopen; het resultaat staat in Geschiedenis.',
  failureCode_RunNotFound:
    'De server kent deze synchronisatie niet (hij is misschien opnieuw gestart). Start de synchronisatie opnieuw.',
  failureCode_PlanNotAvailable:
    'Het plan van dit voorbeeld is niet meer beschikbaar. Vraag het voorbeeld opnieuw op.',
  failureCode_ConflictNotFound:
    'Dit conflict staat niet meer geregistreerd: een synchronisatie of een ander venster heeft het afgehandeld. Vernieuw de lijst.',
  failureCode_ContactMissing:
    'Een van de twee contacten bestaat niet meer. Synchroniseer en bekijk het conflict daarna opnieuw.',
  failureCode_InvalidChoice:
    'Deze keuze past niet bij het conflict zoals het nu is. Vernieuw de lijst en kies opnieuw.',
  failureCode_InvalidForBusinessCentral:
    'Business Central kan de gekozen waarden niet opslaan. Behoud de andere kant, of corrigeer het contact in Outlook.',
  failureCode_ChangedSinceShown:
    'Een waarde is opnieuw gewijzigd sinds dit conflict werd getoond. Er is niets geschreven; controleer het conflict en kies opnieuw.',
  failureCode_Stale:
    'Het contact is opnieuw gewijzigd terwijl het conflict werd opgelost. Synchroniseer en probeer het dan opnieuw.',
  failureCode_WriteFailed: 'Uw keuze kon niet worden geschreven. Probeer het over een minuut opnieuw.',
  failureCode_InvalidSettings:
    'De instellingen zijn niet opgeslagen: {fields}. Corrigeer ze bij Instellingen.',
  failureCode_InvalidFilter: 'Het filter is niet geldig: {fields}. Corrigeer het bij Instellingen.',
  failureCode_StateConflict:
    '{reason}. Synchroniseer opnieuw; blijft dit gebeuren, meld het dan aan uw beheerder.',
  failureCode_ScopeFull: '{reason}.',
  failureCode_BadRequest_DuplicateProperty:
    'Het verzoek noemt "{property}" twee keer in één object en is daarom niet verwerkt. Als dit blijft gebeuren, meld het aan uw beheerder.',
  failureCode_CreateTurnBusy:
    'Andere synchronisaties maken op dit moment contactpersonen aan in het Business Central van uw bedrijf, dus dit adres is nog niet toegevoegd. Probeer het over een minuut opnieuw.',
  failureCode_BcWriteFailed:
    'Business Central heeft het nieuwe contact niet geaccepteerd. Probeer het later opnieuw, of voeg het contact toe in Business Central.',
  failureCode_Request_EntityChanged:
    'Het contact is intussen in Business Central gewijzigd. Synchroniseer en probeer het dan opnieuw.',
  failureCode_Internal_RecordNotFound:
    'Het contact bestaat niet meer in Business Central. Synchroniseer om beide kanten bij te werken.',
  failureCode_Internal_CompanyNotFound:
    'Het bedrijf in Business Central is er niet (het is verwijderd of uw toegang is gewijzigd). Vraag het uw beheerder.',
  failureCode_BadRequest_InvalidValue: 'Business Central accepteert deze waarde niet: {fields}.',
  failureCode_BadRequest_NotFound:
    'De server biedt dit niet aan (misschien draait hij een andere versie dan de invoegtoepassing). Sluit de invoegtoepassing en open haar opnieuw.',
  failureCode_RequestEntityTooLarge:
    'Dit is meer dan de server in één keer aanneemt. Maak het korter (minder filterwaarden, kortere teksten) en probeer het opnieuw.',
  refusal_tooShort: 'moet minimaal {limit, plural, one {# teken} other {# tekens}} hebben',
  refusal_tooMany: 'mag maximaal {limit, plural, one {# item} other {# items}} bevatten',
  refusal_tooFew: 'moet minimaal {limit, plural, one {# item} other {# items}} bevatten',
  refusal_tooLarge: 'mag niet groter zijn dan {limit, number}',
  refusal_tooSmall: 'mag niet kleiner zijn dan {limit, number}',
  refusal_required: '{property} is verplicht',
  refusal_unknownProperty: 'is geen instelling die deze server kent',
  refusal_wrongType: 'heeft het verkeerde soort waarde',
  refusal_notAllowed: 'moet een van deze zijn: {allowed}',
  refusal_pattern: 'heeft een vorm die de server niet accepteert',
  refusal_format: 'heeft niet de verwachte vorm',
  refusal_duplicateItems: 'bevat hetzelfde item twee keer',
  refusal_invalid: 'is niet geldig',
  heldHint:
    'Wat u kunt doen: om ze te verwijderen, synchroniseer en kies ‘{confirm}’. Om ze te behouden, wijzig het filter of verhoog de limiet in {settings}; tot dan stopt elke geplande synchronisatie hier.',
  senderEmailTooLong:
    '{email} kan niet aan Business Central worden toegevoegd: het adres heeft {length, plural, one {# teken} other {# tekens}}, en het veld {field} in Business Central bevat er maximaal {max, number}.',
  folderRenameText:
    'De volgende synchronisatie geeft de Outlook-map "{from}" de naam "{to}"; de tot nu toe gesynchroniseerde contacten gaan mee, zodat er geen tweede kopie ontstaat. Opslaan wijzigt niets in Outlook.',
  folderSwitchText:
    'Er bestaat al een map "{to}", dus "{from}" kan die naam niet krijgen. De volgende synchronisatie slaat eerst de wijzigingen in "{from}" op in Business Central, verwijdert daarna de contacten die ze daar heeft gesynchroniseerd en brengt ze naar "{to}", zodat geen contact daar twee keer staat. Contacten die u alleen in "{from}" bewaart, en kopieën met waarden waarvoor Business Central geen veld heeft, blijven daar. Opslaan wijzigt niets in Outlook.',
  folderMoveHolds:
    'Open of afgehandelde conflicten en overgeslagen wijzigingen in "{from}" houden de verplaatsing tegen: tot u ze oplost, blijft de synchronisatie in "{from}" en blijven ze in de lijst staan.',
  folderSaveAndSync: 'Opslaan en nu synchroniseren',
  folderSaveOnly: 'Alleen opslaan',
  folderSavedNextRun: 'Instellingen opgeslagen. De volgende synchronisatie verhuist naar de map "{to}".',
  folderMoving: 'Synchronisatie verplaatsen naar "{to}"',
  folderMoved: 'Instellingen opgeslagen; de synchronisatie gebruikt nu de map "{to}".',
  folderMoveHeldTitle: 'De synchronisatie blijft voorlopig in "{from}"',
  folderMoveHeldHint:
    'De instellingen zijn opgeslagen; de op te lossen contacten blijven staan onder Conflicten en Overgeslagen contacten.',
  folderMoveFailed:
    'Instellingen opgeslagen, maar de synchronisatie die de map verplaatst is niet gelukt ({message}). De volgende synchronisatie probeert het opnieuw.',
  conflictGone:
    '{name} is niet meer in conflict: {by, select, schedule {de geplande synchronisatie heeft het afgehandeld} cli {een synchronisatie vanaf de opdrachtregel heeft het afgehandeld} pane {een synchronisatie vanuit het deelvenster heeft het afgehandeld} api {een synchronisatie via de synchronisatie-API heeft het afgehandeld} other {het is in een ander venster opgelost}}. Er is niets geschreven.',
};

export default nl;
