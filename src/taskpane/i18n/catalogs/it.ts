import type { PaneCatalog } from './en.js';

/** Italiano: the pane; terms from the BC documentation in this language. */
const it: PaneCatalog = {
  appTitle: 'Sincronizzazione contatti per Business Central',
  loading: 'Caricamento…',
  signedInAs: 'Accesso come {user}',
  demoUser: 'Utente demo',
  validateConnection: 'Verifica connessione',
  checking: 'Verifica in corso…',
  mailboxOk: 'Cassetta postale raggiunta; cartella "{folder}" pronta.',
  mailboxFailed: 'Verifica della cassetta postale non riuscita: {message}',
  bcOk: 'Business Central raggiunto: {company}',
  bcFailed: 'Verifica di Business Central non riuscita: {message}',
  lastSyncNone: 'Ultima sincronizzazione: Non ancora sincronizzato',
  nextRunOff: 'Sincronizzazione pianificata disattivata',
  nextRunServerOff:
    'La sincronizzazione pianificata ogni {unit, select, day {{n, plural, one {giorno} other {# giorni}}} hour {{n, plural, one {ora} other {# ore}}} other {{n, plural, one {minuto} other {# minuti}}}} è impostata, ma questo server non esegue sincronizzazioni pianificate',
  nextRunAfterSave:
    'La sincronizzazione pianificata ogni {unit, select, day {{n, plural, one {giorno} other {# giorni}}} hour {{n, plural, one {ora} other {# ore}}} other {{n, plural, one {minuto} other {# minuti}}}} inizia quando salvi le impostazioni',
  syncSection: 'Sincronizzare i contatti',
  settingsSection: 'Setup sincronizzazione contatti',
  conflictsSection:
    'Conflitti ({open, plural, one {# aperto} other {# aperti}}, {settled, plural, one {# risolto} other {# risolti}})',
  skippedSection: 'Contatti ignorati ({n, number})',
  skippedSides:
    '{bc, plural, one {# contatto di Business Central} other {# contatti di Business Central}} e {outlook, plural, one {# contatto di Outlook} other {# contatti di Outlook}}; le impostazioni contano solo i contatti di Business Central.',
  senderSection: 'Questo mittente',
  historySection: 'Cronologia',
  folderName: 'Nome cartella',
  filterTitle: 'Filtro',
  filterHint: "Sintassi dei filtri di Business Central, ad esempio Roma|Milano, A*, <>'''', 1000..1999.",
  filterField: 'Campo filtro',
  addFilter: 'Aggiungi filtro',
  removeFilter: 'Rimuovi filtro {field}',
  matchCount:
    '{matching, number} {total, plural, one {contatto su #} other {contatti su #}} {matching, plural, one {corrisponde} other {corrispondono}}, {out, number} fuori ambito',
  matchChecking: 'Conteggio dei contatti corrispondenti…',
  matchFilterInvalid: 'Correggi il filtro per vedere quanti contatti corrispondono.',
  conflictPolicy: 'Quando entrambi i lati hanno modificato un campo',
  policy_bcWins: 'Prevale Business Central',
  policy_outlookWins: 'Prevale Outlook',
  policy_manual: 'Chiedi a me',
  scheduleMinutes: 'Sincronizzazione pianificata ogni (minuti, 0 = disattivata)',
  massDeleteShare: 'Chiedi prima di eliminare più del (% dei contatti sincronizzati)',
  save: 'Salva',
  saved: 'Impostazioni salvate.',
  saveFailed: 'Impostazioni non salvate: {message}',
  reasonCount: '{reason}: {n, number}',
  sync: 'Sincronizza con Microsoft 365',
  fullSync: 'Sincronizzazione completa con Microsoft 365',
  preview: 'Anteprima',
  cancel: 'Annulla',
  cancelling: 'Annullamento…',
  runStarting: 'Avvio della sincronizzazione…',
  progressLabel: 'Avanzamento sincronizzazione',
  result: 'Risultato',
  status_running: 'In corso',
  status_succeeded: 'Completata',
  status_failed: 'Non riuscita',
  status_cancelled: 'Annullata',
  status_held: 'In attesa di conferma',
  status_interrupted: 'Interrotta',
  mode_delta: 'Sincronizzazione',
  mode_full: 'Sincronizzazione completa',
  dryRun: 'Anteprima',
  sideBc: 'Business Central',
  sideOutlook: 'Outlook',
  created: 'Creati',
  updated: 'Aggiornati',
  deleted: 'Eliminati',
  skipped: 'Ignorati',
  conflicts: 'Conflitti',
  duration: 'Durata: {seconds, number, ::.0} s',
  durationMs: 'Durata: {ms, number} ms',
  durationMin: 'Durata: {minutes, number} min {seconds, number} s',
  runErrors: 'Errori',
  heldTitle: 'Conferma eliminazioni',
  heldText:
    'Questa sincronizzazione eliminerebbe {deletes, number} {synced, plural, one {dell’unico contatto sincronizzato} other {dei # contatti sincronizzati}} nella cartella di Outlook ({share, number, percent}); il limite è {limit, number, percent}. Non è stato ancora scritto nulla.',
  confirmDelete: 'Elimina e sincronizza',
  keep: 'Non eliminare',
  previewTitle: 'Anteprima ({mode}): non è stato scritto nulla',
  previewHeldTitle: 'Una sincronizzazione chiederebbe conferma prima di eliminare',
  wouldCreate: 'Da creare',
  wouldUpdate: 'Da aggiornare',
  wouldDelete: 'Da eliminare',
  noChanges: 'Nessuna modifica: i due lati coincidono.',
  runFailed: 'Sincronizzazione non riuscita: {message}',
  runBusy: 'È già in corso una sincronizzazione per questa cartella.',
  runBusyUntil:
    'È già in corso una sincronizzazione per questa cartella. Se si è fermata senza terminare (la sua finestra è stata chiusa durante la sincronizzazione), la prossima sincronizzazione potrà iniziare a partire da {time}.',
  runSettling:
    'L’ultima sincronizzazione di questa cartella è stata interrotta mentre le modifiche inviate potevano ancora arrivare. Perché nessun contatto venga creato due volte, la prossima sincronizzazione potrà iniziare a partire da {time}.',
  noConflicts: 'Nessun conflitto.',
  field: 'Campo',
  base: 'Ultimo sincronizzato',
  winner: 'Prevale',
  keepShort: 'Mantieni',
  keepBc: 'Mantieni Business Central',
  keepOutlook: 'Mantieni Outlook',
  keepBcField: 'Mantieni il valore di Business Central per {field}',
  keepOutlookField: 'Mantieni il valore di Outlook per {field}',
  keepBcAll: 'Mantieni Business Central per {name}',
  keepOutlookAll: 'Mantieni Outlook per {name}',
  resolved: 'Conflitto risolto.',
  fieldsResolved:
    '{fields}: risolto. {name} attende ancora la tua scelta per {left, plural, one {# campo} other {# campi}}.',
  resolveFailed: 'Non risolto: {message}',
  showFields: 'Mostra i campi di {name}',
  noSkipped: 'Nessun contatto ignorato.',
  noMessage: 'Seleziona un messaggio per vedere se il mittente è sincronizzato.',
  senderSynced: '{name} è un contatto di Business Central sincronizzato.',
  senderNotInBc: '{email} non è un contatto di Business Central.',
  senderOutOfScope: '{name} è in Business Central ma non viene sincronizzato: {reasons}.',
  senderConflict: '{name} ha un conflitto da risolvere.',
  senderNotLinked: '{name} è in Business Central e verrà sincronizzato alla prossima esecuzione.',
  addSender: 'Aggiungi a Business Central e sincronizza',
  senderAdded: '{name} è stato aggiunto a Business Central.',
  noHistory: 'Nessuna sincronizzazione.',
  trigger_pane: 'dal riquadro',
  trigger_schedule: 'pianificata',
  trigger_cli: 'dalla riga di comando',
  trigger_api: 'tramite l’API',
  error: 'Errore: {message}',
  retry: 'Riprova',
  resultStatus: 'Risultato: {status}',
  runCounts:
    '{skipped, plural, one {# contatto ignorato} other {# contatti ignorati}} · {conflicts, plural, one {# conflitto aperto} other {# conflitti aperti}}',
  lastSyncAt: 'Ultima sincronizzazione: {when} · {status}',
  nextRunAt: 'Prossima sincronizzazione pianificata: {when}',
  hintText: 'Suggerimento: {hint}',
  otherReasons: 'Altri motivi',
  nameAndReason: '{name}: {reason}',
  previewGroup: '{side} · {action}: {n, number}',
  fieldCount: '{field} {n, number}',
  historyTitle: '{mode} · {status}',
  historyLine: '{when} · {trigger} · Cartella: {folder}',
  runAccess:
    'Accesso: {bc, select, delegated {Business Central per tuo conto} appOnly {Business Central come app di sincronizzazione} other {Business Central dall’archivio di questo server}} · {graph, select, delegated {Outlook per tuo conto} other {Outlook come app di sincronizzazione}}',
  excludedByFilterCount: 'escluso dal filtro: {n, number} ({fields})',
  syncHelp:
    'Le modifiche dall’ultima sincronizzazione, in entrambe le direzioni. In genere più veloce di una sincronizzazione completa.',
  fullSyncHelp:
    'Tutti i contatti in entrambe le direzioni, indipendentemente dall’ultima data di sincronizzazione e di modifica.',
  previewHelp: 'Mostra cosa cambierebbe una sincronizzazione. Non viene scritto nulla.',
  heldTextBcEmpty:
    'Business Central non ha restituito contatti per questa cartella, quindi questa sincronizzazione eliminerebbe {synced, plural, one {l’unico contatto sincronizzato} other {tutti i # contatti sincronizzati}} nella cartella di Outlook. Non è stato ancora scritto nulla.',
  openConflicts: 'In attesa della tua scelta ({n, number})',
  settledConflicts: 'Risolti dalla tua regola ({n, number})',
  settledHelp:
    'La regola per i campi modificati su entrambi i lati ha scelto il vincitore; ora entrambi i lati hanno il suo valore. Accettalo oppure mantieni l’altro valore.',
  accept: 'Accetta',
  acceptAll: 'Accetta la scelta della regola per {name}',
  accepted: 'Accettato: entrambi i lati mantengono il valore vincente.',
  findConflict: 'Trova un conflitto',
  findConflictHint: 'Nome, e-mail, campo o valore',
  noConflictMatches: 'Nessun conflitto corrisponde a "{text}".',
  conflictMatches: '{n, plural, one {# conflitto corrisponde} other {# conflitti corrispondono}} a "{text}".',
  pageRange: '{from, number}–{to, number} di {total, number}',
  previousPage: 'Precedente',
  nextPage: 'Successiva',
  bulkKeepBc: 'Mantieni Business Central per {n, plural, one {il # elencato} other {tutti i # elencati}}',
  bulkKeepOutlook: 'Mantieni Outlook per {n, plural, one {il # elencato} other {tutti i # elencati}}',
  bulkTitle: 'Risolvere {n, plural, one {# conflitto} other {# conflitti}} in una volta?',
  bulkAskBc:
    'I valori di Business Central {n, plural, one {del # conflitto} other {di tutti i # conflitti}} elencati qui in attesa della tua scelta vengono scritti in Outlook.{deleted, plural, =0 {} one { # di essi è stato eliminato in Business Central o è uscito dal filtro: il suo contatto di Outlook viene eliminato, con i valori che ha solo Outlook.} other { # di essi sono stati eliminati in Business Central o sono usciti dal filtro: i loro contatti di Outlook vengono eliminati, con i valori che ha solo Outlook.}} Non è stato ancora modificato nulla.',
  bulkAskOutlook:
    'I valori di Outlook {n, plural, one {del # conflitto} other {di tutti i # conflitti}} elencati qui in attesa della tua scelta vengono scritti in Business Central.{deleted, plural, =0 {} one { # di essi è stato eliminato in Business Central: viene aggiunto di nuovo a Business Central.} other { # di essi sono stati eliminati in Business Central: vengono aggiunti di nuovo a Business Central.}}{left, plural, =0 {} one { # di essi è uscito dal filtro: i suoi valori di Outlook vengono scritti nel suo contatto di Business Central e la sincronizzazione successiva elimina il suo contatto di Outlook, a meno che non abbia valori che ha solo Outlook.} other { # di essi sono usciti dal filtro: i loro valori di Outlook vengono scritti nei loro contatti di Business Central e la sincronizzazione successiva elimina i loro contatti di Outlook, a meno che non abbiano valori che ha solo Outlook.}}{closed, plural, =0 {} one { # di essi è bloccato per privacy o è un contatto azienda in Business Central: Business Central non viene modificato e il suo contatto di Outlook viene mantenuto ma non è più sincronizzato.} other { # di essi sono bloccati per privacy o sono contatti azienda in Business Central: Business Central non viene modificato e i loro contatti di Outlook vengono mantenuti ma non sono più sincronizzati.}} Non è stato ancora modificato nulla.',
  bulkConfirmBc: 'Mantieni Business Central per {n, plural, one {# conflitto} other {# conflitti}}',
  bulkConfirmOutlook: 'Mantieni Outlook per {n, plural, one {# conflitto} other {# conflitti}}',
  bulkProgress: 'Risoluzione dei conflitti: {done, number} di {total, number}',
  bulkDone: '{resolved, plural, one {# conflitto risolto} other {# conflitti risolti}}.',
  bulkPartly:
    '{resolved, plural, one {# conflitto risolto} other {# conflitti risolti}}, {failed, plural, one {# non risolto} other {# non risolti}}: {message}',
  moreErrors: '{n, plural, one {e # altro errore} other {e altri # errori}}',
  nextRunDueSoon: 'Prossima sincronizzazione pianificata: a breve',
  previewOther: 'Anteprima invece: {mode}',
  findInPlan: 'Cerca nel piano',
  showMore: 'Mostra altri ({shown, number} di {total, plural, one {# visualizzato} other {# visualizzati}})',
  noPlanMatches: 'Nessun elemento del piano corrisponde a "{text}".',
  findSkipped: 'Cerca un contatto ignorato',
  noSkippedMatches: 'Nessun contatto ignorato corrisponde a "{text}".',
  groupCount: '{label} ({n, number})',
  samplePicker: 'Mittente di esempio (solo sviluppo)',
  samplePickerHint:
    'Fuori da Outlook: un indirizzo e-mail sostituisce il mittente del messaggio selezionato.',
  sampleShow: 'Mostra',
  sampleInvalidEmail: 'Business Central non accetta questo indirizzo e-mail: {address}',
  folderRenameTitle: 'Rinominare la cartella di sincronizzazione?',
  conflictWaiting: 'in attesa della tua scelta',
  conflictSettled: 'risolti dalla tua regola',
  folderSwitchTitle: 'Sincronizzare nella cartella esistente "{to}"?',
  folderSwitchHolds:
    '"{to}" contiene già {contacts, plural, one {# contatto proprio} other {# contatti propri}}. La prima sincronizzazione lì {linked, plural, =0 {} other {mantiene i # già sincronizzati, }}collega {matched, plural, one {# contatto} other {# contatti}} al contatto di Business Central con lo stesso indirizzo e-mail, aggiunge {toBc, plural, one {# contatto} other {# contatti}} a Business Central come {toBc, plural, one {nuova persona} other {nuove persone}} e ignora {skipped, plural, one {# contatto} other {# contatti}} (elencati in Contatti ignorati). Per tenerli fuori da Business Central, annulla e scegli un nuovo nome di cartella.',
  outlookOnlyHeld:
    'Solo Outlook contiene: {values}. «{keepBc}» elimina il contatto di Outlook e, con esso, questi valori.',
  sinceShownFromOutlook:
    'Modificati in Outlook dopo che questo conflitto è stato mostrato, e scritti in Business Central con la tua scelta: {fields}.',
  sinceShownFromBc:
    'Modificati in Business Central dopo che questo conflitto è stato mostrato, e scritti in Outlook con la tua scelta: {fields}.',
  outlookOnlyEmails: '{n, plural, one {# altro indirizzo e-mail} other {altri # indirizzi e-mail}}',
  outlookOnlyPhones: '{n, plural, one {# altro telefono di lavoro} other {altri # telefoni di lavoro}}',
  outlookProperty_categories: 'Categorie',
  outlookProperty_birthday: 'Compleanno',
  outlookProperty_nickName: 'Soprannome',
  outlookProperty_title: 'Titolo',
  outlookProperty_yomiGivenName: 'Nome Yomi',
  outlookProperty_yomiSurname: 'Cognome Yomi',
  outlookProperty_yomiCompanyName: 'Società Yomi',
  outlookProperty_generation: 'Suffisso',
  outlookProperty_imAddresses: 'Indirizzo chat',
  outlookProperty_department: 'Reparto',
  outlookProperty_officeLocation: 'Ufficio',
  outlookProperty_profession: 'Professione',
  outlookProperty_assistantName: 'Assistente',
  outlookProperty_manager: 'Responsabile',
  outlookProperty_homePhones: 'Telefono abitazione',
  outlookProperty_spouseName: 'Coniuge/partner',
  outlookProperty_personalNotes: 'Note',
  outlookProperty_children: 'Figli',
  outlookProperty_homeAddress: 'Indirizzo abitazione',
  outlookProperty_otherAddress: 'Altro indirizzo',
  outlookProperty_fileAs: 'Archivia come',
  outlookProperty_photo: 'Immagine',
  failure_unreachable:
    'Il server non risponde: potrebbe essere in riavvio, oppure la connessione è assente. Riprova tra un minuto.',
  failure_signIn:
    'L’accesso non è stato accettato ({detail}). Chiudi il componente aggiuntivo e riaprilo; se succede ancora, rivolgiti all’amministratore.',
  failure_noCompanyAccess:
    'Tu ({user}) non hai accesso ad alcuna società di Business Central qui. Chiedi all’amministratore di darti accesso alla società (accesso alle società).',
  failure_forbidden:
    'Accesso negato ({detail}): al tuo account manca un’autorizzazione necessaria. Chiedi all’amministratore di concederla.',
  failure_busy: 'Il server è occupato. Attendi un minuto, poi riprova.',
  failure_shuttingDown: 'Il server si sta riavviando. Riprova tra un minuto.',
  failure_serverSetup:
    'Il server non è configurato per eseguire sincronizzazioni ({detail}). Avvisa l’amministratore.',
  failure_runEnded: 'La sincronizzazione si è fermata prima della fine. {what}',
  failure_portFailed: '{what}. Riprova tra un minuto; se continua a non riuscire, avvisa l’amministratore.',
  failure_unavailable:
    'Il server non ha potuto farlo ora ({detail}). Riprova tra un minuto; se continua a non riuscire, avvisa l’amministratore.',
  failure_refused:
    'Il server ha rifiutato la richiesta ({detail}). Se succede ancora, avvisa l’amministratore.',
  failure_unexpected:
    'Si è verificato un errore imprevisto ({detail}). Riprova; se succede ancora, avvisa l’amministratore.',
  failureCode_Upstream_TokenRefused:
    'Business Central non ha accettato l’accesso che il server usa per tuo conto (è scaduto o è stato revocato). Chiudi il componente aggiuntivo e riaprilo per accedere di nuovo; se succede ancora, rivolgiti all’amministratore.',
  failureCode_RunInProgress:
    'È già in corso una sincronizzazione per questa cartella. Attendi che finisca, poi riprova.',
  failureCode_RunNotActive: 'Questa sincronizzazione è già terminata; il risultato è nella Cronologia.',
  failureCode_RunNotFound:
    'Il server non conosce questa sincronizzazione (potrebbe essere stato riavviato). Avvia di nuovo la sincronizzazione.',
  failureCode_PlanNotAvailable:
    'Il piano di questa anteprima non è più disponibile. Esegui di nuovo l’anteprima.',
  failureCode_ConflictNotFound:
    'Questo conflitto non è più registrato: una sincronizzazione o un’altra finestra lo ha risolto. Aggiorna l’elenco.',
  failureCode_ContactMissing:
    'Uno dei due contatti non esiste più. Esegui una sincronizzazione, poi riguarda il conflitto.',
  failureCode_InvalidChoice:
    'Questa scelta non corrisponde al conflitto com’è ora. Aggiorna l’elenco e scegli di nuovo.',
  failureCode_InvalidForBusinessCentral:
    'Business Central non può contenere i valori scelti. Mantieni l’altro lato, oppure correggi il contatto in Outlook.',
  failureCode_ChangedSinceShown:
    'Un valore è cambiato di nuovo da quando questo conflitto è stato mostrato. Non è stato scritto nulla; controlla il conflitto e scegli di nuovo.',
  failureCode_Stale:
    'Il contatto è cambiato di nuovo mentre il conflitto veniva risolto. Esegui una sincronizzazione, poi riprova.',
  failureCode_WriteFailed: 'Non è stato possibile scrivere la tua scelta. Riprova tra un minuto.',
  failureCode_InvalidSettings:
    'Le impostazioni non sono state salvate: {fields}. Correggile in Impostazioni.',
  failureCode_InvalidFilter: 'Il filtro non è valido: {fields}. Correggilo in Impostazioni.',
  failureCode_StateConflict:
    '{reason}. Esegui di nuovo la sincronizzazione; se continua a succedere, avvisa l’amministratore.',
  failureCode_ScopeFull: '{reason}.',
  failureCode_BadRequest_DuplicateProperty:
    'La richiesta indica "{property}" due volte nello stesso oggetto, quindi non è stata elaborata. Se succede ancora, avvisa l’amministratore.',
  failureCode_CreateTurnBusy:
    'Altre sincronizzazioni stanno creando contatti nel Business Central della tua azienda in questo momento, quindi questo indirizzo non è stato ancora aggiunto. Riprova tra un minuto.',
  failureCode_BcWriteFailed:
    'Business Central non ha accettato il nuovo contatto. Riprova più tardi, oppure aggiungi il contatto in Business Central.',
  failureCode_Request_EntityChanged:
    'Nel frattempo il contatto è stato modificato in Business Central. Esegui una sincronizzazione, poi riprova.',
  failureCode_Internal_RecordNotFound:
    'Il contatto non esiste più in Business Central. Esegui una sincronizzazione per aggiornare entrambi i lati.',
  failureCode_Internal_CompanyNotFound:
    'La società di Business Central non c’è (è stata rimossa, o il tuo accesso è cambiato). Chiedi all’amministratore.',
  failureCode_BadRequest_InvalidValue: 'Business Central non accetta questo valore: {fields}.',
  failureCode_BadRequest_NotFound:
    'Il server non offre questa funzione (potrebbe avere una versione diversa dal componente aggiuntivo). Chiudi il componente aggiuntivo e riaprilo.',
  failureCode_RequestEntityTooLarge:
    'È più di quanto il server accetti in una volta. Accorcialo (meno valori di filtro, testi più brevi) e riprova.',
  refusal_tooShort: 'deve avere almeno {limit, plural, one {# carattere} other {# caratteri}}',
  refusal_tooMany: 'può contenere al massimo {limit, plural, one {# elemento} other {# elementi}}',
  refusal_tooFew: 'deve contenere almeno {limit, plural, one {# elemento} other {# elementi}}',
  refusal_tooLarge: 'deve essere al massimo {limit, number}',
  refusal_tooSmall: 'deve essere almeno {limit, number}',
  refusal_required: '{property} è obbligatorio',
  refusal_unknownProperty: 'non è un’impostazione nota a questo server',
  refusal_wrongType: 'ha un tipo di valore errato',
  refusal_notAllowed: 'deve essere uno tra: {allowed}',
  refusal_pattern: 'ha una forma che il server non accetta',
  refusal_format: 'non ha la forma prevista',
  refusal_duplicateItems: 'contiene lo stesso elemento due volte',
  refusal_invalid: 'non è valido',
  heldHint:
    'Cosa fare: per eliminarli, esegui la sincronizzazione e scegli «{confirm}». Per mantenerli, modifica il filtro o alza il limite in {settings}; fino ad allora ogni sincronizzazione pianificata si ferma qui.',
  senderEmailTooLong:
    '{email} non può essere aggiunto a Business Central: l’indirizzo ha {length, plural, one {# carattere} other {# caratteri}}, e il campo {field} di Business Central ne contiene al massimo {max, number}.',
  folderRenameText:
    'La prossima sincronizzazione rinomina la cartella di Outlook "{from}" in "{to}"; i contatti sincronizzati finora si spostano con essa, quindi non nasce una seconda copia. Il salvataggio non cambia nulla in Outlook.',
  folderSwitchText:
    'Esiste già una cartella "{to}", quindi "{from}" non può prenderne il nome. La prossima sincronizzazione salva prima in Business Central le modifiche fatte in "{from}", poi rimuove da lì i contatti che vi ha sincronizzato e li porta in "{to}", quindi nessun contatto vi compare due volte. I contatti che tieni solo in "{from}", e le copie con valori per cui Business Central non ha un campo, restano lì. Il salvataggio non cambia nulla in Outlook.',
  folderMoveHolds:
    'I conflitti aperti o risolti e le modifiche ignorate in "{from}" trattengono lo spostamento: finché non li risolvi, la sincronizzazione resta in "{from}" e restano elencati.',
  folderSaveAndSync: 'Salva e sincronizza ora',
  folderSaveOnly: 'Salva soltanto',
  folderSavedNextRun: 'Impostazioni salvate. La prossima sincronizzazione passa alla cartella "{to}".',
  folderMoving: 'Spostamento della sincronizzazione in "{to}"',
  folderMoved: 'Impostazioni salvate; la sincronizzazione ora usa la cartella "{to}".',
  folderMoveHeldTitle: 'Per ora la sincronizzazione resta in "{from}"',
  folderMoveHeldHint:
    'Le impostazioni sono salvate; i contatti da risolvere restano elencati in Conflitti e Contatti ignorati.',
  folderMoveFailed:
    'Impostazioni salvate, ma la sincronizzazione che sposta la cartella non è riuscita ({message}). La prossima sincronizzazione riprova.',
  conflictGone:
    '{name} non è più in conflitto: {by, select, schedule {la sincronizzazione pianificata lo ha risolto} cli {una sincronizzazione dalla riga di comando lo ha risolto} pane {una sincronizzazione dal riquadro lo ha risolto} api {una sincronizzazione avviata tramite l’API di sincronizzazione lo ha risolto} other {è stato risolto in un’altra finestra}}. Non è stato scritto nulla.',
};

export default it;
