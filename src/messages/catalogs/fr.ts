import type { CodeCatalog } from './en.js';

/** Français: codes and field captions; terms from the BC documentation in this language. */
const fr: CodeCatalog = {
  filterErrorAt: 'Position {position} : attendu {expected}',
  filterUnknownField: '« {field} » n’est pas un champ de filtre : utilisez l’un de : {fields}',
  reason_noEmail: 'pas d’adresse e-mail',
  reason_noName: 'pas de nom',
  reason_companyContact: 'contact société',
  reason_privacyBlocked: 'bloqué pour confidentialité',
  reason_excludedByFilter: 'exclu par le filtre : {fields}',
  deletion_bcDeleted: 'Supprimé dans Business Central, modifié dans Outlook',
  deletion_outOfScope: 'Hors périmètre dans Business Central ({reasons}), modifié dans Outlook',
  resolve_alreadyResolved:
    'Le conflit du contact {bcId} a été {by, select, dismiss {classé} other {résolu}} dans une autre fenêtre pendant votre choix ; rien de plus n’a été écrit. Actualisez la liste pour voir ce qu’il contient maintenant.',
  resolve_conflictNotFound: 'Aucun conflit n’est enregistré pour le contact {bcId} ; actualisez la liste.',
  resolve_contactMissing:
    'Le contact {side, select, bc {Business Central} other {Outlook}} {id} n’existe plus ; synchronisez d’abord.',
  resolve_wholeContactOnly:
    'Ce contact a été supprimé dans Business Central : choisissez un côté pour le contact entier.',
  resolve_notInConflict: 'Ces champs ne sont pas en conflit : {fields}.',
  resolve_notSettled:
    'Seuls les conflits réglés par la règle peuvent être acceptés ; choisissez un côté pour {fields}.',
  resolve_nothingSettled: 'Plus rien de réglé par la règle à accepter ; choisissez un côté pour les autres.',
  resolve_invalidForBc: 'Business Central ne peut pas contenir ces valeurs : {reasons}.',
  resolve_changedSinceShown:
    'Modifié de nouveau depuis l’affichage de ce conflit : {fields}. Rien n’a été écrit ; le conflit montre maintenant ce que contient chaque côté. Vérifiez-le et choisissez à nouveau.',
  resolve_changedSinceShownOutlookOnly:
    'Le contact Outlook a modifié, depuis l’affichage de ce conflit, des valeurs pour lesquelles Business Central n’a pas de champ. Rien n’a été supprimé ; le conflit les montre maintenant. Vérifiez-le et choisissez à nouveau.',
  resolve_stale:
    'Le contact {side, select, bc {Business Central} other {Outlook}} a de nouveau changé pendant la résolution ; synchronisez et réessayez.',
  resolve_writeFailed:
    'L’écriture dans {side, select, bc {Business Central} other {Outlook}} a échoué : {message}',
  bcContactRef: '{name} (n° {number})',
  skip_outOfScope: 'hors périmètre : {reasons}',
  skip_bcContactOutOfScope: 'son contact Business Central {contact} est hors périmètre : {reasons}',
  skip_bcContactDeleted: 'son contact Business Central a été supprimé',
  skip_duplicateOfLinked:
    'une deuxième copie du contact Business Central {contact}, déjà synchronisé avec un autre contact Outlook',
  skip_wouldLeaveScope:
    'la modification dans Outlook le mettrait hors périmètre ({reasons}) ; Business Central a gardé ses valeurs',
  skip_missingName: 'pas de nom',
  skip_missingEmail: 'pas d’adresse e-mail',
  skip_tooLong:
    '{field} compte {length, plural, one {# caractère} other {# caractères}} ; Business Central en accepte {max, number}',
  skip_lineBreak: '{field} contient un saut de ligne que Business Central n’accepte pas',
  skip_phoneLetters:
    '{field} contient des lettres, que Business Central n’accepte pas dans un numéro de téléphone',
  skip_streetLines:
    'la rue dans Outlook compte {lines, plural, one {# ligne} other {# lignes}}, Business Central en conserve {max, number} ({address} et {address2})',
  skip_invalidEmail: '{field} n’est pas une adresse e-mail valide',
  skip_outlookListFull:
    'Outlook contient déjà {list, select, businessPhones {{max, plural, one {# numéro de téléphone professionnel} other {# numéros de téléphone professionnels}}} other {{max, plural, one {# adresse e-mail} other {# adresses e-mail}}}} pour ce contact : {field} « {value} » de Business Central n’a pas été ajouté ; il attend qu’une place se libère',
  skip_unknownCountry: '{field} « {value} » n’est pas un pays ou une région connus de Business Central',
  skip_duplicateEmailInOutlook:
    '{n, plural, one {# contact Outlook a} other {# contacts Outlook partagent}} l’adresse e-mail {email}',
  skip_duplicateEmailInBc:
    '{n, plural, one {# contact Business Central a} other {# contacts Business Central partagent}} l’adresse e-mail {email}',
  skip_emailInConflict:
    'son adresse e-mail {email} {held, select, email {est la valeur côté Outlook d’un conflit ouvert sur l’e-mail d’un autre contact} other {figure sur la copie Outlook d’un contact supprimé dont le conflit est ouvert}}',
  skip_writeFailed: 'écriture impossible : {message}',
  skip_unstorableText:
    '{property} dans {side, select, bc {Business Central} other {Outlook}} contient un caractère impossible à enregistrer (un caractère endommagé ou U+0000)',
  portError:
    '{error, select, stale {il a de nouveau changé pendant la synchronisation ; il attend la prochaine synchronisation} notFound {il n’existe plus de ce côté} invalid {le service a refusé ses valeurs} throttled {le service a demandé d’attendre} unknownOutcome {aucune réponse n’est revenue, il sera vérifié à la prochaine synchronisation} signInRefused {votre connexion n’a plus été acceptée (elle a expiré ou a été retirée) : fermez le complément et rouvrez-le pour vous reconnecter, puis synchronisez à nouveau} other {le service n’était pas disponible}}{detail}',
  runError_writeFailed:
    'Un contact n’a pas pu être écrit dans {side, select, bc {Business Central} other {Outlook}} : {reason}',
  runError_readFailed:
    '{port, select, bc {Business Central} outlook {Outlook} other {Business Central ou Outlook}} : {what, select, folder {le dossier de synchronisation n’a pas pu être trouvé ni créé} countries {la liste des pays/régions n’a pas pu être lue} write {les contacts n’ont pas pu être écrits} other {les contacts n’ont pas pu être lus}} : {reason}',
  runError_storeRefused:
    'L’état de la synchronisation n’a pas pu être enregistré : {refusal, select, scopeFull {le dossier contiendrait plus de {list, select, links {contacts synchronisés} skipped {contacts ignorés} pending {contacts en cours de création} other {conflits}} qu’un dossier ne peut en contenir ({max, number}) ; restreignez le filtre dans les paramètres pour synchroniser moins de contacts} unstorableText {une valeur contient un caractère impossible à enregistrer} outlookIdTaken {un contact Outlook est déjà synchronisé avec un autre contact} duplicateInBatch {un même contact est venu deux fois dans un enregistrement} other {une heure n’était pas valide}}',
  runError_accessRevoked:
    'Votre accès {company, select, none {à la société Business Central} other {à la société Business Central {company}}} a été retiré pendant la synchronisation, qui s’est donc arrêtée ; ce qu’elle avait déjà écrit est conservé. Demandez à un administrateur de vous rendre l’accès, puis synchronisez à nouveau.',
  runError_storeFailed:
    'L’état de la synchronisation sur le serveur n’a pas pu être lu ou enregistré : {reason}',
  runError_signInFailed:
    'Aucun jeton de connexion n’a pu être obtenu pour la synchronisation{detail} : fermez le complément et rouvrez-le pour vous reconnecter, puis synchronisez à nouveau ; si cela continue, prévenez votre administrateur.',
  runError_leaseLost:
    '{cause, select, unanswered {L’état de la synchronisation sur le serveur n’a pas répondu pendant {seconds, number} s : cette synchronisation ne pouvait plus être sûre d’être seule sur ce dossier ; elle s’est arrêtée pour ne rien écrire deux fois. Synchronisez à nouveau.} other {Une autre synchronisation a repris ce dossier ; celle-ci s’est arrêtée pour ne rien écrire deux fois.}}',
  runError_held:
    '{kind, select, bcEmpty {Business Central n’a renvoyé aucun contact pour ce dossier : cette synchronisation supprimerait donc {synced, plural, one {le seul contact synchronisé} other {les # contacts synchronisés}} du dossier Outlook. Rien n’a encore été écrit.} other {Cette synchronisation supprimerait {deletes, number} {synced, plural, one {du # contact synchronisé} other {des # contacts synchronisés}} dans le dossier Outlook ({share, number, percent}) ; la limite est de {limit, number, percent}. Rien n’a encore été écrit.}}',
  runError_folderMoveHeld:
    '{held, plural, one {# contact} other {# contacts}} de « {from} » {held, plural, one {contient} other {contiennent}} des valeurs que Business Central n’a pas encore (conflits ouverts ou réglés, modifications ignorées ou non synchronisées) : la synchronisation n’est donc pas passée à « {to} », car les supprimer perdrait ces valeurs. « {from} » a été synchronisé ; résolvez-les puis synchronisez de nouveau pour déplacer.',
  runError_companyChanged:
    'Les contacts de ce dossier Outlook sont synchronisés avec une autre société Business Central ({from}) que celle que cette synchronisation peut utiliser maintenant ({to}) : la synchronisation s’est donc arrêtée avant de lire ou d’écrire quoi que ce soit, car synchroniser l’autre société retirerait du dossier tous les contacts synchronisés. Demandez à un administrateur de vous redonner accès à la société {from}.',
  runError_cancelled:
    'La synchronisation a été annulée avant sa fin ; ce qu’elle avait déjà écrit est conservé.',
  runError_folderNameTaken:
    'Outlook a {named, select, yes {un dossier nommé « {folderName} »} other {un dossier du nom donné dans les paramètres}} qui ne contient pas de contacts (un dossier de courrier, de calendrier ou de tâches), donc le dossier de synchronisation ne peut pas être créé sous ce nom : renommez ce dossier dans Outlook ou choisissez un autre nom de dossier dans les paramètres, puis synchronisez à nouveau.',
  runError_interrupted:
    'L’exécution a été interrompue : {by, select, shutdown {son hôte s’est arrêté} other {son processus s’est arrêté}} avant la fin.',
  run_uncertain:
    '{count, plural, one {# modification a pu être envoyée} other {Jusqu’à # modifications ont pu être envoyées}} sans réponse et {count, plural, one {a pu aboutir} other {ont pu aboutir}} ; la prochaine synchronisation {count, plural, one {la vérifie} other {les vérifie}}. Synchronisez de nouveau avant d’ajouter ou de modifier {count, plural, one {ce contact} other {ces contacts}} vous-même, pour que rien ne soit écrit deux fois.',
  run_written:
    '{side, select, bc {Business Central} other {Outlook}} : {created, plural, one {# créé} other {# créés}}, {updated, plural, other {# mis à jour}}, {deleted, plural, one {# supprimé} other {# supprimés}}',
  run_nothingWritten: 'Rien n’a été écrit.',
  run_deferred:
    '{count, plural, one {# nouveau contact n’a} other {# nouveaux contacts n’ont}} pas encore été {count, plural, one {créé} other {créés}} dans Business Central ; la prochaine synchronisation s’en charge : {reason, select, createTurnBusy {les synchronisations d’autres utilisateurs créaient des contacts dans cette société pendant tout le temps où cette exécution attendait son tour} other {quelqu’un d’autre a créé entre-temps un contact avec la même adresse e-mail, et la prochaine synchronisation les associe}}.',
  runError_unexpected:
    'L’exécution s’est arrêtée sur une erreur inattendue ({name}) ; le journal du serveur contient les détails.',
  storeRefusal:
    'L’état de la synchronisation ne peut pas enregistrer ceci : {kind, select, scopeFull {le dossier contiendrait plus de {list, select, links {contacts synchronisés} skipped {contacts ignorés} pending {contacts en cours de création} other {conflits}} qu’un dossier ne peut en contenir ({max, number}) ; restreignez le filtre dans les paramètres pour synchroniser moins de contacts} outlookIdTaken {le contact Outlook {outlookId} est déjà synchronisé avec un autre contact Business Central dans ce dossier} duplicateInBatch {{field} {key} est venu deux fois dans un enregistrement} invalidTime {{value} n’est pas une heure valide (ISO 8601, UTC)} other {la valeur à {at} contient un caractère impossible à enregistrer (U+0000 ou un caractère abîmé)}}',
  skipHint_outOfScope: '{hints}',
  skipHint_bcContactOutOfScope: '{hints} Ou supprimez le contact Outlook.',
  skipHint_bcContactDeleted:
    'Son contact Business Central a été supprimé. Pour garder la personne, recréez le contact dans Business Central (la prochaine synchronisation l’apporte dans Outlook) et supprimez ce contact Outlook ; sinon, supprimez-le simplement.',
  skipHint_duplicateOfLinked: 'Supprimez ce contact Outlook : une autre copie est déjà synchronisée.',
  skipHint_wouldLeaveScope:
    'Annulez cette modification dans Outlook, ou faites-la dans Business Central si le contact ne doit plus être synchronisé.',
  skipHint_missingName: 'Donnez un nom au contact Outlook.',
  skipHint_missingEmail: 'Ajoutez une adresse e-mail au contact Outlook.',
  skipHint_tooLong: 'Raccourcissez {field} à {max, plural, one {# caractère} other {# caractères}} au plus.',
  skipHint_lineBreak: 'Supprimez le saut de ligne de {field}.',
  skipHint_phoneLetters: 'Écrivez {field} sans lettres (chiffres uniquement).',
  skipHint_streetLines:
    'Réduisez la rue dans Outlook à {max, plural, one {# ligne} other {# lignes}}. La première va dans {address}, la seconde dans {address2}.',
  skipHint_invalidEmail: 'Corrigez {field} avec une adresse e-mail valide.',
  skipHint_outlookListFull:
    'Supprimez dans Outlook {list, select, businessPhones {un numéro professionnel} other {une adresse e-mail}} dont le contact n’a plus besoin ; la synchronisation suivante ajoutera alors {field}.',
  skipHint_unknownCountry:
    'Saisissez dans {field} un code de la liste Pays/régions de Business Central (par exemple FR) ou le nom du pays.',
  skipHint_duplicateEmailInOutlook:
    'Donnez à chaque contact Outlook sa propre adresse e-mail, ou fusionnez les doublons.',
  skipHint_duplicateEmailInBc:
    'Rendez l’adresse e-mail unique dans Business Central pour que le contact Outlook puisse être associé.',
  skipHint_emailInConflict:
    'Résolvez ce conflit : {held, select, email {garder l’e-mail de Business Central permet de synchroniser ce contact ; garder celui d’Outlook est refusé tant que ce contact détient l’adresse.} other {garder Outlook associe la copie à ce contact, garder Business Central supprime la copie.}}',
  skipHint_writeFailed:
    'Nouvel essai à la prochaine synchronisation ; si l’échec persiste, vérifiez les valeurs du contact.',
  skipHint_unstorableText:
    'Ressaisissez {property} du contact dans {side, select, bc {Business Central} other {Outlook}}. D’ici là, le contact reste tel quel des deux côtés.',
  scopeHint_noEmail: 'Ajoutez une adresse e-mail au contact dans Business Central.',
  scopeHint_noName: 'Donnez un nom au contact dans Business Central.',
  scopeHint_companyContact:
    'Seuls les contacts de type Personne sont synchronisés ; les contacts société restent dans Business Central.',
  scopeHint_privacyBlocked:
    'Levez le blocage pour confidentialité du contact dans Business Central s’il peut être partagé.',
  scopeHint_excludedByFilter:
    'Modifiez le contact, ou le filtre de synchronisation dans les paramètres ({fields}).',
  expected_value: 'une valeur',
  expected_valueAfter: 'une valeur après {token}',
  expected_noWildcards: 'une valeur sans caractères génériques (* ou ?)',
  expected_closingQuote: "une apostrophe fermante (')",
  expected_closeParen: "')' pour fermer cette '('",
  expected_operatorOrEnd: "'|', '&' ou la fin de l’expression",
  expected_operatorParenOrEnd: "'|', '&', ')' ou la fin de l’expression",
  expected_operatorOrClose: "'|', '&' ou ')' pour fermer la '(' de la position {position}",
  expected_maxNesting: 'au plus {max, plural, one {# parenthèse imbriquée} other {# parenthèses imbriquées}}',
  expected_maxLength: 'au plus {max, plural, one {# caractère} other {# caractères}}',
  expected_maxValues: 'au plus {max, plural, one {# valeur} other {# valeurs}}',
  expected_maxWork:
    'au plus {max, plural, one {# comparaison de caractères} other {# comparaisons de caractères}} par contact',
  filterTooCostly:
    'le filtre entier demande jusqu’à {estimate, plural, one {# comparaison de caractères} other {# comparaisons de caractères}} par contact (au plus {max, number}) ; ce champ est le plus coûteux : utilisez-y moins de valeurs ou moins de caractères génériques (?)',
  expected_filterField: 'l’un de : {fields}',
  expected_text: 'une expression de filtre (texte)',
  problem_blank: 'ne doit pas être vide',
  problem_tooLong: 'ne doit pas dépasser {max, plural, one {# caractère} other {# caractères}}',
  problem_invisibleCharacter:
    'ne doit pas contenir le caractère invisible {codePoint} (les caractères de largeur nulle et de sens du texte rendent des noms identiques à l’œil)',
  problem_scheduleRange:
    'doit valoir 0 (désactivée) ou être compris entre {min, number} et {max, plural, one {# minute} other {# minutes}}',
  problem_shareRange: 'doit être compris entre {min, number, percent} et {max, number, percent}',
  field_displayName: 'Nom',
  field_type: 'Type',
  field_companyName: 'Nom de la société',
  field_companyNumber: 'N° société',
  field_city: 'Ville',
  field_state: 'Région',
  field_postalCode: 'Code postal',
  field_country: 'Code pays/région',
  field_territoryCode: 'Code secteur',
  field_salespersonCode: 'Code vendeur',
  field_jobTitle: 'Fonction',
  field_number: 'N°',
  field_email: 'E-mail',
  field_firstName: 'Prénom',
  field_middleName: 'Deuxième prénom',
  field_surname: 'Nom de famille',
  field_initials: 'Initiales',
  field_email2: 'E-mail 2',
  field_phoneNumber: 'N° téléphone',
  field_mobilePhoneNumber: 'N° téléphone mobile',
  field_faxNumber: 'N° télécopie',
  field_website: 'Page d’accueil',
  field_addressLine1: 'Adresse',
  field_addressLine2: 'Adresse 2',
  // A run's phase and its count: the pane and the CLI word progress from these (one wording).
  phase_reading: 'Lecture des contacts',
  phase_planning: 'Planification',
  phase_bc: 'Écriture dans Business Central',
  phase_outlook: 'Écriture dans Outlook',
  phase_links: 'Enregistrement des liens',
  progressCount_reading:
    '{done, plural, =0 {Lecture de Business Central et d’Outlook en cours} =1 {Business Central lu, lecture d’Outlook en cours} other {Business Central et Outlook lus}}',
  progressCount_planning: 'Étape {done, number} sur {total, number}',
  progressCount_bc: '{done, number} sur {total, plural, one {# contact} other {# contacts}}',
  progressCount_outlook: '{done, number} sur {total, plural, one {# contact} other {# contacts}}',
  progressCount_links: '{done, number} sur {total, plural, one {# contact lié} other {# contacts liés}}',
  waiting_createTurn:
    'En attente qu’une autre synchronisation de cette société finisse de créer ses contacts dans Business Central (au plus tard jusqu’à {time}).',
  waiting_outlookThrottled:
    'En attente d’Outlook : la boîte aux lettres a demandé de ralentir. Reprise à {time}.',
  waiting_outlookPaced:
    'En attente d’Outlook : respect de la limite de requêtes de la boîte aux lettres. Reprise à {time}.',
  waiting_outlookRetry: 'En attente d’Outlook : une requête a échoué un instant. Nouvel essai à {time}.',
  waiting_bcThrottled: 'En attente de Business Central : il a demandé de ralentir. Reprise à {time}.',
  waiting_bcRetry: 'En attente de Business Central : une requête a échoué un instant. Nouvel essai à {time}.',
  waiting_syncThrottled:
    'En attente du service de synchronisation : il a demandé de ralentir. Reprise à {time}.',
  waiting_syncRetry:
    'En attente du service de synchronisation : une requête a échoué un instant. Nouvel essai à {time}.',
  runRefusal:
    '{kind, select, folderSettling {La dernière synchronisation de ce dossier (exécution {runId}) a été arrêtée alors que des modifications envoyées pouvaient encore arriver. Pour qu’aucun contact ne soit créé deux fois, la prochaine synchronisation pourra démarrer à partir de {time}.} runIdTaken {Une exécution d’identifiant {runId} existe déjà.} other {Une synchronisation est déjà en cours pour ce dossier (exécution {runId}).{timed, select, yes { Si elle s’est arrêtée sans se terminer (sa fenêtre a été fermée pendant la synchronisation), la prochaine synchronisation pourra démarrer à partir de {time}.} other {}}}}',
  httpRefusal_RunNotFound: 'Aucune exécution {runId}.',
  httpRefusal_RunNotActive:
    '{cause, select, ended {L’exécution {runId} est déjà terminée.} other {L’exécution {runId} ne tourne pas dans ce processus.}}',
  httpRefusal_PlanNotAvailable:
    'L’exécution {runId} n’a pas de plan à montrer : {cause, select, notDryRun {seuls les aperçus gardent leur plan} stillPlanning {l’exécution planifie encore} other {le plan n’est plus en mémoire}}.',
  httpRefusal_CreateTurnBusy:
    'D’autres synchronisations créent en ce moment des contacts dans le Business Central de cette société : rien n’a été ajouté. Réessayez dans une minute.',
  httpRefusal_SyncNotConfigured:
    'Ce service n’a pas d’environnement de synchronisation (accès à Business Central et à Outlook).',
  httpRefusal_TooManySyncFolders:
    'L’état de synchronisation de l’utilisateur contient déjà {max, plural, one {# dossier} other {# dossiers}}, le maximum pour un utilisateur ; l’écriture dans un autre dossier est refusée.',
  httpRefusal_RunCancelRequested:
    'L’annulation de cette exécution a été demandée : rien de l’enregistrement n’a été stocké ; terminez l’exécution (sa fin est stockée).',
  httpRefusal_LeaseLost:
    'Cette exécution ne tient plus son dossier (une autre synchronisation l’a repris) : rien de l’écriture n’a été stocké.',
  httpRefusal_BcWriteFailed:
    '{answered, select, no {Business Central n’a pas répondu lors de la création du contact.} other {Business Central a refusé le contact : {bcMessage}}}',
  httpRefusal_Forbidden_OtherUser:
    'L’utilisateur du jeton ne peut accéder qu’à son propre état de synchronisation.',
};

export default fr;
