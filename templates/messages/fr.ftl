# Burgerstem : textes en français (Belgique). Phrases courtes, forme active, pas de jargon. On dit « vous ». Écriture inclusive : mots épicènes ou doublets.
# Termes : zone de première ligne (ZPL) = eerstelijnszone (ELZ) ; conseil des soins = zorgraad ; point = punt (proposition, question ou signalement).
# Agenda citoyen : réunion = vergadering ; compte rendu = verslag ; délai = termijn ; suivi = opvolging ; clôturer = afronden ; transmis à une autre instance = doorverwezen ; point de vue personnel = eigen standpunt.

site-name = Burgerstem
skip-to-content = Aller au contenu
nav-label = Menu principal
nav-home = Accueil
nav-admin = Gestion de la plateforme
nav-login = Se connecter
nav-logout = Se déconnecter ({ $name })
language-label = Choisissez une langue
footer-text = Burgerstem : votre question ou votre proposition au conseil des soins de votre zone de première ligne. Chaque étape est visible.
back-home = Retour à la page d’accueil
errors-heading = Quelque chose ne va pas. Vérifiez ceci :
error-prefix = Erreur :
error-title = Cela n’a pas marché
error-code = Code d’erreur { $code }

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

home-title = Bienvenue sur Burgerstem
home-intro = Avec Burgerstem, votre panel citoyen apporte lui-même des points au conseil des soins (zorgraad). Le conseil des soins est la concertation qui guide les soins de première ligne dans votre région. Cette région s’appelle une zone de première ligne (ZPL).
home-intro-2 = Vous voyez toujours ce qui se passe avec votre point : qui l’a reçu, quand il sera discuté et ce que le conseil des soins a décidé.
home-welcome = Bonjour { $name }
home-your-roles = Votre rôle :
home-your-panels = Vos panels
home-bring-in = Apporter un point
home-open-zone = Tout voir pour { $name }
home-no-zones = Vous n’êtes pas encore membre d’une zone. Vous recevrez l’accès par une invitation.

login-title = Se connecter
login-forgot = Mot de passe oublié ?
login-button = Se connecter
field-email = Adresse e-mail
field-password = Mot de passe
field-new-password = Choisissez un mot de passe
field-name = Nom
hint-password = Au moins 8 caractères. Une phrase facile à retenir, c’est très bien.

setup-title = Créer le premier compte de gestion
setup-intro = C’est une nouvelle installation. Créez ici le compte de la première personne qui gère la plateforme. Ce lien ne fonctionne qu’une seule fois.
setup-button = Créer le compte de gestion

invitation-title = Invitation
invitation-intro = Bienvenue, { $name }. Vous recevez une invitation avec le rôle : { $role }.
invitation-zone = Pour : { $zone }.
invitation-existing-hint = Vous avez déjà un compte avec cette adresse e-mail. Entrez votre mot de passe pour accepter l’invitation.
invitation-button = Accepter l’invitation
invitation-accepted = Acceptée
invitation-open-until = Valable jusqu’au { $date }

admin-title = Gestion de la plateforme
admin-zones = Zones
admin-no-zones = Il n’y a pas encore de zones.
admin-manage-zone = Gérer { $name }
admin-new-zone = Nouvelle zone
admin-create-zone = Créer la zone
field-zone-code = Code de la zone
hint-zone-code = De 2 à 12 lettres majuscules ou chiffres, par exemple DEMO. Le code figure dans chaque numéro de référence.
field-zone-name = Nom de la zone

manage-title = Gérer { $zone }
manage-mail = Messages qui n’ont pas pu être envoyés
manage-back = Retour à { $zone }
manage-link-heading = L’invitation est prête
manage-link-intro = Donnez ce lien à { $name } ({ $email }). Le lien fonctionne une seule fois et expire après 14 jours.
manage-panels = Panels
manage-no-panels = Cette zone n’a pas encore de panel.
manage-new-panel = Nouveau panel
manage-create-panel = Créer le panel
field-panel-name = Nom du panel
field-panel-slug = Nom court pour le lien
hint-panel-slug = Lettres minuscules, chiffres et tirets, par exemple plateforme-citoyenne.
field-panel-kind = Type de panel
manage-invite = Inviter une personne
manage-invite-intro = Invitez une personne avec un rôle. Un citoyen ou une citoyenne devient membre d’un panel.
field-role = Rôle
field-panel = Panel
hint-invite-panel = Obligatoire pour un citoyen ou une citoyenne.
option-no-panel = Pas de panel
manage-create-invitation = Créer l’invitation
manage-invitations = Invitations
manage-invitation-state = État
manage-members = Membres de la zone
manage-no-members = Pas encore de membres.
manage-settings = Délais de la zone
field-ack-days = En combien de jours la zone confirme-t-elle la réception ?
field-response-days = En combien de jours une réponse arrive-t-elle ?
field-max-response-days = Combien de jours une réponse peut-elle prendre au maximum ?
manage-save-settings = Enregistrer les délais

