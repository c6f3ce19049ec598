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
    'Geplande synchronisatie elke {minutes, plural, one {# minuut} other {# minuten}} is ingesteld, maar deze server voert geen geplande synchronisaties uit',
  nextRunAfterSave:
    'Geplande synchronisatie elke {minutes, plural, one {# minuut} other {# minuten}} begint zodra u de instellingen opslaat',
  syncSection: 'Contactpersonen synchroniseren',
  settingsSection: 'Instelling van contactsynchronisatie',
  conflictsSection:
    'Conflicten ({open, plural, one {# open} other {# open}}, {settled, plural, one {# afgehandeld} other {# afgehandeld}})',
  skippedSection: 'Overgeslagen contacten ({n, number})',
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
  phase_reading: 'Contacten lezen',
  phase_planning: 'Plannen',
  phase_bc: 'Schrijven naar Business Central',
  phase_outlook: 'Schrijven naar Outlook',
  phase_links: 'Koppelingen opslaan',
  progressLabel: 'Voortgang van synchronisatie',
  progressCount: '{done, number} van {total, number}',
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
  runErrors: 'Fouten',
  heldTitle: 'Verwijderingen bevestigen',
  heldText:
    'Deze synchronisatie zou {deletes, number} van de {synced, plural, one {# gesynchroniseerde contact} other {# gesynchroniseerde contacten}} in de Outlook-map verwijderen ({share, number, percent}); de grens is {limit, number, percent}. Er is nog niets geschreven.',
  confirmDelete: 'Verwijderen en synchroniseren',
  keep: 'Niet verwijderen',
  previewTitle: 'Voorbeeld ({mode}): er is niets geschreven',
  wouldCreate: 'Zou maken',
  wouldUpdate: 'Zou bijwerken',
  wouldDelete: 'Zou verwijderen',
  noChanges: 'Geen wijzigingen: beide kanten komen overeen.',
  runFailed: 'De synchronisatie is mislukt: {message}',
  runBusy: 'Er loopt al een synchronisatie voor deze map.',
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
    '{skipped, plural, one {# contact overgeslagen} other {# contacten overgeslagen}} · {conflicts, plural, one {# conflict} other {# conflicten}}',
  lastSyncAt: 'Laatste synchronisatie: {when} · {status}',
  nextRunAt: 'Volgende geplande synchronisatie: {when}',
  hintText: 'Tip: {hint}',
  nameAndReason: '{name}: {reason}',
  previewGroup: '{side} · {action}: {n, number}',
  fieldCount: '{field} {n, number}',
  historyTitle: '{mode} · {status}',
  historyLine: '{when} · {trigger} · Map: {folder}',
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
  historySide:
    '{side}: {created, plural, other {# gemaakt}}, {updated, plural, other {# bijgewerkt}}, {deleted, plural, other {# verwijderd}}',
  noWrites: 'Niets geschreven.',
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
  folderRenameTitle: 'Synchronisatiemap een andere naam geven?',
  folderRenameText:
    'De Outlook-map "{from}" krijgt de naam "{to}" en de tot nu toe gesynchroniseerde contacten gaan mee, zodat er geen tweede kopie ontstaat. Er is nog niets gewijzigd.',
  folderRenameConfirm: 'Map hernoemen en opslaan',
  folderRenameFailed: 'De map is niet hernoemd en er is niets opgeslagen: {message}',
  conflictWaiting: 'wacht op uw keuze',
  conflictSettled: 'afgehandeld door uw regel',
  folderSwitchTitle: 'Synchroniseren naar de bestaande map "{to}"?',
  folderSwitchText:
    'Er bestaat al een map "{to}", dus "{from}" kan die naam niet krijgen. Eerst slaat een synchronisatie de wijzigingen in "{from}" op in Business Central; daarna {n, plural, one {wordt het # gesynchroniseerde contact} other {worden de # gesynchroniseerde contacten}} uit "{from}" verwijderd en brengt de volgende synchronisatie {n, plural, one {het} other {ze}} naar "{to}", zodat geen contact er twee keer staat. Contacten die u alleen in "{from}" bewaart, blijven daar. Er is nog niets gewijzigd.',
  folderSwitchConfirm: 'Synchroniseren, contacten verplaatsen en opslaan',
  folderSwitchBlocked:
    '{n, plural, one {# contact} other {# contacten}} in "{from}" {n, plural, one {heeft} other {hebben}} waarden die Business Central nog niet heeft (open of afgehandelde conflicten, of overgeslagen wijzigingen). Los ze eerst op: verwijderen zou die waarden kwijtraken, bewaren zou twee kopieën laten staan. Er is niets opgeslagen.',
  folderSwitchFailed: 'De contacten zijn niet verplaatst en er is niets opgeslagen: {message}',
  folderCopiesLeft:
    '{n, plural, one {# contact is} other {# contacten zijn}} intussen gewijzigd en gebleven; de volgende synchronisatie van de oude map brengt de verwijderde terug',
  folderSwitchedKept:
    'Instellingen opgeslagen. {removed, plural, one {# gesynchroniseerd contact is} other {# gesynchroniseerde contacten zijn}} uit "{from}" verwijderd; de volgende synchronisatie brengt {removed, plural, one {het} other {ze}} naar "{to}". {kept, plural, one {# contact blijft} other {# contacten blijven}} ongewijzigd in "{from}": {kept, plural, one {het bevat} other {ze bevatten}} waarden waarvoor Business Central geen veld heeft (notities, verjaardag, andere telefoonnummers of adressen). De volgende synchronisatie brengt ook een kopie naar "{to}"; zet die waarden daar over en verwijder daarna {kept, plural, one {het oude} other {de oude}}.',
  folderSwitched:
    'Instellingen opgeslagen. {removed, plural, one {# gesynchroniseerd contact is} other {# gesynchroniseerde contacten zijn}} uit "{from}" verwijderd; de volgende synchronisatie brengt {removed, plural, one {het} other {ze}} naar "{to}".',
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
  failure_portFailed:
    '{what}. Probeer het over een minuut opnieuw; blijft het mislukken, meld het dan aan uw beheerder.',
  failure_unavailable:
    'De server kon dit nu niet uitvoeren ({detail}). Probeer het over een minuut opnieuw; blijft het mislukken, meld het dan aan uw beheerder.',
  failure_refused:
    'De server heeft dit geweigerd ({detail}). Gebeurt dit weer, meld het dan aan uw beheerder.',
  failure_unexpected:
    'Er is iets onverwachts misgegaan ({detail}). Probeer het opnieuw; gebeurt het weer, meld het dan aan uw beheerder.',
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
  failureCode_Stale:
    'Het contact is opnieuw gewijzigd terwijl het conflict werd opgelost. Synchroniseer en probeer het dan opnieuw.',
  failureCode_WriteFailed: 'Uw keuze kon niet worden geschreven. Probeer het over een minuut opnieuw.',
  failureCode_InvalidSettings:
    'De instellingen zijn niet opgeslagen: {fields}. Corrigeer ze bij Instellingen.',
  failureCode_InvalidFilter: 'Het filter is niet geldig: {fields}. Corrigeer het bij Instellingen.',
  failureCode_StateConflict:
    '{reason}. Synchroniseer opnieuw; blijft dit gebeuren, meld het dan aan uw beheerder.',
  failureCode_ScopeFull: '{reason}.',
  failureCode_AddInProgress:
    'Dit adres wordt nu aan Business Central toegevoegd. Kijk over een ogenblik opnieuw.',
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
};

export default nl;
