import type { CodeCatalog } from './en.js';

/** Italiano: codes and field captions; terms from the BC documentation in this language. */
const it: CodeCatalog = {
  filterErrorAt: 'Carattere {position}: previsto {expected}',
  filterUnknownField: '“{field}” non è un campo filtro: usa uno tra: {fields}',
  reason_noEmail: 'nessun indirizzo e-mail',
  reason_noName: 'nessun nome',
  reason_companyContact: 'contatto azienda',
  reason_privacyBlocked: 'bloccato per privacy',
  reason_excludedByFilter: 'escluso dal filtro: {fields}',
  deletion_bcDeleted: 'Eliminato in Business Central, modificato in Outlook',
  deletion_outOfScope: 'Fuori ambito in Business Central ({reasons}), modificato in Outlook',
  resolve_alreadyResolved:
    'Il conflitto del contatto {bcId} è stato {by, select, dismiss {chiuso} other {risolto}} in un’altra finestra mentre sceglievi; non è stato scritto altro. Aggiorna l’elenco per vedere cosa contiene ora.',
  resolve_conflictNotFound: 'Nessun conflitto registrato per il contatto {bcId}; aggiorna l’elenco.',
  resolve_contactMissing:
    'Il contatto {side, select, bc {di Business Central} other {di Outlook}} {id} non esiste più; esegui prima una sincronizzazione.',
  resolve_wholeContactOnly:
    'Questo contatto è stato eliminato in Business Central: scegli un lato per l’intero contatto.',
  resolve_notInConflict: 'Questi campi non sono in conflitto: {fields}.',
  resolve_notSettled:
    'Si possono accettare solo i conflitti risolti dalla regola; scegli un lato per {fields}.',
  resolve_nothingSettled:
    'Non resta nulla di risolto dalla regola da accettare; scegli un lato per gli altri.',
  resolve_invalidForBc: 'Business Central non può contenere questi valori: {reasons}.',
  resolve_changedSinceShown:
    'Modificato di nuovo da quando questo conflitto è stato mostrato: {fields}. Non è stato scritto nulla; il conflitto ora mostra cosa contiene ciascun lato. Controllalo e scegli di nuovo.',
  resolve_changedSinceShownOutlookOnly:
    'Il contatto di Outlook ha cambiato, da quando questo conflitto è stato mostrato, valori per cui Business Central non ha un campo. Non è stato eliminato nulla; il conflitto ora li mostra. Controllalo e scegli di nuovo.',
  resolve_stale:
    'Il contatto {side, select, bc {di Business Central} other {di Outlook}} è cambiato di nuovo durante la risoluzione; sincronizza e riprova.',
  resolve_writeFailed:
    'Scrittura in {side, select, bc {Business Central} other {Outlook}} non riuscita: {message}',
  bcContactRef: '{name} (n. {number})',
  skip_outOfScope: 'fuori ambito: {reasons}',
  skip_bcContactOutOfScope: 'il suo contatto di Business Central {contact} è fuori ambito: {reasons}',
  skip_bcContactDeleted: 'il suo contatto di Business Central è stato eliminato',
  skip_duplicateOfLinked:
    'una seconda copia del contatto di Business Central {contact}, già sincronizzato con un altro contatto di Outlook',
  skip_wouldLeaveScope:
    'la modifica in Outlook lo porterebbe fuori ambito ({reasons}); Business Central ha mantenuto i suoi valori',
  skip_missingName: 'nessun nome',
  skip_missingEmail: 'nessun indirizzo e-mail',
  skip_tooLong:
    '{field} ha {length, plural, one {# carattere} other {# caratteri}}; Business Central ne accetta {max, number}',
  skip_lineBreak: '{field} contiene un a capo che Business Central non accetta',
  skip_phoneLetters: '{field} contiene lettere, che Business Central non accetta in un numero di telefono',
  skip_streetLines:
    'la via in Outlook ha {lines, plural, one {# riga} other {# righe}}; Business Central ne conserva {max, number} ({address} e {address2})',
  skip_invalidEmail: '{field} non è un indirizzo e-mail valido',
  skip_outlookListFull:
    'Outlook contiene già {list, select, businessPhones {{max, plural, one {# telefono ufficio} other {# telefoni ufficio}}} other {{max, plural, one {# indirizzo e-mail} other {# indirizzi e-mail}}}} per questo contatto, quindi {field} «{value}» di Business Central non è stato aggiunto; attende che si liberi un posto',
  skip_unknownCountry: '{field} «{value}» non è un paese o un’area geografica noti a Business Central',
  skip_duplicateEmailInOutlook:
    '{n, plural, one {# contatto di Outlook ha} other {# contatti di Outlook condividono}} l’indirizzo e-mail {email}',
  skip_duplicateEmailInBc:
    '{n, plural, one {# contatto di Business Central ha} other {# contatti di Business Central condividono}} l’indirizzo e-mail {email}',
  skip_emailInConflict:
    'il suo indirizzo e-mail {email} {held, select, email {è il valore di Outlook di un conflitto aperto sull’e-mail di un altro contatto} other {è sulla copia di Outlook di un contatto eliminato con un conflitto aperto}}',
  skip_writeFailed: 'impossibile scriverlo: {message}',
  skip_unstorableText:
    '{property} in {side, select, bc {Business Central} other {Outlook}} contiene un carattere che non può essere salvato (un carattere danneggiato o U+0000)',
  portError:
    '{error, select, stale {è cambiato di nuovo durante la sincronizzazione; resta per la prossima sincronizzazione} notFound {non esiste più lì} invalid {il servizio ha rifiutato i suoi valori} throttled {il servizio ha chiesto di attendere} unknownOutcome {non è arrivata risposta, quindi verrà verificato alla prossima sincronizzazione} signInRefused {l’accesso non è più stato accettato (è scaduto o è stato revocato): chiudi il componente aggiuntivo e riaprilo per accedere di nuovo, poi sincronizza di nuovo} other {il servizio non era disponibile}}{detail}',
  runError_writeFailed:
    'Impossibile scrivere un contatto in {side, select, bc {Business Central} other {Outlook}}: {reason}',
  runError_readFailed:
    '{port, select, bc {Business Central} outlook {Outlook} other {Business Central o Outlook}}: {what, select, folder {impossibile trovare o creare la cartella di sincronizzazione} countries {impossibile leggere l’elenco di paesi/aree geografiche} write {impossibile scrivere i contatti} other {impossibile leggere i contatti}}: {reason}',
  runError_storeRefused:
    'Impossibile salvare lo stato della sincronizzazione: {refusal, select, scopeFull {la cartella conterrebbe più {list, select, links {contatti sincronizzati} skipped {contatti ignorati} pending {contatti in fase di creazione} other {conflitti}} di quanti una cartella ne possa contenere ({max, number}); restringi il filtro nelle impostazioni perché si sincronizzino meno contatti} unstorableText {un valore contiene un carattere che non può essere salvato} outlookIdTaken {un contatto di Outlook è già sincronizzato con un altro contatto} duplicateInBatch {lo stesso contatto è arrivato due volte in un salvataggio} other {un orario non era valido}}',
  runError_accessRevoked:
    'Il tuo accesso {company, select, none {all’azienda di Business Central} other {all’azienda di Business Central {company}}} è stato revocato durante la sincronizzazione, che si è quindi fermata; ciò che aveva già scritto resta. Chiedi a un amministratore di ridarti l’accesso, poi sincronizza di nuovo.',
  runError_storeFailed: 'Lo stato della sincronizzazione sul server non è stato letto o salvato: {reason}',
  runError_signInFailed:
    'Non è stato possibile ottenere un token di accesso per la sincronizzazione{detail}: chiudi il componente aggiuntivo e riaprilo per accedere di nuovo, poi sincronizza di nuovo; se continua a non riuscire, avvisa l’amministratore.',
  runError_leaseLost:
    '{cause, select, unanswered {Lo stato della sincronizzazione sul server non ha risposto per {seconds, number} s, quindi questa sincronizzazione non poteva più essere certa di essere la sola sulla cartella; si è fermata per non scrivere due volte. Sincronizza di nuovo.} other {Un’altra sincronizzazione ha preso questa cartella; questa si è fermata per non scrivere due volte.}}',
  runError_held:
    '{kind, select, bcEmpty {Business Central non ha restituito contatti per questa cartella, quindi questa sincronizzazione eliminerebbe {synced, plural, one {l’unico contatto sincronizzato} other {tutti i # contatti sincronizzati}} nella cartella di Outlook. Non è stato ancora scritto nulla.} other {Questa sincronizzazione eliminerebbe {deletes, number} {synced, plural, one {dell’unico contatto sincronizzato} other {dei # contatti sincronizzati}} nella cartella di Outlook ({share, number, percent}); il limite è {limit, number, percent}. Non è stato ancora scritto nulla.}}',
  runError_folderMoveHeld:
    '{held, plural, one {# contatto} other {# contatti}} in "{from}" {held, plural, one {contiene} other {contengono}} valori che Business Central non ha ancora (conflitti aperti o risolti, modifiche ignorate o non sincronizzate), quindi la sincronizzazione non è passata a "{to}": rimuoverli perderebbe quei valori. "{from}" è stato sincronizzato; risolvili e sincronizza di nuovo per spostare.',
  runError_companyChanged:
    'I contatti di questa cartella di Outlook sono sincronizzati con una società di Business Central ({from}) diversa da quella che questa sincronizzazione può usare ora ({to}), quindi la sincronizzazione si è fermata prima di leggere o scrivere qualcosa: sincronizzare l’altra società rimuoverebbe dalla cartella tutti i contatti sincronizzati. Chiedi a un amministratore di concederti di nuovo l’accesso alla società {from}.',
  runError_cancelled:
    'La sincronizzazione è stata annullata prima della fine; ciò che aveva già scritto resta.',
  runError_folderNameTaken:
    'Outlook ha {named, select, yes {una cartella denominata "{folderName}"} other {una cartella con il nome indicato nelle impostazioni}} che non contiene contatti (una cartella di posta, calendario o attività), quindi la cartella di sincronizzazione non può essere creata con quel nome: rinomina quella cartella in Outlook o scegli un altro nome di cartella nelle impostazioni, poi sincronizza di nuovo.',
  runError_interrupted:
    'L’esecuzione è stata interrotta: {by, select, shutdown {il suo host si è spento} other {il suo processo si è fermato}} prima della fine.',
  run_uncertain:
    '{count, plural, one {# modifica potrebbe essere stata inviata} other {Fino a # modifiche potrebbero essere state inviate}} senza risposta e {count, plural, one {potrebbe essere andata} other {potrebbero essere andate}} a buon fine; la prossima sincronizzazione {count, plural, one {la verifica} other {le verifica}}. Sincronizza di nuovo prima di aggiungere o modificare {count, plural, one {quel contatto} other {quei contatti}} a mano, così nulla viene scritto due volte.',
  run_written:
    '{side, select, bc {Business Central} other {Outlook}}: {created, plural, one {# creato} other {# creati}}, {updated, plural, one {# aggiornato} other {# aggiornati}}, {deleted, plural, one {# eliminato} other {# eliminati}}',
  run_nothingWritten: 'Nessuna modifica scritta.',
  run_deferred:
    '{count, plural, one {# nuovo contatto non è} other {# nuovi contatti non sono}} ancora {count, plural, one {stato creato} other {stati creati}} in Business Central; lo farà la prossima sincronizzazione: {reason, select, createTurnBusy {le sincronizzazioni di altri utenti stavano creando contatti in questa azienda per tutto il tempo in cui questa esecuzione ha atteso il suo turno} other {qualcun altro ha creato nel frattempo un contatto con lo stesso indirizzo e-mail, e la prossima sincronizzazione li collega}}.',
  runError_unexpected:
    'L’esecuzione si è fermata per un errore imprevisto ({name}); i dettagli sono nel log del server.',
  storeRefusal:
    'Lo stato della sincronizzazione non può salvare questo dato: {kind, select, scopeFull {la cartella conterrebbe più {list, select, links {contatti sincronizzati} skipped {contatti ignorati} pending {contatti in fase di creazione} other {conflitti}} di quanti una cartella ne possa contenere ({max, number}); restringi il filtro nelle impostazioni perché si sincronizzino meno contatti} outlookIdTaken {il contatto di Outlook {outlookId} è già sincronizzato con un altro contatto di Business Central in questa cartella} duplicateInBatch {{field} {key} è arrivato due volte in un salvataggio} invalidTime {{value} non è un orario valido (ISO 8601, UTC)} other {il valore in {at} contiene un carattere che non può essere salvato (U+0000 o un carattere danneggiato)}}',
  skipHint_outOfScope: '{hints}',
  skipHint_bcContactOutOfScope: '{hints} Oppure elimina il contatto di Outlook.',
  skipHint_bcContactDeleted:
    'Il suo contatto di Business Central è stato eliminato. Per mantenere la persona, crea di nuovo il contatto in Business Central (la prossima sincronizzazione lo porta in Outlook) ed elimina questo contatto di Outlook; altrimenti eliminalo e basta.',
  skipHint_duplicateOfLinked: 'Elimina questo contatto di Outlook: un’altra copia è già sincronizzata.',
  skipHint_wouldLeaveScope:
    'Annulla la modifica in Outlook, oppure effettuala in Business Central se il contatto non deve più essere sincronizzato.',
  skipHint_missingName: 'Assegna un nome al contatto di Outlook.',
  skipHint_missingEmail: 'Aggiungi un indirizzo e-mail al contatto di Outlook.',
  skipHint_tooLong: 'Accorcia {field} a non più di {max, plural, one {# carattere} other {# caratteri}}.',
  skipHint_lineBreak: 'Rimuovi l’a capo da {field}.',
  skipHint_phoneLetters: 'Scrivi {field} senza lettere (solo cifre).',
  skipHint_streetLines:
    'Riduci la via in Outlook a {max, plural, one {# riga} other {# righe}}. La prima va in {address}, la seconda in {address2}.',
  skipHint_invalidEmail: 'Correggi {field} con un indirizzo e-mail valido.',
  skipHint_outlookListFull:
    'Rimuovi in Outlook {list, select, businessPhones {un telefono ufficio} other {un indirizzo e-mail}} che il contatto non usa più; la sincronizzazione successiva aggiungerà {field}.',
  skipHint_unknownCountry:
    'Inserisci in {field} un codice dell’elenco Paesi/aree geografiche di Business Central (ad esempio IT) o il nome del paese.',
  skipHint_duplicateEmailInOutlook:
    'Assegna a ogni contatto di Outlook un proprio indirizzo e-mail, oppure unisci i duplicati.',
  skipHint_duplicateEmailInBc:
    'Rendi univoco l’indirizzo e-mail in Business Central, così il contatto di Outlook può essere abbinato.',
  skipHint_emailInConflict:
    'Risolvi quel conflitto: {held, select, email {mantenere l’e-mail di Business Central permette di sincronizzare questo contatto; mantenere quella di Outlook è rifiutato finché questo contatto ha l’indirizzo.} other {mantenere Outlook associa la copia a questo contatto, mantenere Business Central elimina la copia.}}',
  skipHint_writeFailed:
    'Verrà ritentato alla prossima sincronizzazione; se continua a non riuscire, controlla i valori del contatto.',
  skipHint_unstorableText:
    'Riscrivi {property} del contatto in {side, select, bc {Business Central} other {Outlook}}. Fino ad allora il contatto resta com’è su entrambi i lati.',
  scopeHint_noEmail: 'Aggiungi un indirizzo e-mail al contatto in Business Central.',
  scopeHint_noName: 'Assegna un nome al contatto in Business Central.',
  scopeHint_companyContact:
    'Vengono sincronizzati solo i contatti di tipo Persona; i contatti azienda restano in Business Central.',
  scopeHint_privacyBlocked:
    'Rimuovi il blocco per privacy dal contatto in Business Central se può essere condiviso.',
  scopeHint_excludedByFilter:
    'Modifica il contatto, oppure il filtro di sincronizzazione nelle impostazioni ({fields}).',
  expected_value: 'un valore',
  expected_valueAfter: 'un valore dopo {token}',
  expected_noWildcards: 'un valore senza caratteri jolly (* o ?)',
  expected_closingQuote: "un apice di chiusura (')",
  expected_closeParen: "')' per chiudere questa '('",
  expected_operatorOrEnd: "'|', '&' o la fine dell’espressione",
  expected_operatorParenOrEnd: "'|', '&', ')' o la fine dell’espressione",
  expected_operatorOrClose: "'|', '&' o ')' per chiudere '(' al carattere {position}",
  expected_maxNesting: 'al massimo {max, plural, one {# parentesi annidata} other {# parentesi annidate}}',
  expected_maxLength: 'al massimo {max, plural, one {# carattere} other {# caratteri}}',
  expected_maxValues: 'al massimo {max, plural, one {# valore} other {# valori}}',
  expected_maxWork:
    'al massimo {max, plural, one {# confronto di caratteri} other {# confronti di caratteri}} per contatto',
  filterTooCostly:
    'l’intero filtro richiede fino a {estimate, plural, one {# confronto di caratteri} other {# confronti di caratteri}} per contatto (al massimo {max, number}); questo campo è il più costoso: usa qui meno valori o meno caratteri jolly ?',
  expected_filterField: 'uno tra: {fields}',
  expected_text: 'un’espressione di filtro (testo)',
  problem_blank: 'non può essere vuoto',
  problem_tooLong: 'può avere al massimo {max, plural, one {# carattere} other {# caratteri}}',
  problem_invisibleCharacter:
    'non può contenere il carattere invisibile {codePoint} (i caratteri a larghezza zero e di direzione del testo rendono i nomi indistinguibili)',
  problem_scheduleRange:
    'deve essere 0 (disattivata) o tra {min, number} e {max, plural, one {# minuto} other {# minuti}}',
  problem_shareRange: 'deve essere tra {min, number, percent} e {max, number, percent}',
  field_displayName: 'Nome',
  field_type: 'Tipo',
  field_companyName: 'Nome società',
  field_companyNumber: 'N. società',
  field_city: 'Città',
  field_state: 'Provincia',
  field_postalCode: 'CAP',
  field_country: 'Codice paese/area',
  field_territoryCode: 'Codice zona',
  field_salespersonCode: 'Codice venditore',
  field_jobTitle: 'Posizione',
  field_number: 'N.',
  field_email: 'E-mail',
  field_firstName: 'Nome proprio',
  field_middleName: 'Secondo nome',
  field_surname: 'Cognome',
  field_initials: 'Iniziali',
  field_email2: 'E-mail 2',
  field_phoneNumber: 'N. telefono',
  field_mobilePhoneNumber: 'N. cellulare',
  field_faxNumber: 'N. fax',
  field_website: 'Home page',
  field_addressLine1: 'Indirizzo',
  field_addressLine2: 'Indirizzo 2',
  // A run's phase and its count: the pane and the CLI word progress from these (one wording).
  phase_reading: 'Lettura dei contatti',
  phase_planning: 'Pianificazione',
  phase_bc: 'Scrittura in Business Central',
  phase_outlook: 'Scrittura in Outlook',
  phase_links: 'Salvataggio dei collegamenti',
  progressCount_reading:
    '{done, plural, =0 {Lettura di Business Central e Outlook in corso} =1 {Business Central letto, lettura di Outlook in corso} other {Business Central e Outlook letti}}',
  progressCount_planning: 'Passaggio {done, number} di {total, number}',
  progressCount_bc: '{done, number} di {total, plural, one {# contatto} other {# contatti}}',
  progressCount_outlook: '{done, number} di {total, plural, one {# contatto} other {# contatti}}',
  progressCount_links:
    '{done, number} di {total, plural, one {# contatto collegato} other {# contatti collegati}}',
  waiting_createTurn:
    'In attesa che un’altra sincronizzazione di questa società finisca di creare i suoi contatti in Business Central (al massimo fino alle {time}).',
  waiting_outlookThrottled:
    'In attesa di Outlook: la cassetta postale ha chiesto di rallentare. Ripresa alle {time}.',
  waiting_outlookPaced:
    'In attesa di Outlook: rispetto del limite di richieste della cassetta postale. Ripresa alle {time}.',
  waiting_outlookRetry:
    'In attesa di Outlook: una richiesta non è riuscita per un momento. Nuovo tentativo alle {time}.',
  waiting_bcThrottled: 'In attesa di Business Central: ha chiesto di rallentare. Ripresa alle {time}.',
  waiting_bcRetry:
    'In attesa di Business Central: una richiesta non è riuscita per un momento. Nuovo tentativo alle {time}.',
  waiting_syncThrottled:
    'In attesa del servizio di sincronizzazione: ha chiesto di rallentare. Ripresa alle {time}.',
  waiting_syncRetry:
    'In attesa del servizio di sincronizzazione: una richiesta non è riuscita per un momento. Nuovo tentativo alle {time}.',
  runRefusal:
    '{kind, select, folderSettling {L’ultima sincronizzazione di questa cartella (esecuzione {runId}) è stata interrotta mentre le modifiche inviate potevano ancora arrivare. Perché nessun contatto venga creato due volte, la prossima sincronizzazione potrà iniziare a partire da {time}.} runIdTaken {Esiste già un’esecuzione con id {runId}.} other {È già in corso una sincronizzazione per questa cartella (esecuzione {runId}).{timed, select, yes { Se si è fermata senza terminare (la sua finestra è stata chiusa durante la sincronizzazione), la prossima sincronizzazione potrà iniziare a partire da {time}.} other {}}}}',
  httpRefusal_RunNotFound: 'Nessuna esecuzione {runId}.',
  httpRefusal_RunNotActive:
    '{cause, select, ended {L’esecuzione {runId} è già terminata.} other {L’esecuzione {runId} non è in corso in questo processo.}}',
  httpRefusal_PlanNotAvailable:
    'L’esecuzione {runId} non ha un piano da mostrare: {cause, select, notDryRun {solo le anteprime conservano il piano} stillPlanning {l’esecuzione sta ancora pianificando} other {il piano non è più in memoria}}.',
  httpRefusal_CreateTurnBusy:
    'Altre sincronizzazioni stanno creando contatti nel Business Central di questa società in questo momento, quindi non è stato aggiunto nulla. Riprova tra un minuto.',
  httpRefusal_SyncNotConfigured:
    'Questo servizio non ha un ambiente di sincronizzazione (accesso a Business Central e Outlook).',
  httpRefusal_TooManySyncFolders:
    'Lo stato di sincronizzazione dell’utente contiene già {max, plural, one {# cartella} other {# cartelle}}, il massimo per un utente; la scrittura in un’altra cartella è rifiutata.',
  httpRefusal_RunCancelRequested:
    'È stato chiesto di annullare questa esecuzione: nulla del salvataggio è stato memorizzato; termina l’esecuzione (la sua fine viene memorizzata).',
  httpRefusal_LeaseLost:
    'Questa esecuzione non tiene più la sua cartella (un’altra sincronizzazione l’ha presa): nulla della scrittura è stato memorizzato.',
  httpRefusal_BcWriteFailed:
    '{answered, select, no {Business Central non ha risposto quando il contatto è stato creato.} other {Business Central ha rifiutato il contatto: {bcMessage}}}',
  httpRefusal_Forbidden_OtherUser:
    'L’utente del token può accedere solo al proprio stato di sincronizzazione.',
};

export default it;