role-citizen = citoyen ou citoyenne
role-staff = membre du personnel de la ZPL
role-council = membre du conseil des soins
role-admin = gestionnaire de la zone

panel-kind-burgerplatform = plateforme citoyenne
panel-kind-pzon-cluster = cluster PZON (personnes ayant un besoin de soins ou de soutien)
panel-kind-klankbordgroep = groupe de résonance

zone-manage = Gérer cette zone
zone-bring-in = Apporter un point au conseil des soins
zone-bring-in-for = Nouveau point pour { $panel }
zone-items = Points
zone-no-items = Il n’y a pas encore de points.
field-status-filter = Afficher les points avec l’état
option-all-statuses = Tous
filter-button = Afficher
pager-label = Plus de points
pager-prev = Page précédente
pager-next = Page suivante

kind-proposal = proposition
kind-question = question
kind-signal = signalement
kind-hint-proposal = Vous voulez que quelque chose change.
kind-hint-question = Vous avez une question pour le conseil des soins.
kind-hint-signal = Vous remarquez un problème et vous voulez que le conseil des soins le sache.

item-new-title = Apporter un point
item-new-intro = Écrivez avec vos propres mots ce que vous voulez. Personne ne modifie votre texte.
item-new-draft-note = D’abord, vous enregistrez un brouillon. Votre panel peut le lire et le cosigner. Ensuite, vous l’envoyez au conseil des soins.
item-save-draft = Enregistrer le brouillon
item-edit-title = Modifier le brouillon { $reference }
item-edit = Modifier le brouillon
item-back = Retour au point
item-back-zone = Vers tous les points de la zone
field-kind = Qu’est-ce que c’est ?
field-title = Titre court
hint-title = De quoi s’agit-il, en une phrase ?
field-text = Que voulez-vous dire ?
hint-text = Écrivez-le comme vous le diriez. Après le dépôt, ce texte ne change plus.
field-heard-at = Où avez-vous entendu cela ? (facultatif)
hint-heard-at = Par exemple : moment café au centre de services du quartier.
item-brought-in-by = Apporté par
item-created = Commencé le
item-submitted = Déposé le
item-words-frozen = Le texte tel qu’il a été déposé
item-words-draft = Le texte (brouillon)
item-submit-explain = Déposer ce point l’envoie au conseil des soins. Ensuite, personne ne peut plus modifier le texte. Vous pouvez toujours ajouter un complément.
item-submit = Déposer auprès du conseil des soins
item-cosigns = Cosigné par
item-no-cosigns = Personne pour l’instant.
item-cosign = Je cosigne
item-addenda = Compléments
item-no-addenda = Pas de complément.
item-addendum-by = Complément de { $name }
field-addendum = Votre complément
hint-addendum = Le texte déposé reste tel quel. Votre complément s’ajoute à côté.
item-add-addendum = Ajouter le complément
item-timeline-link = Ligne du temps : tout ce qui s’est passé avec ce point

status-draft = brouillon
status-submitted = déposé
status-acknowledged = reçu
status-clarification-requested = demande de précisions
status-scheduled = à l’ordre du jour
status-postponed = reporté
status-decided = décision prise
status-in-follow-up = en suivi
status-closure-proposed = clôture proposée
status-closed = clôturé
status-withdrawn = retiré

status-explain-draft = Seul votre panel voit ceci. Vous pouvez encore modifier le texte.
status-explain-submitted = Le conseil des soins a votre point. L’équipe de la zone va confirmer la réception.
status-explain-acknowledged = La réception est confirmée. Il y a une date pour la réponse.
status-explain-clarification-requested = Le conseil des soins demande plus d’explications. Le délai est suspendu jusqu’à votre réponse.
status-explain-scheduled = Votre point est à l’ordre du jour d’une réunion du conseil des soins.
status-explain-postponed = Le conseil des soins reporte sa décision, avec une raison et une nouvelle date.
status-explain-decided = Le conseil des soins a décidé et explique pourquoi.
status-explain-in-follow-up = Le conseil des soins met la décision en œuvre. Vous voyez chaque étape.
status-explain-closure-proposed = Le conseil des soins propose de clôturer ce point. Vous pouvez être d’accord ou vous y opposer.
status-explain-closed = Ce point est clôturé.
status-explain-withdrawn = Le panel a retiré ce point.

timeline-title = Ligne du temps de { $reference }
timeline-intro = Tout ce qui s’est passé avec ce point, dans l’ordre. Rien n’est effacé. Chaque étape est protégée par un code. Ainsi, personne ne peut la modifier plus tard sans que cela se voie.
timeline-event-number = étape { $seq }
actor-system = Burgerstem (automatique)

