import type { PaneCatalog } from './en.js';

/** Français: the pane; terms from the BC documentation in this language. */
const fr: PaneCatalog = {
  appTitle: 'Synchronisation des contacts pour Business Central',
  loading: 'Chargement…',
  signedInAs: 'Connecté en tant que {user}',
  demoUser: 'Utilisateur de démonstration',
  validateConnection: 'Valider la connexion',
  checking: 'Vérification…',
  mailboxOk: 'Boîte aux lettres atteinte ; dossier « {folder} » prêt.',
  mailboxFailed: 'Échec de la vérification de la boîte aux lettres : {message}',
  bcOk: 'Business Central atteint : {company}',
  bcFailed: 'Échec de la vérification de Business Central : {message}',
  lastSyncNone: 'Dernière synchronisation : Pas encore synchronisé',
  nextRunOff: 'La synchronisation planifiée est désactivée',
  nextRunServerOff:
    'La synchronisation planifiée {unit, select, day {{n, plural, one {chaque jour} other {tous les # jours}}} hour {{n, plural, one {chaque heure} other {toutes les # heures}}} other {{n, plural, one {chaque minute} other {toutes les # minutes}}}} est définie, mais ce serveur n’exécute pas de synchronisations planifiées',
  nextRunAfterSave:
    'La synchronisation planifiée {unit, select, day {{n, plural, one {chaque jour} other {tous les # jours}}} hour {{n, plural, one {chaque heure} other {toutes les # heures}}} other {{n, plural, one {chaque minute} other {toutes les # minutes}}}} commence dès que vous enregistrez les paramètres',
  syncSection: 'Synchroniser les contacts',
  settingsSection: 'Paramètres synch. contacts',
  conflictsSection:
    'Conflits ({open, plural, one {# ouvert} other {# ouverts}}, {settled, plural, one {# réglé} other {# réglés}})',
  skippedSection: 'Contacts ignorés ({n, number})',
  skippedSides:
    '{bc, plural, one {# contact Business Central} other {# contacts Business Central}} et {outlook, plural, one {# contact Outlook} other {# contacts Outlook}} ; les paramètres ne comptent que les contacts Business Central.',
  senderSection: 'Cet expéditeur',
  historySection: 'Historique',
  folderName: 'Nom du dossier',
  filterTitle: 'Filtre',
  filterHint: "Syntaxe de filtre de Business Central, par exemple Paris|Lyon, A*, <>'''', 1000..1999.",
  filterField: 'Champ de filtre',
  addFilter: 'Ajouter un filtre',
  removeFilter: 'Supprimer le filtre {field}',
  matchCount:
    '{matching, plural, one {# contact correspond} other {# contacts correspondent}} sur {total, number}, {out, number} hors périmètre',
  matchChecking: 'Comptage des contacts correspondants…',
  matchFilterInvalid: 'Corrigez le filtre pour voir combien de contacts correspondent.',
  conflictPolicy: 'Quand les deux côtés ont modifié un champ',
  policy_bcWins: 'Business Central l’emporte',
  policy_outlookWins: 'Outlook l’emporte',
  policy_manual: 'Me demander',
  scheduleMinutes: 'Synchronisation planifiée toutes les (minutes, 0 = désactivée)',
  massDeleteShare: 'Demander avant de supprimer plus de (% des contacts synchronisés)',
  save: 'Enregistrer',
  saved: 'Paramètres enregistrés.',
  saveFailed: 'Paramètres non enregistrés : {message}',
  reasonCount: '{reason} : {n, number}',
  sync: 'Synchronisation avec Microsoft 365',
  fullSync: 'Synchronisation complète avec Microsoft 365',
  preview: 'Aperçu',
  cancel: 'Annuler',
  cancelling: 'Annulation…',
  runStarting: 'Démarrage de la synchronisation…',
  progressLabel: 'Progression de la synchronisation',
  result: 'Résultat',
  status_running: 'En cours',
  status_succeeded: 'Réussie',
  status_failed: 'Échec',
  status_cancelled: 'Annulée',
  status_held: 'En attente de confirmation',
  status_interrupted: 'Interrompue',
  mode_delta: 'Synchronisation',
  mode_full: 'Synchronisation complète',
  dryRun: 'Aperçu',
  sideBc: 'Business Central',
  sideOutlook: 'Outlook',
  created: 'Créés',
  updated: 'Mis à jour',
  deleted: 'Supprimés',
  skipped: 'Ignorés',
  conflicts: 'Conflits',
  duration: 'Durée : {seconds, number, ::.0} s',
  durationMs: 'Durée : {ms, number} ms',
  durationMin: 'Durée : {minutes, number} min {seconds, number} s',
  runErrors: 'Erreurs',
  heldTitle: 'Confirmer les suppressions',
  heldText:
    'Cette synchronisation supprimerait {deletes, number} {synced, plural, one {du # contact synchronisé} other {des # contacts synchronisés}} dans le dossier Outlook ({share, number, percent}) ; la limite est de {limit, number, percent}. Rien n’a encore été écrit.',
  confirmDelete: 'Supprimer et synchroniser',
  keep: 'Ne pas supprimer',
  previewTitle: 'Aperçu ({mode}) : rien n’a été écrit',
  previewHeldTitle: 'Une synchronisation demanderait confirmation avant de supprimer',
  wouldCreate: 'À créer',
  wouldUpdate: 'À mettre à jour',
  wouldDelete: 'À supprimer',
  noChanges: 'Aucune modification : les deux côtés concordent.',
  runFailed: 'La synchronisation a échoué : {message}',
  runBusy: 'Une synchronisation est déjà en cours pour ce dossier.',
  runBusyUntil:
    'Une synchronisation est déjà en cours pour ce dossier. Si elle s’est arrêtée sans se terminer (sa fenêtre a été fermée pendant la synchronisation), la prochaine synchronisation pourra démarrer à partir de {time}.',
  runSettling:
    'La dernière synchronisation de ce dossier a été arrêtée alors que des modifications envoyées pouvaient encore arriver. Pour qu’aucun contact ne soit créé deux fois, la prochaine synchronisation pourra démarrer à partir de {time}.',
  noConflicts: 'Aucun conflit.',
  field: 'Champ',
  base: 'Dernière synchro',
  winner: 'Gagnant',
  keepShort: 'Garder',
  keepBc: 'Garder Business Central',
  keepOutlook: 'Garder Outlook',
  keepBcField: 'Garder la valeur Business Central de {field}',
  keepOutlookField: 'Garder la valeur Outlook de {field}',
  keepBcAll: 'Garder Business Central pour {name}',
  keepOutlookAll: 'Garder Outlook pour {name}',
  resolved: 'Conflit résolu.',
  fieldsResolved:
    '{fields} : résolu. {name} attend encore votre choix pour {left, plural, one {# champ} other {# champs}}.',
  resolveFailed: 'Non résolu : {message}',
  showFields: 'Afficher les champs de {name}',
  noSkipped: 'Aucun contact ignoré.',
  noMessage: 'Sélectionnez un message pour savoir si son expéditeur est synchronisé.',
  senderSynced: '{name} est un contact Business Central synchronisé.',
  senderNotInBc: '{email} n’est pas un contact Business Central.',
  senderOutOfScope: '{name} est dans Business Central mais n’est pas synchronisé : {reasons}.',
  senderConflict: '{name} a un conflit à résoudre.',
  senderNotLinked: '{name} est dans Business Central et sera synchronisé à la prochaine exécution.',
  addSender: 'Ajouter à Business Central et synchroniser',
  senderAdded: '{name} a été ajouté à Business Central.',
  noHistory: 'Aucune synchronisation.',
  trigger_pane: 'depuis le volet',
  trigger_schedule: 'planifiée',
  trigger_cli: 'depuis la ligne de commande',
  trigger_api: 'par l’API',
  error: 'Erreur : {message}',
  retry: 'Réessayer',
  resultStatus: 'Résultat : {status}',
  runCounts:
    '{skipped, plural, one {# contact ignoré} other {# contacts ignorés}} · {conflicts, plural, one {# conflit ouvert} other {# conflits ouverts}}',
  lastSyncAt: 'Dernière synchronisation : {when} · {status}',
  nextRunAt: 'Prochaine synchronisation planifiée : {when}',
  hintText: 'Conseil : {hint}',
  otherReasons: 'Autres raisons',
  nameAndReason: '{name} : {reason}',
  previewGroup: '{side} · {action} : {n, number}',
  fieldCount: '{field} {n, number}',
  historyTitle: '{mode} · {status}',
  historyLine: '{when} · {trigger} · Dossier : {folder}',
  runAccess:
    'Accès : {bc, select, delegated {Business Central en votre nom} appOnly {Business Central en tant qu’application de synchronisation} other {Business Central depuis le stockage de ce serveur}} · {graph, select, delegated {Outlook en votre nom} other {Outlook en tant qu’application de synchronisation}}',
  excludedByFilterCount: 'exclu par le filtre : {n, number} ({fields})',
  syncHelp:
    'Les modifications depuis la précédente synchronisation, dans les deux directions. Généralement plus rapide qu’une synchronisation complète.',
  fullSyncHelp:
    'Tous les contacts dans les deux directions, indépendamment de la dernière date de synchronisation et de modification.',
  previewHelp: 'Montre ce qu’une synchronisation modifierait. Rien n’est écrit.',
  heldTextBcEmpty:
    'Business Central n’a renvoyé aucun contact pour ce dossier : cette synchronisation supprimerait donc {synced, plural, one {le seul contact synchronisé} other {les # contacts synchronisés}} du dossier Outlook. Rien n’a encore été écrit.',
  openConflicts: 'En attente de votre choix ({n, number})',
  settledConflicts: 'Réglés par votre règle ({n, number})',
  settledHelp:
    'La règle pour les champs modifiés des deux côtés a choisi la valeur gagnante ; les deux côtés ont maintenant cette valeur. Acceptez-la ou gardez plutôt l’autre valeur.',
  accept: 'Accepter',
  acceptAll: 'Accepter le choix de la règle pour {name}',
  accepted: 'Accepté : les deux côtés gardent la valeur gagnante.',
  findConflict: 'Rechercher un conflit',
  findConflictHint: 'Nom, e-mail, champ ou valeur',
  noConflictMatches: 'Aucun conflit ne correspond à « {text} ».',
  conflictMatches: '{n, plural, one {# conflit correspond} other {# conflits correspondent}} à « {text} ».',
  pageRange: '{from, number}–{to, number} sur {total, number}',
  previousPage: 'Précédent',
  nextPage: 'Suivant',
  bulkKeepBc: 'Garder Business Central pour {n, plural, one {le # listé} other {les # listés}}',
  bulkKeepOutlook: 'Garder Outlook pour {n, plural, one {le # listé} other {les # listés}}',
  bulkTitle: 'Résoudre {n, plural, one {# conflit} other {# conflits}} en une fois ?',
  bulkAskBc:
    'Les valeurs Business Central {n, plural, one {du # conflit} other {des # conflits}} listés ici en attente de votre choix sont écrites dans Outlook.{deleted, plural, =0 {} one { # d’entre eux a été supprimé dans Business Central ou est sorti du filtre : son contact Outlook est supprimé, avec les valeurs que seul Outlook contient.} other { # d’entre eux ont été supprimés dans Business Central ou sont sortis du filtre : leurs contacts Outlook sont supprimés, avec les valeurs que seul Outlook contient.}} Rien n’a encore été modifié.',
  bulkAskOutlook:
    'Les valeurs Outlook {n, plural, one {du # conflit} other {des # conflits}} listés ici en attente de votre choix sont écrites dans Business Central.{deleted, plural, =0 {} one { # d’entre eux a été supprimé dans Business Central : il est de nouveau ajouté à Business Central.} other { # d’entre eux ont été supprimés dans Business Central : ils sont de nouveau ajoutés à Business Central.}}{left, plural, =0 {} one { # d’entre eux est sorti du filtre : ses valeurs Outlook sont écrites dans son contact Business Central, et la synchronisation suivante supprime son contact Outlook, sauf s’il contient des valeurs que seul Outlook contient.} other { # d’entre eux sont sortis du filtre : leurs valeurs Outlook sont écrites dans leurs contacts Business Central, et la synchronisation suivante supprime leurs contacts Outlook, sauf s’ils contiennent des valeurs que seul Outlook contient.}}{closed, plural, =0 {} one { # d’entre eux est bloqué pour confidentialité ou est un contact société dans Business Central : Business Central n’est pas modifié, et son contact Outlook est conservé mais n’est plus synchronisé.} other { # d’entre eux sont bloqués pour confidentialité ou sont des contacts société dans Business Central : Business Central n’est pas modifié, et leurs contacts Outlook sont conservés mais ne sont plus synchronisés.}} Rien n’a encore été modifié.',
  bulkConfirmBc: 'Garder Business Central pour {n, plural, one {# conflit} other {# conflits}}',
  bulkConfirmOutlook: 'Garder Outlook pour {n, plural, one {# conflit} other {# conflits}}',
  bulkProgress: 'Résolution des conflits : {done, number} sur {total, number}',
  bulkDone: '{resolved, plural, one {# conflit résolu} other {# conflits résolus}}.',
  bulkPartly:
    '{resolved, plural, one {# conflit résolu} other {# conflits résolus}}, {failed, plural, one {# non résolu} other {# non résolus}} : {message}',
  moreErrors: '{n, plural, one {et # autre erreur} other {et # autres erreurs}}',
  nextRunDueSoon: 'Prochaine synchronisation planifiée : bientôt',
  previewOther: 'Aperçu à la place : {mode}',
  findInPlan: 'Rechercher dans le plan',
  showMore: 'Afficher plus ({shown, number} sur {total, plural, one {# affiché} other {# affichés}})',
  noPlanMatches: 'Rien dans le plan ne correspond à « {text} ».',
  findSkipped: 'Rechercher un contact ignoré',
  noSkippedMatches: 'Aucun contact ignoré ne correspond à « {text} ».',
  groupCount: '{label} ({n, number})',
  samplePicker: 'Expéditeur d’exemple (développement uniquement)',
  samplePickerHint: 'Hors d’Outlook : une adresse e-mail tient lieu d’expéditeur du message sélectionné.',
  sampleShow: 'Afficher',
  sampleInvalidEmail: 'Business Central n’accepte pas cette adresse e-mail : {address}',
  folderRenameTitle: 'Renommer le dossier de synchronisation ?',
  conflictWaiting: 'en attente de votre choix',
  conflictSettled: 'réglés par votre règle',
  folderSwitchTitle: 'Synchroniser dans le dossier existant « {to} » ?',
  folderSwitchHolds:
    '« {to} » contient déjà {contacts, plural, one {# contact à lui} other {# contacts à lui}}. La première synchronisation vers ce dossier {linked, plural, =0 {} other {garde les # déjà synchronisés, }}lie {matched, plural, one {# contact} other {# contacts}} au contact Business Central de même adresse e-mail, ajoute {toBc, plural, one {# contact} other {# contacts}} à Business Central comme {toBc, plural, one {nouvelle personne} other {nouvelles personnes}} et ignore {skipped, plural, one {# contact} other {# contacts}} (listés sous Contacts ignorés). Pour les garder hors de Business Central, annulez et choisissez un nouveau nom de dossier.',
  outlookOnlyHeld:
    'Seul Outlook contient : {values}. « {keepBc} » supprime le contact Outlook, et ces valeurs avec lui.',
  sinceShownFromOutlook:
    'Modifiés dans Outlook depuis l’affichage de ce conflit, et écrits dans Business Central avec votre choix : {fields}.',
  sinceShownFromBc:
    'Modifiés dans Business Central depuis l’affichage de ce conflit, et écrits dans Outlook avec votre choix : {fields}.',
  outlookOnlyEmails: '{n, plural, one {# autre adresse e-mail} other {# autres adresses e-mail}}',
  outlookOnlyPhones:
    '{n, plural, one {# autre téléphone professionnel} other {# autres téléphones professionnels}}',
  outlookProperty_categories: 'Catégories',
  outlookProperty_birthday: 'Anniversaire',
  outlookProperty_nickName: 'Surnom',
  outlookProperty_title: 'Titre',
  outlookProperty_yomiGivenName: 'Prénom Yomi',
  outlookProperty_yomiSurname: 'Nom Yomi',
  outlookProperty_yomiCompanyName: 'Société Yomi',
  outlookProperty_generation: 'Suffixe',
  outlookProperty_imAddresses: 'Adresse de messagerie instantanée',
  outlookProperty_department: 'Service',
  outlookProperty_officeLocation: 'Bureau',
  outlookProperty_profession: 'Profession',
  outlookProperty_assistantName: 'Assistant(e)',
  outlookProperty_manager: 'Responsable',
  outlookProperty_homePhones: 'Téléphone (domicile)',
  outlookProperty_spouseName: 'Conjoint(e)',
  outlookProperty_personalNotes: 'Notes',
  outlookProperty_children: 'Enfants',
  outlookProperty_homeAddress: 'Adresse personnelle',
  outlookProperty_otherAddress: 'Autre adresse',
  outlookProperty_fileAs: 'Classer sous',
  outlookProperty_photo: 'Photo',
  failure_unreachable:
    'Le serveur ne répond pas : il redémarre peut-être, ou la connexion est coupée. Réessayez dans une minute.',
  failure_signIn:
    'Votre connexion n’a pas été acceptée ({detail}). Fermez le complément et rouvrez-le ; si cela se reproduit, contactez votre administrateur.',
  failure_noCompanyAccess:
    'Vous ({user}) n’avez accès à aucune société Business Central ici. Demandez à votre administrateur de vous donner accès à la société (accès aux sociétés).',
  failure_forbidden:
    'Accès refusé ({detail}) : il manque à votre compte une autorisation nécessaire. Demandez à votre administrateur de l’accorder.',
  failure_busy: 'Le serveur est occupé. Attendez une minute, puis réessayez.',
  failure_shuttingDown: 'Le serveur redémarre. Réessayez dans une minute.',
  failure_serverSetup:
    'Le serveur n’est pas configuré pour exécuter des synchronisations ({detail}). Prévenez votre administrateur.',
  failure_runEnded: 'La synchronisation s’est arrêtée avant sa fin. {what}',
  failure_portFailed:
    '{what}. Réessayez dans une minute ; si l’échec persiste, prévenez votre administrateur.',
  failure_unavailable:
    'Le serveur n’a pas pu le faire pour l’instant ({detail}). Réessayez dans une minute ; si l’échec persiste, prévenez votre administrateur.',
  failure_refused:
    'Le serveur a refusé la demande ({detail}). Si cela se reproduit, prévenez votre administrateur.',
  failure_unexpected:
    'Une erreur inattendue s’est produite ({detail}). Réessayez ; si cela se reproduit, prévenez votre administrateur.',
  failureCode_Upstream_TokenRefused:
    'Business Central n’a pas accepté votre connexion, que le serveur utilise en votre nom (elle a expiré ou a été retirée). Fermez le complément et rouvrez-le pour vous reconnecter ; si cela se reproduit, contactez votre administrateur.',
  failureCode_RunInProgress:
    'Une synchronisation est déjà en cours pour ce dossier. Attendez qu’elle se termine, puis réessayez.',
  failureCode_RunNotActive:
    'Cette synchronisation est déjà terminée ; son résultat figure dans l’Historique.',
  failureCode_RunNotFound:
    'Le serveur ne connaît pas cette synchronisation (il a peut-être redémarré). Relancez la synchronisation.',
  failureCode_PlanNotAvailable: 'Le plan de cet aperçu n’est plus disponible. Relancez l’aperçu.',
  failureCode_ConflictNotFound:
    'Ce conflit n’est plus enregistré : une synchronisation ou une autre fenêtre l’a réglé. Actualisez la liste.',
  failureCode_ContactMissing:
    'L’un des deux contacts n’existe plus. Lancez une synchronisation, puis revoyez le conflit.',
  failureCode_InvalidChoice:
    'Ce choix ne correspond pas au conflit tel qu’il est maintenant. Actualisez la liste et choisissez de nouveau.',
  failureCode_InvalidForBusinessCentral:
    'Business Central ne peut pas contenir les valeurs choisies. Gardez l’autre côté, ou corrigez le contact dans Outlook.',
  failureCode_ChangedSinceShown:
    'Une valeur a de nouveau changé depuis l’affichage de ce conflit. Rien n’a été écrit ; vérifiez le conflit et choisissez à nouveau.',
  failureCode_Stale:
    'Le contact a de nouveau changé pendant la résolution du conflit. Lancez une synchronisation, puis réessayez.',
  failureCode_WriteFailed: 'Votre choix n’a pas pu être écrit. Réessayez dans une minute.',
  failureCode_InvalidSettings:
    'Les paramètres n’ont pas été enregistrés : {fields}. Corrigez-les dans les paramètres.',
  failureCode_InvalidFilter: 'Le filtre n’est pas valide : {fields}. Corrigez-le dans les paramètres.',
  failureCode_StateConflict:
    '{reason}. Relancez une synchronisation ; si cela se reproduit, prévenez votre administrateur.',
  failureCode_ScopeFull: '{reason}.',
  failureCode_BadRequest_DuplicateProperty:
    'La requête nomme « {property} » deux fois dans un même objet ; elle n’a pas été traitée. Si cela se reproduit, prévenez votre administrateur.',
  failureCode_CreateTurnBusy:
    'D’autres synchronisations créent en ce moment des contacts dans le Business Central de votre société : cette adresse n’a pas encore été ajoutée. Réessayez dans une minute.',
  failureCode_BcWriteFailed:
    'Business Central n’a pas accepté le nouveau contact. Réessayez plus tard, ou ajoutez le contact dans Business Central.',
  failureCode_Request_EntityChanged:
    'Le contact a été modifié entre-temps dans Business Central. Lancez une synchronisation, puis réessayez.',
  failureCode_Internal_RecordNotFound:
    'Le contact n’existe plus dans Business Central. Lancez une synchronisation pour mettre les deux côtés à jour.',
  failureCode_Internal_CompanyNotFound:
    'La société Business Central est introuvable (elle a été supprimée, ou votre accès a changé). Demandez à votre administrateur.',
  failureCode_BadRequest_InvalidValue: 'Business Central n’accepte pas cette valeur : {fields}.',
  failureCode_BadRequest_NotFound:
    'Le serveur ne propose pas cette fonction (il exécute peut-être une autre version que le complément). Fermez le complément et rouvrez-le.',
  failureCode_RequestEntityTooLarge:
    'C’est plus que ce que le serveur accepte en une fois. Raccourcissez (moins de valeurs de filtre, textes plus courts) et réessayez.',
  refusal_tooShort: 'doit compter au moins {limit, plural, one {# caractère} other {# caractères}}',
  refusal_tooMany: 'peut contenir au plus {limit, plural, one {# élément} other {# éléments}}',
  refusal_tooFew: 'doit contenir au moins {limit, plural, one {# élément} other {# éléments}}',
  refusal_tooLarge: 'doit être au plus {limit, number}',
  refusal_tooSmall: 'doit être au moins {limit, number}',
  refusal_required: '{property} est obligatoire',
  refusal_unknownProperty: 'n’est pas un paramètre connu de ce serveur',
  refusal_wrongType: 'a un type de valeur incorrect',
  refusal_notAllowed: 'doit être l’une de ces valeurs : {allowed}',
  refusal_pattern: 'a une forme que le serveur n’accepte pas',
  refusal_format: 'n’a pas la forme attendue',
  refusal_duplicateItems: 'contient deux fois le même élément',
  refusal_invalid: 'n’est pas valide',
  heldHint:
    'Que faire : pour les supprimer, lancez la synchronisation et choisissez « {confirm} ». Pour les garder, modifiez le filtre ou relevez la limite dans {settings} ; d’ici là, chaque synchronisation planifiée s’arrête ici.',
  senderEmailTooLong:
    '{email} ne peut pas être ajouté à Business Central : l’adresse compte {length, plural, one {# caractère} other {# caractères}}, et le champ {field} de Business Central en contient au plus {max, number}.',
  folderRenameText:
    'La prochaine synchronisation renomme le dossier Outlook « {from} » en « {to} » ; les contacts synchronisés jusqu’ici le suivent : aucune seconde copie n’apparaît. Enregistrer ne modifie rien dans Outlook.',
  folderSwitchText:
    'Un dossier « {to} » existe déjà : « {from} » ne peut pas prendre ce nom. La prochaine synchronisation enregistre d’abord dans Business Central les modifications faites dans « {from} », puis en retire les contacts qu’elle y a synchronisés et les amène dans « {to} » : aucun contact n’y figure deux fois. Les contacts que vous gardez seulement dans « {from} », et les copies qui ont des valeurs sans champ dans Business Central, y restent. Enregistrer ne modifie rien dans Outlook.',
  folderMoveHolds:
    'Les conflits ouverts ou réglés et les modifications ignorées de « {from} » retiennent le déplacement : tant que vous ne les avez pas réglés, la synchronisation reste dans « {from} » et ils restent listés.',
  folderSaveAndSync: 'Enregistrer et synchroniser',
  folderSaveOnly: 'Enregistrer seulement',
  folderSavedNextRun: 'Paramètres enregistrés. La prochaine synchronisation passe au dossier « {to} ».',
  folderMoving: 'Déplacement de la synchronisation vers « {to} »',
  folderMoved: 'Paramètres enregistrés ; la synchronisation utilise maintenant le dossier « {to} ».',
  folderMoveHeldTitle: 'La synchronisation reste pour l’instant dans « {from} »',
  folderMoveHeldHint:
    'Les paramètres sont enregistrés ; les contacts à régler restent listés sous Conflits et Contacts ignorés.',
  folderMoveFailed:
    'Paramètres enregistrés, mais la synchronisation qui déplace le dossier n’a pas réussi ({message}). La prochaine synchronisation réessaie.',
  conflictGone:
    '{name} n’est plus en conflit : {by, select, schedule {la synchronisation planifiée l’a réglé} cli {une synchronisation lancée en ligne de commande l’a réglé} pane {une synchronisation lancée depuis le volet l’a réglé} api {une synchronisation lancée par l’API de synchronisation l’a réglé} other {il a été réglé dans une autre fenêtre}}. Rien n’a été écrit.',
};

export default fr;
