import type { CodeCatalog } from './en.js';

/** Nederlands: codes and field captions; terms from the BC documentation in this language. */
const nl: CodeCatalog = {
  filterErrorAt: 'Positie {position}: verwacht {expected}',
  filterUnknownField: '‘{field}’ is geen filterveld: gebruik een van: {fields}',
  reason_noEmail: 'geen e-mailadres',
  reason_noName: 'geen naam',
  reason_companyContact: 'bedrijfscontact',
  reason_privacyBlocked: 'geblokkeerd vanwege privacy',
  reason_excludedByFilter: 'uitgesloten door filter: {fields}',
  deletion_bcDeleted: 'Verwijderd in Business Central, gewijzigd in Outlook',
  deletion_outOfScope: 'Buiten bereik in Business Central ({reasons}), gewijzigd in Outlook',
  resolve_alreadyResolved:
    'Het conflict van contact {bcId} is in een ander venster {by, select, dismiss {afgehandeld} other {opgelost}} terwijl u koos; er is niets meer geschreven. Vernieuw de lijst om te zien wat er nu staat.',
  resolve_conflictNotFound: 'Er is geen conflict vastgelegd voor contact {bcId}; vernieuw de lijst.',
  resolve_contactMissing:
    'Het {side, select, bc {Business Central-contact} other {Outlook-contact}} {id} bestaat niet meer; synchroniseer eerst.',
  resolve_wholeContactOnly:
    'Dit contact is verwijderd in Business Central: kies een kant voor het hele contact.',
  resolve_notInConflict: 'Deze velden zijn niet in conflict: {fields}.',
  resolve_notSettled:
    'Alleen conflicten die de regel heeft beslist, kunnen worden geaccepteerd; kies een kant voor {fields}.',
  resolve_nothingSettled:
    'Er is niets meer dat de regel heeft beslist om te accepteren; kies een kant voor de overige.',
  resolve_invalidForBc: 'Business Central kan deze waarden niet bevatten: {reasons}.',
  resolve_changedSinceShown:
    'Opnieuw gewijzigd sinds dit conflict werd getoond: {fields}. Er is niets geschreven; het conflict toont nu wat elke kant bevat. Controleer het en kies opnieuw.',
  resolve_changedSinceShownOutlookOnly:
    'Het Outlook-contact heeft sinds dit conflict werd getoond waarden gewijzigd waarvoor Business Central geen veld heeft. Er is niets verwijderd; het conflict toont ze nu. Controleer het en kies opnieuw.',
  resolve_stale:
    'Het {side, select, bc {Business Central-contact} other {Outlook-contact}} is opnieuw gewijzigd tijdens het oplossen; synchroniseer en probeer het opnieuw.',
  resolve_writeFailed:
    'Schrijven naar {side, select, bc {Business Central} other {Outlook}} is mislukt: {message}',
  bcContactRef: '{name} (nr. {number})',
  skip_outOfScope: 'buiten bereik: {reasons}',
  skip_bcContactOutOfScope: 'het Business Central-contact {contact} is buiten bereik: {reasons}',
  skip_bcContactDeleted: 'het Business Central-contact is verwijderd',
  skip_duplicateOfLinked:
    'een tweede kopie van Business Central-contact {contact}, dat al is gesynchroniseerd met een ander Outlook-contact',
  skip_wouldLeaveScope:
    'de wijziging in Outlook zou het buiten bereik brengen ({reasons}); Business Central heeft zijn waarden behouden',
  skip_missingName: 'geen naam',
  skip_missingEmail: 'geen e-mailadres',
  skip_tooLong:
    '{field} is {length, plural, one {# teken} other {# tekens}}; Business Central kan {max, plural, one {# teken} other {# tekens}} opslaan',
  skip_lineBreak: '{field} bevat een regeleinde dat Business Central niet kan opslaan',
  skip_phoneLetters: '{field} bevat letters, die Business Central niet accepteert in een telefoonnummer',
  skip_streetLines:
    'het straatadres in Outlook heeft {lines, plural, one {# regel} other {# regels}}; Business Central bewaart er {max, number} ({address} en {address2})',
  skip_invalidEmail: '{field} is geen geldig e-mailadres',
  skip_outlookListFull:
    'Outlook bevat al {list, select, businessPhones {{max, plural, one {# zakelijk telefoonnummer} other {# zakelijke telefoonnummers}}} other {{max, plural, one {# e-mailadres} other {# e-mailadressen}}}} voor dit contact, dus {field} “{value}” uit Business Central is niet toegevoegd; het wacht tot er plaats is',
  skip_unknownCountry: '{field} ‘{value}’ is geen land of regio die Business Central kent',
  skip_duplicateEmailInOutlook:
    '{n, plural, one {# Outlook-contact heeft} other {# Outlook-contacten delen}} het e-mailadres {email}',
  skip_duplicateEmailInBc:
    '{n, plural, one {# Business Central-contact heeft} other {# Business Central-contacten delen}} het e-mailadres {email}',
  skip_emailInConflict:
    'het e-mailadres {email} {held, select, email {is de Outlook-waarde van een open conflict over het e-mailadres van een ander contact} other {staat op de Outlook-kopie van een verwijderd contact met een open conflict}}',
  skip_writeFailed: 'kon niet worden geschreven: {message}',
  skip_unstorableText:
    '{property} in {side, select, bc {Business Central} other {Outlook}} bevat een teken dat niet kan worden opgeslagen (een beschadigd teken of U+0000)',
  portError:
    '{error, select, stale {het is tijdens de synchronisatie opnieuw gewijzigd; het wacht op de volgende synchronisatie} notFound {het bestaat daar niet meer} invalid {de service weigerde de waarden} throttled {de service vroeg om te wachten} unknownOutcome {er kwam geen antwoord, dus het wordt bij de volgende synchronisatie gecontroleerd} signInRefused {uw aanmelding werd niet meer geaccepteerd (verlopen of ingetrokken): sluit de invoegtoepassing en open deze opnieuw om u opnieuw aan te melden, en synchroniseer daarna opnieuw} other {de service was niet beschikbaar}}{detail}',
  runError_writeFailed:
    'Een contact kon niet naar {side, select, bc {Business Central} other {Outlook}} worden geschreven: {reason}',
  runError_readFailed:
    '{port, select, bc {Business Central} outlook {Outlook} other {Business Central of Outlook}}: {what, select, folder {de synchronisatiemap kon niet worden gevonden of gemaakt} countries {de lijst met landen/regio’s kon niet worden gelezen} write {de contacten konden niet worden geschreven} other {de contacten konden niet worden gelezen}}: {reason}',
  runError_storeRefused:
    'De synchronisatiestatus kon niet worden opgeslagen: {refusal, select, scopeFull {de map zou meer {list, select, links {gesynchroniseerde contactpersonen} skipped {overgeslagen contactpersonen} pending {contactpersonen die worden aangemaakt} other {conflicten}} bevatten dan één map mag bevatten ({max, number}); beperk het filter in de instellingen zodat minder contactpersonen worden gesynchroniseerd} unstorableText {een waarde bevat een teken dat niet kan worden opgeslagen} outlookIdTaken {een Outlook-contact is al gesynchroniseerd met een ander contact} duplicateInBatch {één contact kwam twee keer voor in één opslag} other {een tijdstip was ongeldig}}',
  runError_accessRevoked:
    'Uw toegang tot {company, select, none {het Business Central-bedrijf} other {Business Central-bedrijf {company}}} is ingetrokken terwijl de synchronisatie liep, dus die is gestopt; wat ze al had geschreven, blijft staan. Vraag een beheerder u weer toegang te geven en synchroniseer dan opnieuw.',
  runError_storeFailed:
    'De synchronisatiestatus op de server kon niet worden gelezen of opgeslagen: {reason}',
  runError_signInFailed:
    'Er kon geen aanmeldtoken voor de synchronisatie worden verkregen{detail}: sluit de invoegtoepassing en open ze opnieuw om u opnieuw aan te melden, en synchroniseer dan opnieuw; blijft het mislukken, laat het je beheerder weten.',
  runError_leaseLost:
    '{cause, select, unanswered {De synchronisatiestatus op de server gaf {seconds, number} s geen antwoord, dus deze synchronisatie kon niet meer zeker zijn dat alleen zij de map had; ze is gestopt om niet dubbel te schrijven. Synchroniseer opnieuw.} other {Een andere synchronisatie heeft deze map overgenomen; deze is gestopt om niet dubbel te schrijven.}}',
  runError_held:
    '{kind, select, bcEmpty {Business Central gaf geen contacten voor deze map, dus deze synchronisatie zou {synced, plural, one {het enige gesynchroniseerde contact} other {alle # gesynchroniseerde contacten}} in de Outlook-map verwijderen. Er is nog niets geschreven.} other {Deze synchronisatie zou {deletes, number} van de {synced, plural, one {# gesynchroniseerde contact} other {# gesynchroniseerde contacten}} in de Outlook-map verwijderen ({share, number, percent}); de grens is {limit, number, percent}. Er is nog niets geschreven.}}',
  runError_folderMoveHeld:
    '{held, plural, one {# contactpersoon} other {# contactpersonen}} in "{from}" {held, plural, one {heeft} other {hebben}} waarden die Business Central nog niet heeft (open of afgehandelde conflicten, overgeslagen of niet gesynchroniseerde wijzigingen), dus de synchronisatie is niet naar "{to}" verplaatst: verwijderen zou die waarden verliezen. "{from}" is gesynchroniseerd; los ze op en synchroniseer opnieuw om te verplaatsen.',
  runError_companyChanged:
    'De contactpersonen in deze Outlook-map zijn gesynchroniseerd met een ander Business Central-bedrijf ({from}) dan het bedrijf dat deze synchronisatie nu kan gebruiken ({to}), dus de synchronisatie is gestopt voordat er iets is gelezen of geschreven: het andere bedrijf synchroniseren zou alle gesynchroniseerde contactpersonen uit de map verwijderen. Vraag een beheerder u weer toegang te geven tot bedrijf {from}.',
  runError_cancelled:
    'De synchronisatie is geannuleerd voordat ze klaar was; wat ze al had geschreven, blijft staan.',
  runError_folderNameTaken:
    'Outlook heeft {named, select, yes {een map met de naam "{folderName}"} other {een map met de naam uit de instellingen}} die geen contactpersonen bevat (een e-mail-, agenda- of takenmap), dus de synchronisatiemap kan niet onder die naam worden gemaakt: geef die map in Outlook een andere naam, of kies een andere mapnaam in de instellingen, en synchroniseer dan opnieuw.',
  runError_interrupted:
    'De uitvoering is onderbroken: {by, select, shutdown {de host werd afgesloten} other {het proces stopte}} voordat ze klaar was.',
  run_uncertain:
    '{count, plural, one {# wijziging is} other {Maximaal # wijzigingen zijn}} mogelijk zonder antwoord verzonden en mogelijk toch uitgevoerd; de volgende synchronisatie controleert {count, plural, one {die} other {ze}}. Synchroniseer opnieuw voordat u {count, plural, one {dat contact} other {die contacten}} zelf toevoegt of wijzigt, zodat niets twee keer wordt geschreven.',
  run_written:
    '{side, select, bc {Business Central} other {Outlook}}: {created, plural, other {# gemaakt}}, {updated, plural, other {# bijgewerkt}}, {deleted, plural, other {# verwijderd}}',
  run_nothingWritten: 'Niets geschreven.',
  run_deferred:
    '{count, plural, one {# nieuwe contactpersoon is} other {# nieuwe contactpersonen zijn}} nog niet in Business Central aangemaakt; de volgende synchronisatie doet dat: {reason, select, createTurnBusy {synchronisaties van andere gebruikers maakten contactpersonen aan in dit bedrijf gedurende de hele tijd dat deze uitvoering op haar beurt wachtte} other {iemand anders heeft intussen een contactpersoon met hetzelfde e-mailadres aangemaakt, en de volgende synchronisatie koppelt ze}}.',
  runError_unexpected:
    'De uitvoering stopte door een onverwachte fout ({name}); het serverlogboek bevat de details.',
  storeRefusal:
    'De synchronisatiestatus kan dit niet opslaan: {kind, select, scopeFull {de map zou meer {list, select, links {gesynchroniseerde contactpersonen} skipped {overgeslagen contactpersonen} pending {contactpersonen die worden aangemaakt} other {conflicten}} bevatten dan één map mag bevatten ({max, number}); beperk het filter in de instellingen zodat minder contactpersonen worden gesynchroniseerd} outlookIdTaken {Outlook-contact {outlookId} is in deze map al gesynchroniseerd met een ander Business Central-contact} duplicateInBatch {{field} {key} kwam twee keer voor in één opslag} invalidTime {{value} is geen geldig tijdstip (ISO 8601, UTC)} other {de waarde bij {at} bevat een teken dat niet kan worden opgeslagen (U+0000 of een beschadigd teken)}}',
  skipHint_outOfScope: '{hints}',
  skipHint_bcContactOutOfScope: '{hints} Of verwijder het Outlook-contact.',
  skipHint_bcContactDeleted:
    'Het Business Central-contact is verwijderd. Om de persoon te behouden: maak het contact opnieuw aan in Business Central (de volgende synchronisatie brengt het naar Outlook) en verwijder dit Outlook-contact; verwijder het anders gewoon.',
  skipHint_duplicateOfLinked: 'Verwijder dit Outlook-contact: een andere kopie ervan is al gesynchroniseerd.',
  skipHint_wouldLeaveScope:
    'Maak die wijziging in Outlook ongedaan, of breng ze aan in Business Central als het contact niet meer moet worden gesynchroniseerd.',
  skipHint_missingName: 'Geef het Outlook-contact een naam.',
  skipHint_missingEmail: 'Voeg een e-mailadres toe aan het Outlook-contact.',
  skipHint_tooLong: 'Kort {field} in tot maximaal {max, plural, one {# teken} other {# tekens}}.',
  skipHint_lineBreak: 'Verwijder het regeleinde uit {field}.',
  skipHint_phoneLetters: 'Schrijf {field} zonder letters (alleen cijfers).',
  skipHint_streetLines:
    'Kort het straatadres in Outlook in tot {max, plural, one {# regel} other {# regels}}. De eerste gaat naar {address}, de tweede naar {address2}.',
  skipHint_invalidEmail: 'Verbeter {field} tot een geldig e-mailadres.',
  skipHint_outlookListFull:
    'Verwijder in Outlook {list, select, businessPhones {een zakelijk telefoonnummer} other {een e-mailadres}} dat het contact niet meer nodig heeft; de volgende synchronisatie voegt {field} dan toe.',
  skipHint_unknownCountry:
    'Vul in {field} een code uit de lijst Landen/regio’s van Business Central in (bijvoorbeeld NL) of de naam van het land.',
  skipHint_duplicateEmailInOutlook:
    'Geef elk Outlook-contact een eigen e-mailadres, of voeg de duplicaten samen.',
  skipHint_duplicateEmailInBc:
    'Maak het e-mailadres uniek in Business Central zodat het Outlook-contact kan worden gekoppeld.',
  skipHint_emailInConflict:
    'Los dat conflict op: {held, select, email {het e-mailadres van Business Central behouden laat dit contact synchroniseren; dat van Outlook behouden wordt geweigerd zolang dit contact het adres heeft.} other {Outlook behouden koppelt de kopie aan dit contact, Business Central behouden verwijdert de kopie.}}',
  skipHint_writeFailed:
    'Dit wordt bij de volgende synchronisatie opnieuw geprobeerd; blijft het mislukken, controleer dan de waarden van het contact.',
  skipHint_unstorableText:
    'Typ {property} van het contact opnieuw in {side, select, bc {Business Central} other {Outlook}}. Tot dan blijft het contact aan beide kanten zoals het is.',
  scopeHint_noEmail: 'Voeg in Business Central een e-mailadres toe aan het contact.',
  scopeHint_noName: 'Geef het contact een naam in Business Central.',
  scopeHint_companyContact:
    'Alleen contacten van het type Persoon worden gesynchroniseerd; bedrijfscontacten blijven in Business Central.',
  scopeHint_privacyBlocked:
    'Hef de privacyblokkering van het contact in Business Central op als het gedeeld mag worden.',
  scopeHint_excludedByFilter:
    'Wijzig het contact, of het synchronisatiefilter in de instellingen ({fields}).',
  expected_value: 'een waarde',
  expected_valueAfter: 'een waarde na {token}',
  expected_noWildcards: 'een waarde zonder jokertekens (* of ?)',
  expected_closingQuote: "een sluitend aanhalingsteken (')",
  expected_closeParen: "')' om deze '(' te sluiten",
  expected_operatorOrEnd: "'|', '&' of het einde van de expressie",
  expected_operatorParenOrEnd: "'|', '&', ')' of het einde van de expressie",
  expected_operatorOrClose: "'|', '&' of ')' om '(' op positie {position} te sluiten",
  expected_maxNesting: 'maximaal {max, plural, one {# genest haakje} other {# geneste haakjes}}',
  expected_maxLength: 'maximaal {max, plural, one {# teken} other {# tekens}}',
  expected_maxValues: 'maximaal {max, plural, one {# waarde} other {# waarden}}',
  expected_maxWork:
    'maximaal {max, plural, one {# tekenvergelijking} other {# tekenvergelijkingen}} per contact',
  filterTooCostly:
    'het hele filter vraagt tot {estimate, plural, one {# tekenvergelijking} other {# tekenvergelijkingen}} per contact (maximaal {max, number}); dit veld kost het meest: gebruik hier minder waarden of minder ?-jokertekens',
  expected_filterField: 'een van: {fields}',
  expected_text: 'een filterexpressie (tekst)',
  problem_blank: 'mag niet leeg zijn',
  problem_tooLong: 'mag maximaal {max, plural, one {# teken} other {# tekens}} hebben',
  problem_invisibleCharacter:
    'mag het onzichtbare teken {codePoint} niet bevatten (tekens zonder breedte en voor tekstrichting laten namen er hetzelfde uitzien)',
  problem_scheduleRange:
    'moet 0 (uit) zijn of tussen {min, number} en {max, plural, one {# minuut} other {# minuten}} liggen',
  problem_shareRange: 'moet tussen {min, number, percent} en {max, number, percent} liggen',
  field_displayName: 'Naam',
  field_type: 'Soort',
  field_companyName: 'Bedrijfsnaam',
  field_companyNumber: 'Bedrijfsnr.',
  field_city: 'Plaats',
  field_state: 'Provincie',
  field_postalCode: 'Postcode',
  field_country: 'Land-/regiocode',
  field_territoryCode: 'Rayoncode',
  field_salespersonCode: 'Verkoperscode',
  field_jobTitle: 'Functie',
  field_number: 'Nr.',
  field_email: 'E-mail',
  field_firstName: 'Voornaam',
  field_middleName: 'Tussenvoegsel',
  field_surname: 'Achternaam',
  field_initials: 'Initialen',
  field_email2: 'E-mail 2',
  field_phoneNumber: 'Telefoonnr.',
  field_mobilePhoneNumber: 'Mobiel telefoonnr.',
  field_faxNumber: 'Faxnr.',
  field_website: 'Homepage',
  field_addressLine1: 'Adres',
  field_addressLine2: 'Adres 2',
  // A run's phase and its count: the pane and the CLI word progress from these (one wording).
  phase_reading: 'Contacten lezen',
  phase_planning: 'Plannen',
  phase_bc: 'Schrijven naar Business Central',
  phase_outlook: 'Schrijven naar Outlook',
  phase_links: 'Koppelingen opslaan',
  progressCount_reading:
    '{done, plural, =0 {Business Central en Outlook worden gelezen} =1 {Business Central gelezen, Outlook wordt gelezen} other {Business Central en Outlook gelezen}}',
  progressCount_planning: 'Stap {done, number} van {total, number}',
  progressCount_bc: '{done, number} van {total, plural, one {# contact} other {# contacten}}',
  progressCount_outlook: '{done, number} van {total, plural, one {# contact} other {# contacten}}',
  progressCount_links:
    '{done, number} van {total, plural, one {# contact gekoppeld} other {# contacten gekoppeld}}',
  waiting_createTurn:
    'Wachten tot een andere synchronisatie van dit bedrijf haar contacten in Business Central heeft gemaakt (uiterlijk tot {time}).',
  waiting_outlookThrottled: 'Wachten op Outlook: het postvak vroeg ons langzamer te gaan. Verder om {time}.',
  waiting_outlookPaced:
    'Wachten op Outlook: binnen de aanvraaglimiet van het postvak blijven. Verder om {time}.',
  waiting_outlookRetry: 'Wachten op Outlook: een aanvraag mislukte even. Opnieuw om {time}.',
  waiting_bcThrottled: 'Wachten op Business Central: het vroeg ons langzamer te gaan. Verder om {time}.',
  waiting_bcRetry: 'Wachten op Business Central: een aanvraag mislukte even. Opnieuw om {time}.',
  waiting_syncThrottled:
    'Wachten op de synchronisatieservice: die vroeg ons langzamer te gaan. Verder om {time}.',
  waiting_syncRetry: 'Wachten op de synchronisatieservice: een aanvraag mislukte even. Opnieuw om {time}.',
  runRefusal:
    '{kind, select, folderSettling {De laatste synchronisatie van deze map (run {runId}) is gestopt terwijl verzonden wijzigingen nog konden aankomen. Zodat geen contact twee keer wordt gemaakt, kan de volgende synchronisatie starten vanaf {time}.} runIdTaken {Er bestaat al een run met id {runId}.} other {Er loopt al een synchronisatie voor deze map (run {runId}).{timed, select, yes { Als die is gestopt zonder te eindigen (het venster werd tijdens de synchronisatie gesloten), kan de volgende synchronisatie starten vanaf {time}.} other {}}}}',
  httpRefusal_RunNotFound: 'Er is geen run {runId}.',
  httpRefusal_RunNotActive:
    '{cause, select, ended {Run {runId} is al beëindigd.} other {Run {runId} wordt niet in dit proces uitgevoerd.}}',
  httpRefusal_PlanNotAvailable:
    'Run {runId} heeft geen plan om te tonen: {cause, select, notDryRun {alleen voorbeelden bewaren hun plan} stillPlanning {de run is nog aan het plannen} other {het plan is niet meer in het geheugen}}.',
  httpRefusal_CreateTurnBusy:
    'Andere synchronisaties maken op dit moment contactpersonen aan in het Business Central van dit bedrijf, dus er is niets toegevoegd. Probeer het over een minuut opnieuw.',
  httpRefusal_SyncNotConfigured:
    'Deze service heeft geen synchronisatieomgeving (toegang tot Business Central en Outlook).',
  httpRefusal_TooManySyncFolders:
    'De synchronisatiestatus van de gebruiker bevat al {max, plural, one {# map} other {# mappen}}, het maximum voor één gebruiker; schrijven naar een andere map wordt geweigerd.',
  httpRefusal_RunCancelRequested:
    'Er is gevraagd deze run te annuleren: niets van de opslag is bewaard; beëindig de run (het einde wordt bewaard).',
  httpRefusal_LeaseLost:
    'Deze run houdt zijn map niet meer vast (een andere synchronisatie heeft de map overgenomen): niets van het schrijven is bewaard.',
  httpRefusal_BcWriteFailed:
    '{answered, select, no {Business Central gaf geen antwoord toen het contact werd gemaakt.} other {Business Central heeft het contact geweigerd: {bcMessage}}}',
  httpRefusal_Forbidden_OtherUser:
    'De gebruiker van het token heeft alleen toegang tot zijn eigen synchronisatiestatus.',
};

export default nl;