event-created = Point commencé
event-explain-created = Un membre du panel a commencé ce point comme brouillon. Le point a reçu son numéro de référence.
event-draft-edited = Brouillon modifié
event-explain-draft-edited = Le brouillon a été modifié avant le dépôt.
event-cosigned = Cosigné
event-explain-cosigned = Un membre du panel soutient ce point.
event-submitted = Déposé auprès du conseil des soins
event-explain-submitted = À partir de maintenant, le texte reste tel quel.
event-addendum-added = Complément ajouté
event-explain-addendum-added = Un membre du panel a ajouté quelque chose. Le texte déposé ne change pas.

flash-logged-out = Déconnexion réussie. À bientôt !
flash-welcome = Bienvenue ! Votre compte est prêt.
flash-zone-created = La zone { $name } est créée.
flash-panel-created = Le panel { $name } est créé.
flash-settings-saved = Les délais sont enregistrés.
flash-item-created = Votre brouillon est enregistré sous le numéro { $reference }.
flash-draft-saved = Le brouillon est enregistré.
flash-cosigned = Vous cosignez ce point.
flash-submitted = Le point { $reference } est déposé auprès du conseil des soins.
flash-addendum-added = Votre complément est ajouté.

error-not-found = Cette page n’existe pas, ou vous n’y avez pas accès.
error-forbidden = Vous ne pouvez pas faire cela.
error-login-needed = Connectez-vous d’abord.
error-login = L’adresse e-mail ou le mot de passe n’est pas correct.
error-token = Votre clé pour l’API manque, n’est pas correcte ou a expiré.
error-csrf = Le formulaire a expiré. Rechargez la page et essayez encore une fois.
error-bad-request = Nous ne comprenons pas cette demande.
error-conflict = Ce n’est pas possible maintenant.
error-duplicate = Cela existe déjà.
error-invalid = Certaines données ne sont pas correctes.
error-too-large = Ce que vous envoyez est trop grand. Raccourcissez le texte.
error-too-many = Vous avez essayé trop souvent. Attendez une minute et réessayez.
error-unavailable = Burgerstem ne peut pas enregistrer cela pour l’instant. Réessayez dans quelques minutes. Rien n’est perdu.
error-internal = Quelque chose n’a pas marché chez nous. Réessayez plus tard.
error-required = Remplissez ce champ.
error-too-long = C’est trop long.
error-email = Entrez une adresse e-mail valide, comme nom@exemple.be.
error-password-short = Choisissez un mot de passe d’au moins 8 caractères.
error-existing-password = Ce mot de passe n’est pas correct. Utilisez le mot de passe de votre compte existant.
error-role = Choisissez un rôle.
error-panel = Ce panel n’existe pas dans cette zone.
error-panel-required = Choisissez un panel pour un citoyen ou une citoyenne.
error-panel-kind = Choisissez un type de panel.
error-slug = Utilisez de 2 à 40 lettres minuscules, chiffres ou tirets.
error-slug-taken = Ce nom court est déjà utilisé.
error-zone-code = Utilisez de 2 à 12 lettres majuscules ou chiffres, en commençant par une lettre.
error-zone-code-taken = Ce code est déjà utilisé.
error-days-range = Ce nombre de jours n’est pas possible.
error-max-days = Le maximum doit être au moins aussi grand que le délai normal.
error-item-kind = Choisissez : proposition, question ou signalement.
error-status = Cet état n’existe pas.
error-frozen = Ce point est déposé. Le texte ne peut plus changer. Ajoutez plutôt un complément.
error-already-cosigned = Vous avez déjà cosigné ce point.
error-move-state = Ce n’est pas possible dans l’état actuel de ce point.
error-move-actor = Cette étape est pour quelqu’un d’autre.
error-demo-not-empty = La démo a besoin d’une base de données vide.

## L’agenda citoyen : délais, réunions, décisions, suivi

due-late = { $days ->
    [one] En retard : { $days } jour
   *[other] En retard : { $days } jours
}
deadline-acknowledgement = La zone confirme la réception au plus tard le { $date }.
deadline-response = Réponse au plus tard le { $date }.
deadline-review = Le conseil des soins examine ce point à nouveau le { $date }.
deadline-follow-up = À terminer au plus tard le { $date }.
deadline-name-acknowledgement = confirmation de réception
deadline-name-response = réponse du conseil des soins
deadline-name-review = nouvelle discussion après un report
deadline-name-follow-up = suivi
item-on-meeting = À l’ordre du jour de la réunion du conseil des soins du { $date }, à { $place }.
item-see-agenda = Voir l’ordre du jour.
item-discussed-at = Le conseil des soins a discuté de ce point lors de la réunion du { $date }.
item-closes-on = Si personne ne s’y oppose, ce point sera clôturé le { $date }.
item-visibility = Visible pour
item-public = tout le monde (public)
item-not-public = les membres de la zone
item-what-now = Que pouvez-vous faire maintenant ?
item-decision = Décision du conseil des soins
decision-superseded = Cette décision a été corrigée plus tard. Elle reste visible.
decision-referred-to = Transmis à : { $to }
decision-review = Nouvelle discussion le { $date }.
decision-reasons = Pourquoi :
item-minutes = Compte rendu de la discussion
minutes-by = Compte rendu rédigé par { $name }
minutes-confirmed-by = Ceci reflète ce que nous avons dit, selon :
minutes-correction-by = Correction de { $name }
minutes-confirm = Ceci reflète ce que nous avons dit
item-actions = Suivi
action-responsible = Qui : { $who }
action-due = à terminer au plus tard le { $date }
action-done = C’est fait.
action-progress = Avancement : { $percent } %
field-action-note = Qu’est-ce qui s’est passé ?
field-action-percent = Où en est-on ? (en pour cent, facultatif)
field-action-done = Cette action est terminée
action-save-update = Enregistrer l’avancement
item-notes = Questions, réponses et objections
item-reactions = Réactions
item-no-reactions = Pas encore de réactions.
visibility-is-public = Tout le monde peut lire et suivre ce point.
visibility-make-private = Ne plus rendre public
visibility-explain = Pour l’instant, ce point est visible uniquement pour les membres de la zone. Votre panel peut le rendre public, pour que tout le monde puisse le suivre.
visibility-make-public = Rendre public
cancel-back = Retour au point, sans rien faire

