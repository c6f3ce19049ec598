import type { CodeCatalog } from './en.js';

/** Svenska: codes and field captions; terms from the BC documentation in this language. */
const sv: CodeCatalog = {
  filterErrorAt: 'Position {position}: förväntade {expected}',
  filterUnknownField: '”{field}” är inget filterfält: använd något av: {fields}',
  reason_noEmail: 'ingen e-postadress',
  reason_noName: 'inget namn',
  reason_companyContact: 'företagskontakt',
  reason_privacyBlocked: 'sekretessblockerad',
  reason_excludedByFilter: 'undantagen av filtret: {fields}',
  deletion_bcDeleted: 'Borttagen i Business Central, ändrad i Outlook',
  deletion_outOfScope: 'Utanför omfånget i Business Central ({reasons}), ändrad i Outlook',
  resolve_alreadyResolved:
    'Konflikten för kontakt {bcId} {by, select, dismiss {avfärdades} other {löstes}} i ett annat fönster medan du valde; inget mer skrevs. Uppdatera listan för att se vad den innehåller nu.',
  resolve_conflictNotFound: 'Ingen konflikt finns sparad för kontakt {bcId}; uppdatera listan.',
  resolve_contactMissing:
    '{side, select, bc {Business Central-kontakten} other {Outlook-kontakten}} {id} finns inte längre; synkronisera först.',
  resolve_wholeContactOnly: 'Kontakten togs bort i Business Central: välj en sida för hela kontakten.',
  resolve_notInConflict: 'De här fälten är inte i konflikt: {fields}.',
  resolve_notSettled: 'Bara konflikter som regeln avgjort kan godkännas; välj en sida för {fields}.',
  resolve_nothingSettled: 'Inget som regeln avgjort finns kvar att godkänna; välj en sida för de övriga.',
  resolve_invalidForBc: 'Business Central kan inte lagra de här värdena: {reasons}.',
  resolve_changedSinceShown:
    'Ändrat igen sedan konflikten visades: {fields}. Inget skrevs; konflikten visar nu vad varje sida innehåller. Kontrollera och välj igen.',
  resolve_changedSinceShownOutlookOnly:
    'Outlook-kontakten har sedan konflikten visades ändrat värden som Business Central saknar fält för. Inget togs bort; konflikten visar dem nu. Kontrollera och välj igen.',
  resolve_stale:
    '{side, select, bc {Business Central-kontakten} other {Outlook-kontakten}} ändrades igen under lösningen; synkronisera och försök igen.',
  resolve_writeFailed:
    'Skrivningen till {side, select, bc {Business Central} other {Outlook}} misslyckades: {message}',
  bcContactRef: '{name} (nr {number})',
  skip_outOfScope: 'utanför omfånget: {reasons}',
  skip_bcContactOutOfScope: 'dess Business Central-kontakt {contact} är utanför omfånget: {reasons}',
  skip_bcContactDeleted: 'dess Business Central-kontakt har tagits bort',
  skip_duplicateOfLinked:
    'en andra kopia av Business Central-kontakten {contact}, som redan synkas med en annan Outlook-kontakt',
  skip_wouldLeaveScope:
    'ändringen i Outlook skulle ta den utanför omfånget ({reasons}); Business Central behöll sina värden',
  skip_missingName: 'inget namn',
  skip_missingEmail: 'ingen e-postadress',
  skip_tooLong:
    '{field} är {length, plural, one {# tecken} other {# tecken}}; Business Central rymmer {max, number}',
  skip_lineBreak: '{field} har en radbrytning som Business Central inte kan lagra',
  skip_phoneLetters: '{field} innehåller bokstäver, som Business Central inte godtar i ett telefonnummer',
  skip_streetLines:
    'gatuadressen i Outlook har {lines, plural, one {# rad} other {# rader}}; Business Central lagrar {max, number} ({address} och {address2})',
  skip_invalidEmail: '{field} är inte en giltig e-postadress',
  skip_outlookListFull:
    'Outlook har redan {list, select, businessPhones {{max, plural, one {# arbetstelefon} other {# arbetstelefoner}}} other {{max, plural, one {# e-postadress} other {# e-postadresser}}}} för kontakten, så {field} ”{value}” från Business Central lades inte till; det väntar tills det finns plats',
  skip_unknownCountry: '{field} ”{value}” är inte ett land eller en region som Business Central känner till',
  skip_duplicateEmailInOutlook:
    '{n, plural, one {# Outlook-kontakt har} other {# Outlook-kontakter delar}} e-postadressen {email}',
  skip_duplicateEmailInBc:
    '{n, plural, one {# Business Central-kontakt har} other {# Business Central-kontakter delar}} e-postadressen {email}',
  skip_emailInConflict:
    'dess e-postadress {email} {held, select, email {är Outlook-sidans värde i en annan kontakts öppna konflikt om e-postadressen} other {finns på Outlook-kopian av en borttagen kontakt vars konflikt är öppen}}',
  skip_writeFailed: 'kunde inte skrivas: {message}',
  skip_unstorableText:
    '{property} i {side, select, bc {Business Central} other {Outlook}} innehåller ett tecken som inte kan sparas (ett trasigt tecken eller U+0000)',
  portError:
    '{error, select, stale {den ändrades igen under synkroniseringen; den lämnas till nästa synkronisering} notFound {den finns inte längre där} invalid {tjänsten avvisade dess värden} throttled {tjänsten bad om att vänta} unknownOutcome {inget svar kom, så den kontrolleras vid nästa synkronisering} signInRefused {din inloggning godkändes inte längre (den har gått ut eller återkallats): stäng tillägget och öppna det igen för att logga in igen, och synkronisera sedan igen} other {tjänsten var inte tillgänglig}}{detail}',
  runError_writeFailed:
    'En kontakt kunde inte skrivas till {side, select, bc {Business Central} other {Outlook}}: {reason}',
  runError_readFailed:
    '{port, select, bc {Business Central} outlook {Outlook} other {Business Central eller Outlook}}: {what, select, folder {synkmappen kunde inte hittas eller skapas} countries {listan över länder/regioner kunde inte läsas} write {kontakterna kunde inte skrivas} other {kontakterna kunde inte läsas}}: {reason}',
  runError_storeRefused:
    'Synkroniseringens tillstånd kunde inte sparas: {refusal, select, scopeFull {mappen skulle rymma fler {list, select, links {synkroniserade kontakter} skipped {överhoppade kontakter} pending {kontakter som håller på att skapas} other {konflikter}} än en mapp får rymma ({max, number}); begränsa filtret i inställningarna så att färre kontakter synkroniseras} unstorableText {ett värde innehåller ett tecken som inte kan sparas} outlookIdTaken {en Outlook-kontakt är redan synkroniserad med en annan kontakt} duplicateInBatch {samma kontakt kom två gånger i en sparning} other {en tidpunkt var ogiltig}}',
  runError_accessRevoked:
    'Din åtkomst till {company, select, none {Business Central-företaget} other {Business Central-företaget {company}}} togs bort medan synkroniseringen pågick, så den stoppades; det som redan hade skrivits finns kvar. Be en administratör att ge dig åtkomst igen och synkronisera sedan på nytt.',
  runError_storeFailed: 'Synkroniseringens tillstånd på servern kunde inte läsas eller sparas: {reason}',
  runError_signInFailed:
    'Ingen inloggningstoken kunde hämtas för synkroniseringen{detail}: stäng tillägget och öppna det igen för att logga in på nytt, och synkronisera sedan igen; om det fortsätter, kontakta administratören.',
  runError_leaseLost:
    '{cause, select, unanswered {Synkroniseringens tillstånd på servern svarade inte på {seconds, number} s, så den här synkroniseringen kunde inte längre vara säker på att den ensam hade mappen; den stoppades för att inte skriva två gånger. Synkronisera igen.} other {En annan synkronisering tog över mappen; den här stoppades för att inte skriva två gånger.}}',
  runError_held:
    '{kind, select, bcEmpty {Business Central returnerade inga kontakter för den här mappen, så den här körningen skulle ta bort {synced, plural, one {den enda kontakten} other {alla # kontakter}} som synkas till Outlook-mappen. Inget har skrivits ännu.} other {Körningen skulle ta bort {deletes, number} av {synced, plural, one {# kontakt} other {# kontakter}} som synkas till Outlook-mappen ({share, number, percent}); gränsen är {limit, number, percent}. Inget har skrivits än.}}',
  runError_folderMoveHeld:
    '{held, plural, one {# kontakt} other {# kontakter}} i "{from}" har värden som Business Central inte har ännu (öppna eller avgjorda konflikter, överhoppade eller osynkroniserade ändringar), så synkroniseringen flyttade inte till "{to}": att ta bort {held, plural, one {den} other {dem}} skulle förlora de värdena. "{from}" synkroniserades; lös {held, plural, one {den} other {dem}} och synkronisera igen för att flytta.',
  runError_companyChanged:
    'Kontakterna i den här Outlook-mappen är synkroniserade med ett annat Business Central-företag ({from}) än det som den här synkroniseringen kan använda nu ({to}), så synkroniseringen stoppades innan något lästes eller skrevs: att synkronisera det andra företaget skulle ta bort alla synkroniserade kontakter från mappen. Be en administratör att ge dig åtkomst till företaget {from} igen.',
  runError_cancelled: 'Körningen avbröts innan den var klar; det som redan hade skrivits finns kvar.',
  runError_folderNameTaken:
    'Outlook har {named, select, yes {en mapp med namnet "{folderName}"} other {en mapp med namnet i inställningarna}} som inte innehåller kontakter (en e-post-, kalender- eller uppgiftsmapp), så synkroniseringsmappen kan inte skapas med det namnet: byt namn på den mappen i Outlook eller välj ett annat mappnamn i inställningarna och synkronisera sedan igen.',
  runError_interrupted:
    'Körningen avbröts: {by, select, shutdown {dess värd stängdes av} other {dess process stoppades}} innan den var klar.',
  run_uncertain:
    '{count, plural, one {# ändring} other {Upp till # ändringar}} kan ha skickats utan svar och kan ha genomförts; nästa synkronisering kontrollerar {count, plural, one {den} other {dem}}. Synkronisera igen innan du själv lägger till eller ändrar {count, plural, one {den kontakten} other {de kontakterna}}, så att inget skrivs två gånger.',
  run_written:
    '{side, select, bc {Business Central} other {Outlook}}: {created, plural, one {# skapad} other {# skapade}}, {updated, plural, one {# uppdaterad} other {# uppdaterade}}, {deleted, plural, one {# borttagen} other {# borttagna}}',
  run_nothingWritten: 'Inget skrevs.',
  run_deferred:
    '{count, plural, one {# ny kontakt har} other {# nya kontakter har}} inte skapats i Business Central än; nästa synkronisering gör det: {reason, select, createTurnBusy {andra användares synkroniseringar skapade kontakter i företaget hela tiden som den här körningen väntade på sin tur} other {någon annan skapade under tiden en kontakt med samma e-postadress, och nästa synkronisering länkar ihop dem}}.',
  runError_unexpected: 'Körningen stoppades av ett oväntat fel ({name}); serverloggen har detaljerna.',
  storeRefusal:
    'Synkroniseringens tillstånd kan inte spara detta: {kind, select, scopeFull {mappen skulle rymma fler {list, select, links {synkroniserade kontakter} skipped {överhoppade kontakter} pending {kontakter som håller på att skapas} other {konflikter}} än en mapp får rymma ({max, number}); begränsa filtret i inställningarna så att färre kontakter synkroniseras} outlookIdTaken {Outlook-kontakten {outlookId} är redan synkroniserad med en annan Business Central-kontakt i den här mappen} duplicateInBatch {{field} {key} kom två gånger i en sparning} invalidTime {{value} är ingen giltig tidpunkt (ISO 8601, UTC)} other {värdet vid {at} innehåller ett tecken som inte kan sparas (U+0000 eller ett trasigt tecken)}}',
  skipHint_outOfScope: '{hints}',
  skipHint_bcContactOutOfScope: '{hints} Eller ta bort Outlook-kontakten.',
  skipHint_bcContactDeleted:
    'Dess Business Central-kontakt har tagits bort. Om personen ska finnas kvar: skapa kontakten igen i Business Central (nästa synkronisering för den till Outlook) och ta bort den här Outlook-kontakten; annars tar du bara bort den.',
  skipHint_duplicateOfLinked: 'Ta bort den här Outlook-kontakten: en annan kopia av den synkas redan.',
  skipHint_wouldLeaveScope:
    'Ångra ändringen i Outlook, eller gör den i Business Central om kontakten inte längre ska synkas.',
  skipHint_missingName: 'Ge Outlook-kontakten ett namn.',
  skipHint_missingEmail: 'Lägg till en e-postadress på Outlook-kontakten.',
  skipHint_tooLong: 'Korta {field} till högst {max, plural, one {# tecken} other {# tecken}}.',
  skipHint_lineBreak: 'Ta bort radbrytningen från {field}.',
  skipHint_phoneLetters: 'Skriv {field} utan bokstäver (endast siffror).',
  skipHint_streetLines:
    'Korta gatuadressen i Outlook till {max, plural, one {# rad} other {# rader}}. Den första hamnar i {address}, den andra i {address2}.',
  skipHint_invalidEmail: 'Rätta {field} till en giltig e-postadress.',
  skipHint_outlookListFull:
    'Ta bort {list, select, businessPhones {en arbetstelefon} other {en e-postadress}} som kontakten inte längre behöver i Outlook; nästa synkronisering lägger då till {field}.',
  skipHint_unknownCountry:
    'Ange en kod från Business Centrals lista över länder/regioner (till exempel SE) eller landets namn i {field}.',
  skipHint_duplicateEmailInOutlook:
    'Ge varje Outlook-kontakt en egen e-postadress, eller slå ihop dubbletterna.',
  skipHint_duplicateEmailInBc:
    'Gör e-postadressen unik i Business Central så att Outlook-kontakten kan matchas.',
  skipHint_emailInConflict:
    'Lös den konflikten: {held, select, email {att behålla Business Centrals e-postadress låter den här kontakten synkroniseras; att behålla Outlooks nekas så länge den här kontakten har adressen.} other {att behålla Outlook kopplar kopian till den här kontakten, att behålla Business Central tar bort kopian.}}',
  skipHint_writeFailed:
    'Ett nytt försök görs vid nästa synkronisering; om det fortsätter att misslyckas, kontrollera kontaktens värden.',
  skipHint_unstorableText:
    'Skriv om kontaktens {property} i {side, select, bc {Business Central} other {Outlook}}. Till dess lämnas kontakten som den är på båda sidor.',
  scopeHint_noEmail: 'Lägg till en e-postadress på kontakten i Business Central.',
  scopeHint_noName: 'Ge kontakten ett namn i Business Central.',
  scopeHint_companyContact:
    'Bara kontakter av typen Person synkas; företagskontakter stannar i Business Central.',
  scopeHint_privacyBlocked: 'Avmarkera Sekretessblockerad på kontakten i Business Central om den får delas.',
  scopeHint_excludedByFilter: 'Ändra kontakten, eller synkroniseringsfiltret i inställningarna ({fields}).',
  expected_value: 'ett värde',
  expected_valueAfter: 'ett värde efter {token}',
  expected_noWildcards: 'ett värde utan jokertecken (* eller ?)',
  expected_closingQuote: "ett avslutande citattecken (')",
  expected_closeParen: "')' som stänger denna '('",
  expected_operatorOrEnd: "'|', '&' eller slutet av uttrycket",
  expected_operatorParenOrEnd: "'|', '&', ')' eller slutet av uttrycket",
  expected_operatorOrClose: "'|', '&' eller ')' som stänger '(' på position {position}",
  expected_maxNesting: 'högst {max, plural, one {# nästlad parentes} other {# nästlade parenteser}}',
  expected_maxLength: 'högst {max, plural, one {# tecken} other {# tecken}}',
  expected_maxValues: 'högst {max, plural, one {# värde} other {# värden}}',
  expected_maxWork: 'högst {max, plural, one {# teckenjämförelse} other {# teckenjämförelser}} per kontakt',
  filterTooCostly:
    'hela filtret kräver upp till {estimate, plural, one {# teckenjämförelse} other {# teckenjämförelser}} per kontakt (högst {max, number}); det här fältet kostar mest: använd färre värden eller färre ?-jokertecken här',
  expected_filterField: 'något av: {fields}',
  expected_text: 'ett filteruttryck (text)',
  problem_blank: 'får inte vara tomt',
  problem_tooLong: 'får vara högst {max, plural, one {# tecken} other {# tecken}}',
  problem_invisibleCharacter:
    'får inte innehålla det osynliga tecknet {codePoint} (nollbredds- och textriktningstecken får namn att se likadana ut)',
  problem_scheduleRange:
    'måste vara 0 (av) eller mellan {min, number} och {max, plural, one {# minut} other {# minuter}}',
  problem_shareRange: 'måste vara mellan {min, number, percent} och {max, number, percent}',
  field_displayName: 'Namn',
  field_type: 'Typ',
  field_companyName: 'Företagsnamn',
  field_companyNumber: 'Företagsnr',
  field_city: 'Ort',
  field_state: 'Region',
  field_postalCode: 'Postnr',
  field_country: 'Lands-/regionkod',
  field_territoryCode: 'Distriktskod',
  field_salespersonCode: 'Säljarkod',
  field_jobTitle: 'Befattning',
  field_number: 'Nr',
  field_email: 'E-post',
  field_firstName: 'Förnamn',
  field_middleName: 'Mellannamn',
  field_surname: 'Efternamn',
  field_initials: 'Initialer',
  field_email2: 'E-post 2',
  field_phoneNumber: 'Telefonnr',
  field_mobilePhoneNumber: 'Mobiltelefonnr',
  field_faxNumber: 'Faxnr',
  field_website: 'Hemsida',
  field_addressLine1: 'Adress',
  field_addressLine2: 'Adress 2',
  // A run's phase and its count: the pane and the CLI word progress from these (one wording).
  phase_reading: 'Läser kontakter',
  phase_planning: 'Planerar',
  phase_bc: 'Skriver till Business Central',
  phase_outlook: 'Skriver till Outlook',
  phase_links: 'Sparar länkar',
  progressCount_reading:
    '{done, plural, =0 {Business Central och Outlook läses} =1 {Business Central läst, Outlook läses} other {Business Central och Outlook lästa}}',
  progressCount_planning: 'Steg {done, number} av {total, number}',
  progressCount_bc: '{done, number} av {total, plural, one {# kontakt} other {# kontakter}}',
  progressCount_outlook: '{done, number} av {total, plural, one {# kontakt} other {# kontakter}}',
  progressCount_links:
    '{done, number} av {total, plural, one {# kontakt länkad} other {# kontakter länkade}}',
  waiting_createTurn:
    'Väntar på att en annan synkronisering för det här företaget skapar sina kontakter i Business Central (som längst till {time}).',
  waiting_outlookThrottled: 'Väntar på Outlook: postlådan bad oss sakta ner. Fortsätter {time}.',
  waiting_outlookPaced:
    'Väntar på Outlook: håller oss inom postlådans gräns för begäranden. Fortsätter {time}.',
  waiting_outlookRetry: 'Väntar på Outlook: en begäran misslyckades tillfälligt. Försöker igen {time}.',
  waiting_bcThrottled: 'Väntar på Business Central: det bad oss sakta ner. Fortsätter {time}.',
  waiting_bcRetry: 'Väntar på Business Central: en begäran misslyckades tillfälligt. Försöker igen {time}.',
  waiting_syncThrottled: 'Väntar på synkroniseringstjänsten: den bad oss sakta ner. Fortsätter {time}.',
  waiting_syncRetry:
    'Väntar på synkroniseringstjänsten: en begäran misslyckades tillfälligt. Försöker igen {time}.',
  runRefusal:
    '{kind, select, folderSettling {Den senaste synkroniseringen av mappen (körning {runId}) stoppades medan ändringar den hade skickat fortfarande kunde komma fram. För att ingen kontakt ska skapas två gånger kan nästa synkronisering starta från {time}.} runIdTaken {En körning med id {runId} finns redan.} other {En synkronisering pågår redan för mappen (körning {runId}).{timed, select, yes { Om den stoppades utan att avslutas (dess fönster stängdes mitt i synkroniseringen) kan nästa synkronisering starta från {time}.} other {}}}}',
  httpRefusal_RunNotFound: 'Det finns ingen körning {runId}.',
  httpRefusal_RunNotActive:
    '{cause, select, ended {Körning {runId} har redan avslutats.} other {Körning {runId} körs inte i den här processen.}}',
  httpRefusal_PlanNotAvailable:
    'Körning {runId} har ingen plan att visa: {cause, select, notDryRun {bara förhandsgranskningar behåller sin plan} stillPlanning {körningen planerar fortfarande} other {planen finns inte längre i minnet}}.',
  httpRefusal_CreateTurnBusy:
    'Andra synkroniseringar skapar kontakter i det här företagets Business Central just nu, så inget lades till. Försök igen om en minut.',
  httpRefusal_SyncNotConfigured:
    'Den här tjänsten har ingen synkroniseringsmiljö (åtkomst till Business Central och Outlook).',
  httpRefusal_TooManySyncFolders:
    'Användarens synkroniseringstillstånd har redan {max, plural, one {# mapp} other {# mappar}}, det högsta antalet för en användare; en skrivning till en annan mapp nekas.',
  httpRefusal_RunCancelRequested:
    'Körningen ombads avbrytas: inget av sparandet lagrades; avsluta körningen (dess slut lagras).',
  httpRefusal_LeaseLost:
    'Den här körningen håller inte längre sin mapp (en annan synkronisering tog över mappen): inget av skrivningen lagrades.',
  httpRefusal_BcWriteFailed:
    '{answered, select, no {Business Central svarade inte när kontakten skapades.} other {Business Central nekade kontakten: {bcMessage}}}',
  httpRefusal_Forbidden_OtherUser: 'Tokenets användare kommer bara åt sitt eget synkroniseringstillstånd.',
};

export default sv;
