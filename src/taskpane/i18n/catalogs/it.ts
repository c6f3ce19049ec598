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
    'La sincronizzazione pianificata ogni {minutes, plural, one {# minuto} other {# minuti}} è impostata, ma questo server non esegue sincronizzazioni pianificate',
  nextRunAfterSave:
    'La sincronizzazione pianificata ogni {minutes, plural, one {# minuto} other {# minuti}} inizia quando salvi le impostazioni',
  syncSection: 'Sincronizzare i contatti',
  settingsSection: 'Setup sincronizzazione contatti',
  conflictsSection:
    'Conflitti ({open, plural, one {# aperto} other {# aperti}}, {settled, plural, one {# risolto} other {# risolti}})',
  skippedSection: 'Contatti ignorati ({n, number})',
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
  phase_reading: 'Lettura dei contatti',
  phase_planning: 'Pianificazione',
  phase_bc: 'Scrittura in Business Central',
  phase_outlook: 'Scrittura in Outlook',
  phase_links: 'Salvataggio dei collegamenti',
  progressLabel: 'Avanzamento sincronizzazione',
  progressCount: '{done, number} di {total, number}',
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
  runErrors: 'Errori',
  heldTitle: 'Conferma eliminazioni',
  heldText:
    'Questa sincronizzazione eliminerebbe {deletes, number} {synced, plural, one {dell’unico contatto sincronizzato} other {dei # contatti sincronizzati}} nella cartella di Outlook ({share, number, percent}); il limite è {limit, number, percent}. Non è stato ancora scritto nulla.',
  confirmDelete: 'Elimina e sincronizza',
  keep: 'Non eliminare',
  previewTitle: 'Anteprima ({mode}): non è stato scritto nulla',
  wouldCreate: 'Da creare',
  wouldUpdate: 'Da aggiornare',
  wouldDelete: 'Da eliminare',
  noChanges: 'Nessuna modifica: i due lati coincidono.',
  runFailed: 'Sincronizzazione non riuscita: {message}',
  runBusy: 'È già in corso una sincronizzazione per questa cartella.',
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
    '{skipped, plural, one {# contatto ignorato} other {# contatti ignorati}} · {conflicts, plural, one {# conflitto} other {# conflitti}}',
  lastSyncAt: 'Ultima sincronizzazione: {when} · {status}',
  nextRunAt: 'Prossima sincronizzazione pianificata: {when}',
  hintText: 'Suggerimento: {hint}',
  nameAndReason: '{name}: {reason}',
  previewGroup: '{side} · {action}: {n, number}',
  fieldCount: '{field} {n, number}',
  historyTitle: '{mode} · {status}',
  historyLine: '{when} · {trigger} · Cartella: {folder}',
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
  historySide:
    '{side}: {created, plural, one {# creato} other {# creati}}, {updated, plural, one {# aggiornato} other {# aggiornati}}, {deleted, plural, one {# eliminato} other {# eliminati}}',
  noWrites: 'Nessuna modifica scritta.',
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
  folderRenameTitle: 'Rinominare la cartella di sincronizzazione?',
  folderRenameText:
    'La cartella di Outlook "{from}" viene rinominata in "{to}" e i contatti sincronizzati finora si spostano con essa, quindi non nasce una seconda copia. Non è ancora stato cambiato nulla.',
  folderRenameConfirm: 'Rinomina la cartella e salva',
  folderRenameFailed: 'La cartella non è stata rinominata e non è stato salvato nulla: {message}',
  conflictWaiting: 'in attesa della tua scelta',
  conflictSettled: 'risolti dalla tua regola',
  folderSwitchTitle: 'Sincronizzare nella cartella esistente "{to}"?',
  folderSwitchText:
    'Esiste già una cartella "{to}", quindi "{from}" non può prenderne il nome. Prima una sincronizzazione salva in Business Central le modifiche fatte in "{from}"; poi {n, plural, one {il contatto sincronizzato} other {i # contatti sincronizzati}} in "{from}" {n, plural, one {viene rimosso} other {vengono rimossi}} e la sincronizzazione successiva {n, plural, one {lo porta} other {li porta}} in "{to}", così nessun contatto è presente due volte. I contatti che tieni solo in "{from}" restano lì. Non è stato ancora modificato nulla.',
  folderSwitchConfirm: 'Sincronizza, sposta i contatti e salva',
  folderSwitchBlocked:
    '{n, plural, one {# contatto} other {# contatti}} in "{from}" {n, plural, one {ha} other {hanno}} valori che Business Central non ha ancora (conflitti aperti o risolti, o modifiche ignorate). Risolvili prima: rimuoverli perderebbe quei valori, tenerli lascerebbe due copie. Non è stato salvato nulla.',
  folderSwitchFailed: 'I contatti non sono stati spostati e non è stato salvato nulla: {message}',
  folderCopiesLeft:
    '{n, plural, one {# contatto è stato modificato} other {# contatti sono stati modificati}} nel frattempo e {n, plural, one {è rimasto} other {sono rimasti}}; la prossima sincronizzazione della vecchia cartella riporta quelli rimossi',
  folderSwitchedKept:
    'Impostazioni salvate. {removed, plural, one {# contatto sincronizzato è stato rimosso} other {# contatti sincronizzati sono stati rimossi}} da "{from}"; la prossima sincronizzazione {removed, plural, one {lo porta} other {li porta}} in "{to}". {kept, plural, one {# contatto resta} other {# contatti restano}} in "{from}" così {kept, plural, one {com’è} other {come sono}}: {kept, plural, one {contiene} other {contengono}} valori per cui Business Central non ha un campo (note, compleanno, altri telefoni o indirizzi). La prossima sincronizzazione ne porta anche una copia in "{to}"; sposta lì quei valori, poi elimina {kept, plural, one {quello vecchio} other {quelli vecchi}}.',
  folderSwitched:
    'Impostazioni salvate. {removed, plural, one {# contatto sincronizzato è stato rimosso} other {# contatti sincronizzati sono stati rimossi}} da "{from}"; la prossima sincronizzazione {removed, plural, one {lo porta} other {li porta}} in "{to}".',
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
  failure_portFailed: '{what}. Riprova tra un minuto; se continua a non riuscire, avvisa l’amministratore.',
  failure_unavailable:
    'Il server non ha potuto farlo ora ({detail}). Riprova tra un minuto; se continua a non riuscire, avvisa l’amministratore.',
  failure_refused:
    'Il server ha rifiutato la richiesta ({detail}). Se succede ancora, avvisa l’amministratore.',
  failure_unexpected:
    'Si è verificato un errore imprevisto ({detail}). Riprova; se succede ancora, avvisa l’amministratore.',
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
  failureCode_Stale:
    'Il contatto è cambiato di nuovo mentre il conflitto veniva risolto. Esegui una sincronizzazione, poi riprova.',
  failureCode_WriteFailed: 'Non è stato possibile scrivere la tua scelta. Riprova tra un minuto.',
  failureCode_InvalidSettings:
    'Le impostazioni non sono state salvate: {fields}. Correggile in Impostazioni.',
  failureCode_InvalidFilter: 'Il filtro non è valido: {fields}. Correggilo in Impostazioni.',
  failureCode_StateConflict:
    '{reason}. Esegui di nuovo la sincronizzazione; se continua a succedere, avvisa l’amministratore.',
  failureCode_ScopeFull: '{reason}.',
  failureCode_AddInProgress:
    'Questo indirizzo viene aggiunto a Business Central proprio ora. Ricontrolla tra poco.',
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
};

export default it;