outcome-accepted = accepté
outcome-partly-accepted = accepté en partie
outcome-not-accepted = non accepté
outcome-referred = transmis à une autre instance
outcome-postponed = reporté

move-acknowledge = Confirmer la réception
move-schedule = Mettre à l’ordre du jour
move-request-clarification = Demander des précisions
move-answer-clarification = Donner des précisions
move-decide = Noter la décision du conseil des soins
move-correct-decision = Corriger la décision
move-propose-closure = Proposer de clôturer
move-object-closure = S’opposer à la clôture
move-confirm-closure = D’accord : ce point peut être clôturé
move-reopen = Rouvrir
move-withdraw = Retirer le point
move-react = Réagir
move-own-view = Ajouter votre point de vue
move-comment = Ajouter une remarque
move-correct-minutes = Corriger le compte rendu
move-add-action = Ajouter une action

move-explain-acknowledge = Vous confirmez que la zone a reçu ce point. Choisissez quand le conseil des soins répondra au plus tard : une date ou une réunion. Sans choix, le délai normal de la zone s’applique.
move-explain-schedule = Choisissez la réunion du conseil des soins qui discutera de ce point. Le panel voit la date.
move-explain-request-clarification = Posez votre question au panel. Tant que le panel ne répond pas, le délai est suspendu.
move-explain-answer-clarification = Donnez les explications que le conseil des soins demande. Ensuite, le délai reprend.
move-explain-decide = Notez ce que le conseil des soins a décidé, et pourquoi. Écrivez-le pour que tout le monde le comprenne. Une décision reste enregistrée. Vous pouvez la corriger plus tard, mais les deux restent visibles.
move-explain-correct-decision = La décision précédente reste visible. Cette nouvelle décision la remplace.
move-explain-propose-closure = Écrivez pourquoi ce point peut être clôturé. Le panel peut être d’accord ou s’y opposer. Sans opposition, le point est clôturé après 14 jours.
move-explain-object-closure = Écrivez pourquoi ce point n’est pas encore terminé. Il reste alors ouvert.
move-explain-withdraw = Votre panel retire ce point. Il reste visible sur la ligne du temps.
move-explain-reopen = Écrivez pourquoi ce point doit être examiné à nouveau. Le conseil des soins reçoit un nouveau délai.
move-explain-react = Écrivez votre réaction avec vos propres mots. Personne ne la modifie.
move-explain-own-view = Vous n’êtes pas d’accord avec ce point ? Écrivez votre propre point de vue. Il reste visible à côté du point.
move-explain-comment = Écrivez une remarque pour le panel et le conseil des soins.
move-explain-correct-minutes = Le compte rendu ne reflète pas ce que vous avez dit ? Écrivez votre correction. Elle reste toujours avec le compte rendu.
move-explain-add-action = Que va-t-il se passer, qui s’en charge, et pour quand ?

move-button-acknowledge = Confirmer la réception
move-button-schedule = Mettre à l’ordre du jour
move-button-request-clarification = Envoyer la question
move-button-answer-clarification = Envoyer les explications
move-button-decide = Enregistrer la décision
move-button-correct-decision = Enregistrer la décision corrigée
move-button-propose-closure = Proposer la clôture
move-button-object-closure = Envoyer l’objection
move-button-withdraw = Retirer le point
move-button-reopen = Rouvrir
move-button-react = Ajouter votre réaction
move-button-own-view = Ajouter votre point de vue
move-button-comment = Ajouter la remarque
move-button-correct-minutes = Ajouter la correction
move-button-add-action = Ajouter l’action

