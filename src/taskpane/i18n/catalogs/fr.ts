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
    'La synchronisation planifiée toutes les {minutes, plural, one {# minute} other {# minutes}} est définie, mais ce serveur n’exécute pas de synchronisations planifiées',
  nextRunAfterSave:
    'La synchronisation planifiée toutes les {minutes, plural, one {# minute} other {# minutes}} commence dès que vous enregistrez les paramètres',
  syncSection: 'Synchroniser les contacts',
  settingsSection: 'Paramètres synch. contacts',
  conflictsSection:
    'Conflits ({open, plural, one {# ouvert} other {# ouverts}}, {settled, plural, one {# réglé} other {# réglés}})',
  skippedSection: 'Contacts ignorés ({n, number})',
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
  phase_reading: 'Lecture des contacts',
  phase_planning: 'Planification',
  phase_bc: 'Écriture dans Business Central',
  phase_outlook: 'Écriture dans Outlook',
  phase_links: 'Enregistrement des liens',
  progressLabel: 'Progression de la synchronisation',
  progressCount: '{done, number} sur {total, number}',
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
  duration: 'Durée : {seconds, number, ::.0} s',
  runErrors: 'Erreurs',
  heldTitle: 'Confirmer les suppressions',
  heldText:
    'Cette synchronisation supprimerait {deletes, number} {synced, plural, one {du # contact synchronisé} other {des # contacts synchronisés}} dans le dossier Outlook ({share, number, percent}) ; la limite est de {limit, number, percent}. Rien n’a encore été écrit.',
  confirmDelete: 'Supprimer et synchroniser',
  keep: 'Ne pas supprimer',
  previewTitle: 'Aperçu ({mode}) : rien n’a été écrit',
  wouldCreate: 'À créer',
  wouldUpdate: 'À mettre à jour',
  wouldDelete: 'À supprimer',
  noChanges: 'Aucune modification : les deux côtés concordent.',
  runFailed: 'La synchronisation a échoué : {message}',
  runBusy: 'Une synchronisation est déjà en cours pour ce dossier.',
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
    '{skipped, plural, one {# contact ignoré} other {# contacts ignorés}} · {conflicts, plural, one {# conflit} other {# conflits}}',
  lastSyncAt: 'Dernière synchronisation : {when} · {status}',
  nextRunAt: 'Prochaine synchronisation planifiée : {when}',
  hintText: 'Conseil : {hint}',
  nameAndReason: '{name} : {reason}',
  previewGroup: '{side} · {action} : {n, number}',
  fieldCount: '{field} {n, number}',
  historyTitle: '{mode} · {status}',
  historyLine: '{when} · {trigger} · Dossier : {folder}',
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
  historySide:
    '{side} : {created, plural, one {# créé} other {# créés}}, {updated, plural, other {# mis à jour}}, {deleted, plural, one {# supprimé} other {# supprimés}}',
  noWrites: 'Rien n’a été écrit.',
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
  folderRenameTitle: 'Renommer le dossier de synchronisation ?',
  folderRenameText:
    'Le dossier Outlook « {from} » est renommé « {to} » et les contacts synchronisés jusqu’ici le suivent : aucune seconde copie n’apparaît. Rien n’a encore été modifié.',
  folderRenameConfirm: 'Renommer le dossier et enregistrer',
  folderRenameFailed: 'Le dossier n’a pas été renommé et rien n’a été enregistré : {message}',
  conflictWaiting: 'en attente de votre choix',
  conflictSettled: 'réglés par votre règle',
  folderSwitchTitle: 'Synchroniser dans le dossier existant « {to} » ?',
  folderSwitchText:
    'Un dossier « {to} » existe déjà : « {from} » ne peut pas prendre ce nom. Une synchronisation enregistre d’abord dans Business Central les modifications faites dans « {from} » ; puis {n, plural, one {le contact synchronisé} other {les # contacts synchronisés}} dans « {from} » en {n, plural, one {est retiré} other {sont retirés}}, et la synchronisation suivante {n, plural, one {l’apporte} other {les apporte}} dans « {to} » : aucun contact n’y est en double. Les contacts que vous gardez seulement dans « {from} » y restent. Rien n’a encore été modifié.',
  folderSwitchConfirm: 'Synchroniser, déplacer les contacts et enregistrer',
  folderSwitchBlocked:
    '{n, plural, one {# contact} other {# contacts}} de « {from} » {n, plural, one {a} other {ont}} des valeurs que Business Central n’a pas encore (conflits ouverts ou réglés, ou modifications ignorées). Réglez-les d’abord : les retirer perdrait ces valeurs, les garder laisserait deux copies. Rien n’a été enregistré.',
  folderSwitchFailed: 'Les contacts n’ont pas été déplacés et rien n’a été enregistré : {message}',
  folderCopiesLeft:
    '{n, plural, one {# contact a été modifié} other {# contacts ont été modifiés}} entre-temps et {n, plural, one {est resté} other {sont restés}} ; la prochaine synchronisation de l’ancien dossier rapporte ceux qui ont été retirés',
  folderSwitchedKept:
    'Paramètres enregistrés. {removed, plural, one {# contact synchronisé a été retiré} other {# contacts synchronisés ont été retirés}} de « {from} » ; la prochaine synchronisation {removed, plural, one {l’apporte} other {les apporte}} dans « {to} ». {kept, plural, one {# contact reste} other {# contacts restent}} sans changement dans « {from} » : {kept, plural, one {il contient} other {ils contiennent}} des valeurs pour lesquelles Business Central n’a pas de champ (notes, anniversaire, autres téléphones ou adresses). La prochaine synchronisation en apporte aussi une copie dans « {to} » ; reportez-y ces valeurs, puis supprimez {kept, plural, one {l’ancien} other {les anciens}}.',
  folderSwitched:
    'Paramètres enregistrés. {removed, plural, one {# contact synchronisé a été retiré} other {# contacts synchronisés ont été retirés}} de « {from} » ; la prochaine synchronisation {removed, plural, one {l’apporte} other {les apporte}} dans « {to} ».',
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
  failure_portFailed:
    '{what}. Réessayez dans une minute ; si l’échec persiste, prévenez votre administrateur.',
  failure_unavailable:
    'Le serveur n’a pas pu le faire pour l’instant ({detail}). Réessayez dans une minute ; si l’échec persiste, prévenez votre administrateur.',
  failure_refused:
    'Le serveur a refusé la demande ({detail}). Si cela se reproduit, prévenez votre administrateur.',
  failure_unexpected:
    'Une erreur inattendue s’est produite ({detail}). Réessayez ; si cela se reproduit, prévenez votre administrateur.',
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
  failureCode_Stale:
    'Le contact a de nouveau changé pendant la résolution du conflit. Lancez une synchronisation, puis réessayez.',
  failureCode_WriteFailed: 'Votre choix n’a pas pu être écrit. Réessayez dans une minute.',
  failureCode_InvalidSettings:
    'Les paramètres n’ont pas été enregistrés : {fields}. Corrigez-les dans les paramètres.',
  failureCode_InvalidFilter: 'Le filtre n’est pas valide : {fields}. Corrigez-le dans les paramètres.',
  failureCode_StateConflict:
    '{reason}. Relancez une synchronisation ; si cela se reproduit, prévenez votre administrateur.',
  failureCode_ScopeFull: '{reason}.',
  failureCode_AddInProgress:
    'Cette adresse est en cours d’ajout dans Business Central. Vérifiez de nouveau dans un instant.',
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
};

export default fr;