field-outcome = Qu’a décidé le conseil des soins ?
field-reasons = Pourquoi ?
hint-reasons = En langage simple, pour les personnes du panel.
field-referred-to = Transmis à
hint-referred-to = Seulement si le point est transmis : par exemple à la commune ou à l’autorité flamande.
field-review-date = Nouvelle date
hint-review-date = Seulement en cas de report : quand le conseil des soins examine-t-il ce point à nouveau ?
field-meeting = Réunion du conseil des soins
option-no-meeting = Ne pas choisir de réunion
field-due = Réponse au plus tard le
hint-due = Facultatif. Sans date, le délai normal de la zone s’applique.
field-action-due = À terminer au plus tard le
hint-action-due = La date à laquelle l’action doit être terminée.
field-action-what = Que va-t-il se passer ?
field-action-responsible = Qui s’en charge ? (organisation ou personne)
field-note-propose-closure = Pourquoi ce point peut-il être clôturé ?
field-text-request-clarification = Votre question au panel
field-text-answer-clarification = Vos explications
field-text-object-closure = Pourquoi ce point n’est-il pas encore terminé ?
field-text-withdraw = Pourquoi retirez-vous le point ? (facultatif)
field-text-reopen = Pourquoi ce point doit-il être examiné à nouveau ?
field-text-react = Votre réaction
field-text-own-view = Votre point de vue
field-text-comment = Votre remarque
field-correction = Votre correction
hint-correction = Le compte rendu reste tel quel. Votre correction s’ajoute à côté.

note-clarification-request = Demande de précisions
note-clarification-answer = Précisions du panel
note-closing-note = Proposition de clôture
note-objection = Objection à la clôture
note-withdrawal = Raison du retrait
note-reopen-reasons = Raison de la réouverture
note-reaction = Réaction
note-own-view = Point de vue personnel
note-comment = Remarque

meetings-title = Réunions du conseil des soins – { $zone }
meetings-none = Aucune réunion n’est encore prévue.
meetings-plan = Planifier une réunion
field-starts-at = Date et heure
hint-starts-at = Par exemple 2026-04-15 19:30.
field-place = Lieu
field-other-points = Autres points à l’ordre du jour (facultatif)
meetings-plan-button = Planifier la réunion
meetings-back = Vers toutes les réunions
meeting-status-planned = prévue
meeting-status-held = tenue
meeting-title = Réunion du conseil des soins du { $date }
meeting-place = Lieu : { $place }
meeting-print = Imprimer (A4)
meeting-citizen-agenda = Agenda citoyen : points des panels
brought-in-by-on = Apporté par { $panel } le { $date }
field-minutes-summary = Compte rendu de la discussion de { $reference }
meeting-save-minutes = Enregistrer le compte rendu
meeting-no-items = Il n’y a pas encore de points des panels citoyens à cet ordre du jour.
meeting-other-points = Autres points
meeting-held-explain = La réunion a eu lieu ? Notez-le ici.
meeting-mark-held = La réunion a eu lieu
meeting-back = Retour à la réunion

overview-title = Vue d’ensemble de { $zone }
overview-today = Aujourd’hui : { $date }
overview-overdue = En retard
overview-none-overdue = Rien n’est en retard.
overview-actions-overdue = Actions en retard
overview-this-week = À faire cette semaine
overview-none-this-week = Il n’y a rien à faire cette semaine.
overview-next-meeting = Prochaine réunion
overview-no-meeting = Aucune réunion n’est prévue.
col-item = Point
col-waiting-for = En attente de
col-due = Au plus tard le
col-late = Retard

public-intro = Vous voyez ici les points que les panels citoyens ont rendus publics, et si le conseil des soins répond à temps.
figures-title = Chiffres du { $from } au { $to }
figures-submitted = Points déposés
figures-decided = Points avec une décision
figures-median = Temps d’attente habituel jusqu’à une décision (médiane)
figures-days = { $days ->
    [one] 1 jour
   *[other] { $days } jours
}
figures-none = pas encore
figures-on-time = Décision à temps
figures-percent = { $percent } %
figures-overdue-now = En retard maintenant
public-items = Points publics
public-on-time = À temps, réponse au plus tard le { $date }
public-none = Il n’y a pas encore de points publics.

zone-meetings = Réunions du conseil des soins
zone-overview = Vue d’ensemble : ce qui est en retard, ce qui est à faire cette semaine
zone-public-page = Page publique de la zone

flash-moved = C’est fait. L’état est maintenant : { $status }.
flash-reaction-added = Votre texte est ajouté.
flash-minutes-confirmed = Merci. Vous avez confirmé le compte rendu.
flash-minutes-corrected = Votre correction figure maintenant avec le compte rendu.
flash-action-added = L’action est ajoutée.
flash-action-updated = L’avancement de l’action est enregistré.
flash-made-public = Ce point est maintenant public.
flash-made-private = Ce point n’est plus public.
flash-meeting-planned = La réunion est planifiée.
flash-minutes-recorded = Le compte rendu est enregistré.
flash-meeting-held = La réunion est notée comme tenue.

error-action = Cette étape n’existe pas.
error-date = Entrez une date, comme 2026-04-15.
error-datetime = Entrez une date et une heure, comme 2026-04-15 19:30.
error-due-past = Cette date est déjà passée.
error-due-max = Cette date est plus tardive que ce que la zone permet.
error-meeting = Choisissez une réunion de cette zone.
error-meeting-held = Cette réunion a déjà eu lieu.
error-outcome = Choisissez ce que le conseil des soins a décidé.
error-referred-to = Écrivez à qui le point est transmis.
error-review-date = En cas de report, choisissez une nouvelle date.
error-review-future = La nouvelle date doit être après aujourd’hui.
error-action-needs-acceptance = Une action est possible seulement après une décision « accepté » ou « accepté en partie ».
error-percent = Choisissez un nombre de 0 à 100.
error-not-on-agenda = Ce point n’est pas à l’ordre du jour de cette réunion.
error-minutes-exist = Il existe déjà un compte rendu de ce point pour cette réunion.
error-no-minutes = Il n’y a pas encore de compte rendu.
error-already-confirmed = Vous avez déjà confirmé ce compte rendu.
error-period = La date de début doit être avant la date de fin.

event-acknowledged = Réception confirmée
event-explain-acknowledged = La zone a confirmé qu’elle a reçu votre point. Il y a une date pour la réponse.
event-clarification-requested = Demande de précisions
event-explain-clarification-requested = Le conseil des soins demande plus d’explications. Le délai est suspendu jusqu’à la réponse du panel.
event-clarification-answered = Précisions données
event-explain-clarification-answered = Le panel a donné des explications. Le délai reprend. Les jours d’attente s’y ajoutent.
event-scheduled = Mis à l’ordre du jour
event-explain-scheduled = Le conseil des soins discute de votre point lors d’une réunion.
event-decided = Décision prise
event-explain-decided = Le conseil des soins a discuté de votre point et a pris une décision. Vous lisez pourquoi ci-dessous.
event-decision-corrected = Décision corrigée
event-explain-decision-corrected = La décision a été corrigée. La décision précédente reste visible.
event-overdue = En retard
event-explain-overdue = Le délai est dépassé et il n’y a pas encore de réponse. Cela reste visible.
event-action-added = Action prévue
event-explain-action-added = Le conseil des soins met la décision en œuvre avec cette action.
event-action-updated = Du nouveau sur une action
event-explain-action-updated = L’action a avancé. Voici où elle en est.
event-action-overdue = Action en retard
event-explain-action-overdue = Une action n’est pas terminée à la date prévue.
event-closure-proposed = Clôture proposée
event-explain-closure-proposed = Le conseil des soins propose de clôturer ce point. Le panel peut être d’accord ou s’y opposer.
event-closed = Clôturé
event-explain-closed = Le panel est d’accord. Ce point est clôturé.
event-closure-objected = Objection à la clôture
event-explain-closure-objected = Le panel estime que ce point n’est pas encore terminé. Il reste ouvert.
event-auto-closed = Clôturé automatiquement
event-explain-auto-closed = Personne ne s’y est opposé dans les 14 jours. Burgerstem a clôturé le point.
event-withdrawn = Retiré
event-explain-withdrawn = Le panel a retiré ce point.
event-reopened = Rouvert
event-explain-reopened = Le panel a rouvert ce point. Le conseil des soins reçoit un nouveau délai.
event-minutes-recorded = Compte rendu de la discussion
event-explain-minutes-recorded = L’équipe de la zone a noté ce que le conseil des soins a dit. Le panel peut le confirmer ou le corriger.
event-minutes-confirmed = Compte rendu confirmé
event-explain-minutes-confirmed = Un membre du panel dit : ceci reflète ce que nous avons dit.
event-minutes-corrected = Correction du compte rendu
event-explain-minutes-corrected = Un membre du panel a écrit une correction. Elle reste avec le compte rendu.
event-reaction-added = Réaction
event-explain-reaction-added = Un membre du panel a réagi.
event-own-view-added = Point de vue personnel
event-explain-own-view-added = Un membre du panel voit les choses autrement. Cela reste visible.
event-comment-added = Remarque
event-explain-comment-added = Un membre du personnel ou du conseil des soins a écrit une remarque.
event-made-public = Rendu public
event-explain-made-public = Le panel a rendu ce point public.
event-made-private = N’est plus public
event-explain-made-private = Le panel a rendu ce point à nouveau visible uniquement pour la zone.

## Apporter un point étape par étape

guided-step = Étape { $step } sur { $steps }
guided-progress-label = Progression
guided-1-heading = De quoi s’agit-il ?
guided-2-heading = Que voulez-vous dire ?
guided-3-heading = Qui doit le savoir ?
guided-4-heading = Vérifiez et envoyez
guided-text-proposal = Que proposez-vous ?
guided-text-question = Quelle est votre question ?
guided-text-signal = Que remarquez-vous ?
guided-text- = Que voulez-vous dire ?
guided-panel = Quel panel apporte ce point ?
guided-public = Tout le monde peut lire et suivre ce point (public)
guided-review-intro = Relisez tout. Quelque chose ne va pas ? Modifiez-le.
guided-change = Modifier « { $what } »
guided-next = Étape suivante
guided-back = Étape précédente
guided-save-draft = Enregistrer comme brouillon, sans envoyer encore

## Confort de lecture et accessibilité

display-legend = Affichage
display-large = Lettres plus grandes
display-contrast = Plus de contraste
display-save = Enregistrer l’affichage
footer-accessibility = Accessibilité : signalez un problème
session-warning = Vous n’avez rien fait depuis un moment. Dans 5 minutes, la session se ferme. Ce que vous avez tapé reste enregistré sur cet appareil.
session-extend = Je suis encore là
session-extended = Très bien. Votre session continue.
written-in-nl = Écrit en néerlandais
written-in-fr = Écrit en français
written-in-en = Écrit en anglais
a11y-title = Déclaration d’accessibilité
a11y-intro = Tout le monde doit pouvoir utiliser Burgerstem : aussi en situation de handicap, avec peu d’expérience des ordinateurs, ou sur un vieux téléphone.
a11y-status-heading = Burgerstem est-il accessible ?
a11y-status = Burgerstem veut respecter les règles d’accessibilité du web (WCAG 2.1, niveau AA). Chaque page est testée automatiquement dans un vrai navigateur, en trois langues et sur un écran étroit.
a11y-how-heading = Que faisons-nous pour cela ?
a11y-how-1 = Vous n’avez pas besoin de JavaScript. Tout fonctionne avec un clavier.
a11y-how-2 = Les textes sont courts et en langage simple.
a11y-how-3 = En bas de chaque page, vous pouvez choisir des lettres plus grandes ou plus de contraste.
a11y-how-4 = Les erreurs dans un formulaire apparaissent à côté du champ et en haut de la page.
a11y-how-5 = Vous pouvez imprimer les ordres du jour et les comptes rendus.
a11y-known-heading = Qu’est-ce qui ne fonctionne pas encore bien ?
a11y-known = Nous ne connaissons pas de problème pour l’instant. Vous en remarquez un ? Dites-le-nous.
a11y-report-heading = Signaler un problème
a11y-report-intro = Quelque chose ne marche pas, ou est difficile à lire ? Dites-le-nous. Vous ne devez pas donner votre nom.
field-barrier-page = Sur quelle page ? (facultatif)
field-barrier-description = Qu’est-ce qui n’a pas marché ?
field-contact-optional = Comment pouvons-nous vous joindre ? (facultatif)
field-contact = Coordonnées
a11y-report-button = Signaler le problème
flash-barrier-reported = Merci. Nous allons examiner votre signalement.
admin-barrier-reports = Signalements sur l’accessibilité
admin-no-barrier-reports = Pas encore de signalements.

## Messages

nav-inbox = Messages ({ $count })
notify-inbox-title = Messages
notify-inbox-intro = Vous voyez ici ce qui s’est passé avec les points que vous suivez.
notify-inbox-empty = Vous n’avez pas encore de messages.
notify-show-all = Afficher tous les messages
notify-show-unread = Afficher seulement les nouveaux messages
notify-preferences-link = Choisissez les messages que vous recevez par e-mail
notify-read-all = Tout marquer comme lu
notify-new = Nouveau
notify-back-to-inbox = Retour à vos messages
notify-preferences-title = Messages par e-mail
notify-preferences-intro = Choisissez pour chaque type de message : un e-mail tout de suite, un seul e-mail par jour avec tout ensemble, ou seulement ici dans Burgerstem.
notify-preferences-save = Enregistrer vos choix
notify-mode-immediate = Un e-mail tout de suite
notify-mode-digest = Un e-mail par jour
notify-mode-inbox = Pas d’e-mail, seulement dans Burgerstem
notify-group-acknowledgement = La zone a reçu votre point
notify-group-clarification = Le conseil des soins demande plus d’explications
notify-group-agenda = Votre point est à l’ordre du jour
notify-group-minutes = Un compte rendu est à relire
notify-group-decision = Le conseil des soins a décidé
notify-group-follow-up = Du nouveau sur le suivi
notify-group-closure = Proposition de clôture
notify-group-overdue = Quelque chose est en retard dans votre zone
notify-group-digest = L’e-mail quotidien avec tout ensemble
notify-unsubscribe-title = Ne plus recevoir d’e-mails pour ce type de message
notify-unsubscribe-confirm = Vous ne voulez plus recevoir d’e-mails pour : { $group } ? Vous voyez toujours ces messages dans Burgerstem.
notify-unsubscribe-button = Oui, plus d’e-mails à ce sujet
notify-unsubscribe-done = Vous ne recevez plus d’e-mails pour : { $group }. Vos autres choix restent les mêmes.
notify-unsubscribe-more = Vous voulez choisir autre chose ?
notify-zone-title = Messages pour { $zone }
notify-failed-heading = E-mails qui ne sont pas arrivés
notify-failed-intro = Burgerstem a essayé plusieurs fois d’envoyer ces e-mails. Cela n’a pas marché. Vérifiez l’adresse, ou réessayez.
notify-failed-none = Tous les e-mails sont envoyés.
notify-failed-tries = { $count ->
    [one] { $count } essai
   *[other] { $count } essais
}
notify-failed-retry = Réessayer
notify-letters-heading = Imprimer les messages comme lettre
notify-letters-intro = Quelqu’un n’a pas d’e-mail ? Imprimez alors le message comme lettre. La ligne du temps du point montre qui a imprimé la lettre.
notify-letter-print = Imprimer comme lettre pour { $name }
letter-title = Message à propos de { $reference }
letter-to = À : { $name }
letter-link = Sur l’ordinateur, vous lisez tout ici : { $link }
letter-closing = Avec nos salutations cordiales, la zone de première ligne.
letter-printed = Imprimé par { $by }
flash-notify-all-read = Tous les messages sont lus.
flash-notify-saved = Vos choix sont enregistrés.
flash-notify-retry = Burgerstem essaie à nouveau d’envoyer l’e-mail.
flash-password-reset = Votre nouveau mot de passe est enregistré. Vous pouvez maintenant vous connecter.
error-notify-group = Ce type de message n’existe pas.
error-notify-mode = Choisissez : tout de suite, une fois par jour ou seulement dans Burgerstem.
reset-title = Mot de passe oublié
reset-intro = Entrez votre adresse e-mail. Vous avez un compte ? Vous recevrez alors un e-mail avec un lien pour choisir un nouveau mot de passe.
reset-button = Envoyez-moi un lien
reset-sent = Vous avez un compte avec cette adresse ? Vous recevrez bientôt un e-mail. Le lien fonctionne une seule fois et pendant peu de temps.
reset-new-title = Choisissez un nouveau mot de passe
reset-new-button = Enregistrer le nouveau mot de passe
event-letter-printed = Lettre imprimée
event-explain-letter-printed = L’équipe de la zone a imprimé un message comme lettre, pour une personne sans e-mail.
mail-greeting = Bonjour { $name },
mail-item = Point { $reference } : { $title }
mail-link = Lisez tout ici : { $link }
mail-subject = { $reference } : { $what }
mail-unsubscribe = Vous ne voulez plus d’e-mails pour ce type de message ? Cliquez ici : { $link }
mail-preferences = Vos choix pour les e-mails : { $link }
mail-line-other = Il y a du nouveau sur le point { $reference } : { $what }.
mail-line-acknowledged = La zone a reçu votre point { $reference }. Vous recevrez une réponse au plus tard le { $date }.
mail-line-clarification-requested = Le conseil des soins demande plus d’explications sur votre point { $reference }. Le délai est suspendu jusqu’à la réponse du panel.
mail-line-scheduled = Votre point { $reference } est à l’ordre du jour du conseil des soins. La réunion a lieu le { $date }.
mail-line-minutes-recorded = Il y a un compte rendu de la discussion de votre point { $reference }. Est-il correct ? Confirmez-le, ou écrivez ce qui doit changer.
mail-line-decided = Le conseil des soins a pris une décision sur votre point { $reference } : { $outcome }. Le lien vous explique pourquoi.
mail-line-decision-corrected = La décision sur votre point { $reference } a été corrigée : { $outcome }. Le lien vous explique pourquoi.
mail-line-action-added = Une action est prévue pour votre point { $reference }. Elle doit être terminée le { $date }.
mail-line-action-updated = Il y a du nouveau sur une action pour votre point { $reference }.
mail-line-closure-proposed = Le conseil des soins propose de clôturer votre point { $reference }. Vous n’êtes pas d’accord ? Dites-le avant le { $date }.
mail-line-overdue = Le point { $reference } de votre zone est en retard. Le délai a pris fin le { $date }.
mail-line-action-overdue = Une action pour le point { $reference } de votre zone est en retard. Elle devait être terminée le { $date }.
mail-subject-invitation = Invitation à Burgerstem
mail-body-invitation =
    Bonjour,

    Vous recevez une invitation à participer à Burgerstem. Sur Burgerstem, les citoyens et citoyennes présentent leurs propres points au conseil des soins.

    Créez votre compte avec ce lien : { $link }

    Le lien fonctionne pendant { $days } jours. Vous n’attendiez pas cet e-mail ? Vous n’avez rien à faire.
mail-subject-password-reset = Un nouveau mot de passe pour Burgerstem
mail-body-password-reset =
    Bonjour { $name },

    Quelqu’un a demandé un nouveau mot de passe pour votre compte. C’était vous ? Choisissez alors un nouveau mot de passe avec ce lien : { $link }

    Le lien fonctionne pendant { $minutes } minutes, et une seule fois. Vous n’avez rien demandé ? Vous n’avez rien à faire. Votre mot de passe reste le même.
mail-subject-digest = Vos messages du { $date }
mail-digest-intro = Voici les nouveautés dans Burgerstem le { $date } :
