# Burgerstem: English texts (plain English). Short sentences, active voice, no jargon.
# Terms: first-line zone = eerstelijnszone (ELZ); care council = zorgraad; item = punt (a proposal, a question or a signal).
# Citizen agenda: meeting = vergadering; minutes = verslag; deadline = termijn; follow-up = opvolging; close = afronden; referred = doorverwezen; own view = eigen standpunt.

site-name = Burgerstem
skip-to-content = Skip to content
nav-label = Main menu
nav-home = Home
nav-admin = Platform management
nav-login = Log in
nav-logout = Log out ({ $name })
language-label = Choose a language
footer-text = Burgerstem: your question or proposal to the care council of your first-line zone. Every step is visible.
back-home = Back to the home page
errors-heading = Something is not right. Please check this:
error-prefix = Error:
error-title = That did not work
error-code = Error code { $code }

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

home-title = Welcome to Burgerstem
home-intro = With Burgerstem, your citizen panel brings its own items to the care council (zorgraad). The care council is the group that steers primary care in your area. Such an area is called a first-line zone (eerstelijnszone).
home-intro-2 = You can always see what happens to your item: who received it, when it will be discussed and what the care council decided.
home-welcome = Hello { $name }
home-your-roles = Your role:
home-your-panels = Your panels
home-bring-in = Bring in an item
home-open-zone = See everything in { $name }
home-no-zones = You are not a member of a zone yet. You get access through an invitation.

login-title = Log in
login-forgot = Forgot your password?
login-button = Log in
field-email = Email address
field-password = Password
field-new-password = Choose a password
field-name = Name
hint-password = At least 8 characters. A sentence that you easily remember is good.

setup-title = Create the first administrator
setup-intro = This is a new installation. Create the account of the first administrator of the platform here. This link works only once.
setup-button = Create administrator

invitation-title = Invitation
invitation-intro = Welcome, { $name }. You are invited with the role: { $role }.
invitation-zone = For: { $zone }.
invitation-existing-hint = You already have an account with this email address. Enter your password to accept the invitation.
invitation-button = Accept the invitation
invitation-accepted = Accepted
invitation-open-until = Open until { $date }

admin-title = Platform management
admin-zones = Zones
admin-no-zones = There are no zones yet.
admin-manage-zone = Manage { $name }
admin-new-zone = New zone
admin-create-zone = Create zone
field-zone-code = Zone code
hint-zone-code = 2 to 12 capital letters or digits, for example DEMO. The code is part of every reference number.
field-zone-name = Zone name

manage-title = Manage { $zone }
manage-mail = Messages that could not be sent
manage-back = Back to { $zone }
manage-link-heading = Invitation ready
manage-link-intro = Give this link to { $name } ({ $email }). The link works once and expires after 14 days.
manage-panels = Panels
manage-no-panels = This zone has no panels yet.
manage-new-panel = New panel
manage-create-panel = Create panel
field-panel-name = Panel name
field-panel-slug = Short name for the link
hint-panel-slug = Lowercase letters, digits and hyphens, for example citizen-panel.
field-panel-kind = Type of panel
manage-invite = Invite someone
manage-invite-intro = Invite someone with a role. A citizen becomes a member of a panel.
field-role = Role
field-panel = Panel
hint-invite-panel = Required for a citizen.
option-no-panel = No panel
manage-create-invitation = Create invitation
manage-invitations = Invitations
manage-invitation-state = Status
manage-members = Members of the zone
manage-no-members = No members yet.
manage-settings = Deadlines of the zone
field-ack-days = Within how many days does the zone confirm receipt?
field-response-days = Within how many days does an answer follow?
field-max-response-days = What is the longest an answer may take, in days?
manage-save-settings = Save deadlines

role-citizen = citizen
role-staff = staff member of the first-line zone
role-council = member of the care council
role-admin = zone administrator

panel-kind-burgerplatform = citizen panel
panel-kind-pzon-cluster = PZON cluster (people with a care or support need)
panel-kind-klankbordgroep = sounding board

zone-manage = Manage this zone
zone-bring-in = Bring an item to the care council
zone-bring-in-for = New item for { $panel }
zone-items = Items
zone-no-items = There are no items yet.
field-status-filter = Show items with the status
option-all-statuses = All
filter-button = Show
pager-label = More items
pager-prev = Previous page
pager-next = Next page

kind-proposal = proposal
kind-question = question
kind-signal = signal
kind-hint-proposal = You want something to change.
kind-hint-question = You have a question for the care council.
kind-hint-signal = You notice a problem and want the care council to know about it.

item-new-title = Bring in an item
item-new-intro = Write what you want in your own words. Nobody changes your text.
item-new-draft-note = First you save a draft. Your panel can read it and co-sign it. Then you send it to the care council.
item-save-draft = Save draft
item-edit-title = Edit draft { $reference }
item-edit = Edit draft
item-back = Back to the item
item-back-zone = To all items of the zone
field-kind = What is it?
field-title = Short title
hint-title = What is it about, in one sentence?
field-text = What do you want to say?
hint-text = Write it the way you would say it. After you submit it, this text stays as it is.
field-heard-at = Where did you hear this? (optional)
hint-heard-at = For example: coffee morning at the local service centre.
item-brought-in-by = Brought in by
item-created = Started on
item-submitted = Submitted on
item-words-frozen = The text as submitted
item-words-draft = The text (draft)
item-submit-explain = Submitting sends this item to the care council. After that, nobody can change the text. You can still add an addition.
item-submit = Submit to the care council
item-cosigns = Co-signed by
item-no-cosigns = Nobody yet.
item-cosign = I co-sign
item-addenda = Additions
item-no-addenda = No additions.
item-addendum-by = Addition by { $name }
field-addendum = Your addition
hint-addendum = The submitted text stays as it is. Your addition appears next to it.
item-add-addendum = Save addition
item-timeline-link = Timeline: everything that happened to this item

status-draft = draft
status-submitted = submitted
status-acknowledged = received
status-clarification-requested = clarification requested
status-scheduled = on the agenda
status-postponed = postponed
status-decided = decision made
status-in-follow-up = in follow-up
status-closure-proposed = closure proposed
status-closed = closed
status-withdrawn = withdrawn

status-explain-draft = Only your panel sees this. You can still change the text.
status-explain-submitted = The care council has your item. The staff will confirm that they received it.
status-explain-acknowledged = Receipt is confirmed. There is a date for the answer.
status-explain-clarification-requested = The care council asks for more explanation. The deadline is paused until you answer.
status-explain-scheduled = Your item is on the agenda of a meeting of the care council.
status-explain-postponed = The care council postpones the decision, with a reason and a new date.
status-explain-decided = The care council has decided and explains why.
status-explain-in-follow-up = The care council is carrying out the decision. You see every step.
status-explain-closure-proposed = The care council proposes to close this item. You can agree or object.
status-explain-closed = This item is closed.
status-explain-withdrawn = The panel has withdrawn this item.

timeline-title = Timeline of { $reference }
timeline-intro = Everything that happened to this item, in order. Nothing is deleted. Every step is secured with a code, so nobody can change it later without it being noticed.
timeline-event-number = step { $seq }
actor-system = Burgerstem (automatic)

event-created = Item started
event-explain-created = A member of the panel started this item as a draft. It got its reference number.
event-draft-edited = Draft edited
event-explain-draft-edited = The draft was edited before it was submitted.
event-cosigned = Co-signed
event-explain-cosigned = A member of the panel supports this item.
event-submitted = Submitted to the care council
event-explain-submitted = From now on, the text stays as it is.
event-addendum-added = Addition added
event-explain-addendum-added = A member of the panel added something. The submitted text stays unchanged.

flash-logged-out = You are logged out.
flash-welcome = Welcome! Your account is ready.
flash-zone-created = The zone { $name } has been created.
flash-panel-created = The panel { $name } has been created.
flash-settings-saved = The deadlines have been saved.
flash-item-created = Your draft has been saved with number { $reference }.
flash-draft-saved = The draft has been saved.
flash-cosigned = You now co-sign this item.
flash-submitted = Item { $reference } has been submitted to the care council.
flash-addendum-added = Your addition has been added.

error-not-found = This page does not exist, or you do not have access to it.
error-forbidden = You are not allowed to do this.
error-login-needed = Please log in first.
error-login = The email address or the password is not correct.
error-token = Your API key is missing, not correct or expired.
error-csrf = The form has expired. Reload the page and try again.
error-bad-request = We do not understand this request.
error-conflict = This is not possible now.
error-duplicate = This already exists.
error-invalid = Some details are not correct.
error-too-large = What you are sending is too large. Make the text shorter.
error-too-many = You tried too often. Wait a minute and try again.
error-unavailable = Burgerstem cannot save this right now. Try again in a few minutes. Nothing was lost.
error-internal = Something went wrong on our side. Try again later.
error-required = Please fill this in.
error-too-long = This is too long.
error-email = Enter a valid email address, like name@example.be.
error-password-short = Choose a password of at least 8 characters.
error-existing-password = This password is not correct. Use the password of your existing account.
error-role = Choose a role.
error-panel = This panel does not exist in this zone.
error-panel-required = Choose a panel for a citizen.
error-panel-kind = Choose a type of panel.
error-slug = Use 2 to 40 lowercase letters, digits or hyphens.
error-slug-taken = This short name is already in use.
error-zone-code = Use 2 to 12 capital letters or digits, starting with a letter.
error-zone-code-taken = This code is already in use.
error-days-range = This number of days is not possible.
error-max-days = The maximum must be at least as large as the normal deadline.
error-item-kind = Choose: proposal, question or signal.
error-status = This status does not exist.
error-frozen = This item has been submitted. The text can no longer change. Add an addition instead.
error-already-cosigned = You have already co-signed this item.
error-move-state = That is not possible in the current status of this item.
error-move-actor = This step is for someone else.
error-demo-not-empty = The demo needs an empty database.

## The citizen agenda: deadlines, meetings, decisions, follow-up

due-late = { $days ->
    [one] Overdue: 1 day
   *[other] Overdue: { $days } days
}
deadline-acknowledgement = The zone confirms receipt no later than { $date }.
deadline-response = Answer no later than { $date }.
deadline-review = The care council looks at this again on { $date }.
deadline-follow-up = To be finished no later than { $date }.
deadline-name-acknowledgement = confirmation of receipt
deadline-name-response = answer from the care council
deadline-name-review = new discussion after postponement
deadline-name-follow-up = follow-up
item-on-meeting = On the agenda of the care council meeting on { $date }, at { $place }.
item-see-agenda = See the agenda.
item-discussed-at = The care council discussed this at the meeting on { $date }.
item-closes-on = If nobody objects, this item will be closed on { $date }.
item-visibility = Visible to
item-public = everyone (public)
item-not-public = the members of the zone
item-what-now = What can you do now?
item-decision = Decision of the care council
decision-superseded = This decision was corrected later. It stays visible.
decision-referred-to = Referred to: { $to }
decision-review = New discussion on { $date }.
decision-reasons = Why:
item-minutes = Minutes of the discussion
minutes-by = Minutes by { $name }
minutes-confirmed-by = This reflects what we said, according to:
minutes-correction-by = Correction by { $name }
minutes-confirm = This reflects what we said
item-actions = Follow-up
action-responsible = Who: { $who }
action-due = to be finished no later than { $date }
action-done = Done.
action-progress = Progress: { $percent }%
field-action-note = What has happened?
field-action-percent = How far along is it? (percent, optional)
field-action-done = This action is finished
action-save-update = Save progress
item-notes = Questions, answers and objections
item-reactions = Reactions
item-no-reactions = No reactions yet.
visibility-is-public = Everyone can read and follow this item.
visibility-make-private = Make it no longer public
visibility-explain = Right now, only the members of the zone see this item. Your panel can make it public, so that everyone can follow it.
visibility-make-public = Make public
cancel-back = Back to the item, without doing anything

outcome-accepted = accepted
outcome-partly-accepted = partly accepted
outcome-not-accepted = not accepted
outcome-referred = referred
outcome-postponed = postponed

move-acknowledge = Confirm receipt
move-schedule = Put on the agenda
move-request-clarification = Ask for clarification
move-answer-clarification = Give clarification
move-decide = Record the decision of the care council
move-correct-decision = Correct the decision
move-propose-closure = Propose to close
move-object-closure = Object to closing
move-confirm-closure = Agreed: this item can be closed
move-reopen = Reopen
move-withdraw = Withdraw the item
move-react = React
move-own-view = Add your own view
move-comment = Add a comment
move-correct-minutes = Correct the minutes
move-add-action = Add an action

move-explain-acknowledge = You confirm that the zone received this item. Choose by when the care council answers: a date, or a meeting. Without a choice, the normal deadline of the zone applies.
move-explain-schedule = Choose the meeting of the care council that discusses this item. The panel sees the date.
move-explain-request-clarification = Ask the panel your question. Until the panel answers, the deadline is paused.
move-explain-answer-clarification = Give the explanation that the care council asks for. After that, the deadline runs again.
move-explain-decide = Write down what the care council decided, and why. Write it so that everyone understands it. A decision stays on record. You can correct it later, but both stay visible.
move-explain-correct-decision = The previous decision stays visible. This new decision replaces it.
move-explain-propose-closure = Write why this item can be closed. The panel can agree or object. If nobody objects, the item is closed after 14 days.
move-explain-object-closure = Write why this item is not finished yet. It then stays open.
move-explain-withdraw = Your panel withdraws this item. It stays visible on the timeline.
move-explain-reopen = Write why this item needs to be looked at again. The care council gets a new deadline.
move-explain-react = Write your reaction in your own words. Nobody changes it.
move-explain-own-view = Do you disagree with this item? Write your own view. It stays visible next to the item.
move-explain-comment = Write a comment for the panel and the care council.
move-explain-correct-minutes = Do the minutes not reflect what you said? Write your correction. It always stays with the minutes.
move-explain-add-action = What will happen, who does it, and by when?

move-button-acknowledge = Confirm receipt
move-button-schedule = Put on the agenda
move-button-request-clarification = Send the question
move-button-answer-clarification = Send the explanation
move-button-decide = Save the decision
move-button-correct-decision = Save the corrected decision
move-button-propose-closure = Propose closing
move-button-object-closure = Send the objection
move-button-withdraw = Withdraw the item
move-button-reopen = Reopen
move-button-react = Post your reaction
move-button-own-view = Post your view
move-button-comment = Post the comment
move-button-correct-minutes = Add the correction
move-button-add-action = Add the action

field-outcome = What did the care council decide?
field-reasons = Why?
hint-reasons = In plain language, for the people of the panel.
field-referred-to = Referred to
hint-referred-to = Only when the item is referred: for example to the municipality or the Flemish government.
field-review-date = New date
hint-review-date = Only when the decision is postponed: when does the care council look at this again?
field-meeting = Meeting of the care council
option-no-meeting = Do not choose a meeting
field-due = Answer no later than
hint-due = Optional. Without a date, the normal deadline of the zone applies.
field-action-due = To be finished no later than
hint-action-due = The date when the action must be finished.
field-action-what = What will happen?
field-action-responsible = Who does it? (organisation or person)
field-note-propose-closure = Why can this item be closed?
field-text-request-clarification = Your question to the panel
field-text-answer-clarification = Your explanation
field-text-object-closure = Why is this item not finished yet?
field-text-withdraw = Why do you withdraw the item? (optional)
field-text-reopen = Why does this item need to be looked at again?
field-text-react = Your reaction
field-text-own-view = Your view
field-text-comment = Your comment
field-correction = Your correction
hint-correction = The minutes stay as they are. Your correction appears next to them.

note-clarification-request = Request for clarification
note-clarification-answer = Clarification from the panel
note-closing-note = Proposal to close
note-objection = Objection to closing
note-withdrawal = Reason for withdrawing
note-reopen-reasons = Reason to reopen
note-reaction = Reaction
note-own-view = Own view
note-comment = Comment

meetings-title = Meetings of the care council – { $zone }
meetings-none = No meetings are planned yet.
meetings-plan = Plan a meeting
field-starts-at = Date and time
hint-starts-at = For example 2026-04-15 19:30.
field-place = Place
field-other-points = Other items on the agenda (optional)
meetings-plan-button = Plan the meeting
meetings-back = To all meetings
meeting-status-planned = planned
meeting-status-held = held
meeting-title = Meeting of the care council on { $date }
meeting-place = Place: { $place }
meeting-print = Print (A4)
meeting-citizen-agenda = Citizen agenda: items from the panels
brought-in-by-on = Brought in by { $panel } on { $date }
field-minutes-summary = Minutes of the discussion of { $reference }
meeting-save-minutes = Save the minutes
meeting-no-items = There are no items from citizens on this agenda yet.
meeting-other-points = Other items
meeting-held-explain = Has the meeting taken place? Record that it was held.
meeting-mark-held = The meeting was held
meeting-back = Back to the meeting

overview-title = Overview of { $zone }
overview-today = Today: { $date }
overview-overdue = Overdue
overview-none-overdue = Nothing is overdue.
overview-actions-overdue = Actions that are overdue
overview-this-week = To do this week
overview-none-this-week = There is nothing to do this week.
overview-next-meeting = Next meeting
overview-no-meeting = No meeting is planned.
col-item = Item
col-waiting-for = Waiting for
col-due = Due by
col-late = How late

public-intro = Here you see the items that citizen panels made public, and whether the care council answers on time.
figures-title = Figures from { $from } to { $to }
figures-submitted = Items submitted
figures-decided = Items with a decision
figures-median = Typical waiting time until a decision (median)
figures-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}
figures-none = none yet
figures-on-time = Decision on time
figures-percent = { $percent }%
figures-overdue-now = Overdue now
public-items = Public items
public-on-time = On time, answer no later than { $date }
public-none = There are no public items yet.

zone-meetings = Meetings of the care council
zone-overview = Overview: what is overdue, what is due this week
zone-public-page = Public page of the zone

flash-moved = Done. The status is now: { $status }.
flash-reaction-added = Your text has been added.
flash-minutes-confirmed = Thank you. You confirmed the minutes.
flash-minutes-corrected = Your correction is now with the minutes.
flash-action-added = The action has been added.
flash-action-updated = The progress of the action has been saved.
flash-made-public = This item is now public.
flash-made-private = This item is no longer public.
flash-meeting-planned = The meeting has been planned.
flash-minutes-recorded = The minutes have been saved.
flash-meeting-held = The meeting is marked as held.

error-action = This step does not exist.
error-date = Enter a date, like 2026-04-15.
error-datetime = Enter a date and time, like 2026-04-15 19:30.
error-due-past = This date has already passed.
error-due-max = This date is later than the zone allows.
error-meeting = Choose a meeting of this zone.
error-meeting-held = This meeting has already been held.
error-outcome = Choose what the care council decided.
error-referred-to = Write who the item is referred to.
error-review-date = When the decision is postponed, choose a new date.
error-review-future = The new date must be later than today.
error-action-needs-acceptance = Actions belong to a decision that is accepted or partly accepted.
error-percent = Choose a number from 0 to 100.
error-not-on-agenda = This item is not on the agenda of this meeting.
error-minutes-exist = There are already minutes of this item for this meeting.
error-no-minutes = There are no minutes yet.
error-already-confirmed = You have already confirmed these minutes.
error-period = The start date must be before the end date.

event-acknowledged = Receipt confirmed
event-explain-acknowledged = The zone confirmed that it received your item. There is a date for the answer.
event-clarification-requested = Request for clarification
event-explain-clarification-requested = The care council asks for more explanation. The deadline is paused until the panel answers.
event-clarification-answered = Clarification given
event-explain-clarification-answered = The panel gave an explanation. The deadline runs again, and the days of waiting are added to it.
event-scheduled = Put on the agenda
event-explain-scheduled = The care council discusses your item at a meeting.
event-decided = Decision made
event-explain-decided = The care council discussed your item and decided. Below you can read why.
event-decision-corrected = Decision corrected
event-explain-decision-corrected = The decision was corrected. The previous one stays visible.
event-overdue = Overdue
event-explain-overdue = The deadline has passed and there is no answer yet. This stays visible.
event-action-added = Action planned
event-explain-action-added = The care council carries out the decision with this action.
event-action-updated = News about an action
event-explain-action-updated = There is new progress on the action.
event-action-overdue = Action overdue
event-explain-action-overdue = An action was not finished on the agreed date.
event-closure-proposed = Closing proposed
event-explain-closure-proposed = The care council proposes to close this item. The panel can agree or object.
event-closed = Closed
event-explain-closed = The panel agreed. This item is closed.
event-closure-objected = Objection to closing
event-explain-closure-objected = The panel thinks this item is not finished yet. It stays open.
event-auto-closed = Closed automatically
event-explain-auto-closed = Nobody objected within 14 days. Burgerstem closed the item.
event-withdrawn = Withdrawn
event-explain-withdrawn = The panel withdrew this item.
event-reopened = Reopened
event-explain-reopened = The panel reopened this item. The care council gets a new deadline.
event-minutes-recorded = Minutes of the discussion
event-explain-minutes-recorded = A staff member wrote down what the care council said. The panel can confirm or correct it.
event-minutes-confirmed = Minutes confirmed
event-explain-minutes-confirmed = A member of the panel says: this reflects what we said.
event-minutes-corrected = Correction to the minutes
event-explain-minutes-corrected = A member of the panel wrote a correction. It stays with the minutes.
event-reaction-added = Reaction
event-explain-reaction-added = A member of the panel reacted.
event-own-view-added = Own view
event-explain-own-view-added = A member of the panel sees it differently. That stays visible.
event-comment-added = Comment
event-explain-comment-added = A staff member or a member of the care council wrote a comment.
event-made-public = Made public
event-explain-made-public = The panel made this item public.
event-made-private = No longer public
event-explain-made-private = The panel made this item visible to the zone only again.

## Bringing in an item step by step

guided-step = Step { $step } of { $steps }
guided-progress-label = Progress
guided-1-heading = What is it about?
guided-2-heading = What do you want to say?
guided-3-heading = Who needs to know?
guided-4-heading = Check and send
guided-text-proposal = What do you propose?
guided-text-question = What is your question?
guided-text-signal = What do you notice?
guided-text- = What do you want to say?
guided-panel = Which panel brings it in?
guided-public = Everyone may read and follow this item (public)
guided-review-intro = Read everything again. Is something not right? Change it.
guided-change = Change "{ $what }"
guided-next = Next step
guided-back = Previous step
guided-save-draft = Save as draft, do not send yet

## Ease of reading and accessibility

display-legend = Display
display-large = Larger text
display-contrast = More contrast
display-save = Save display settings
footer-accessibility = Accessibility: report a problem
session-warning = You have not been active for a while. In 5 minutes, you will be logged out. What you typed stays saved on this device.
session-extend = I am still here
session-extended = Good. You stay logged in.
written-in-nl = Written in Dutch
written-in-fr = Written in French
written-in-en = Written in English
a11y-title = Accessibility statement
a11y-intro = Everyone must be able to use Burgerstem: also with a disability, with little experience of computers, or on an old phone.
a11y-status-heading = How accessible is Burgerstem?
a11y-status = Burgerstem aims to meet the Web Content Accessibility Guidelines (WCAG 2.1, level AA). Every page is tested automatically in a real browser, in three languages and on a narrow screen.
a11y-how-heading = What do we do for this?
a11y-how-1 = You do not need JavaScript. Everything works with a keyboard.
a11y-how-2 = Texts are short and in plain language.
a11y-how-3 = At the bottom of every page, you can choose larger text or more contrast.
a11y-how-4 = Errors in a form appear next to the field and at the top of the page.
a11y-how-5 = You can print agendas and minutes.
a11y-known-heading = What does not work well yet?
a11y-known = We do not know of any problems right now. Do you notice one? Let us know.
a11y-report-heading = Report a problem
a11y-report-intro = Does something not work, or is something hard to read? Tell us. You do not have to give your name.
field-barrier-page = On which page? (optional)
field-barrier-description = What did not work?
field-contact-optional = How can we reach you? (optional)
field-contact = Contact details
a11y-report-button = Report the problem
flash-barrier-reported = Thank you. We will look at your report.
admin-barrier-reports = Reports about accessibility
admin-no-barrier-reports = No reports yet.

## Messages

nav-inbox = Messages ({ $count })
notify-inbox-title = Messages
notify-inbox-intro = Here you see what happened to the items that you follow.
notify-inbox-empty = You have no messages yet.
notify-show-all = Show all messages
notify-show-unread = Show only new messages
notify-preferences-link = Choose which messages you get by email
notify-read-all = Mark all as read
notify-new = New
notify-back-to-inbox = Back to your messages
notify-preferences-title = Messages by email
notify-preferences-intro = Choose for each type of message: an email right away, one email a day with everything together, or only here in Burgerstem.
notify-preferences-save = Save your choices
notify-mode-immediate = An email right away
notify-mode-digest = One email a day
notify-mode-inbox = No email, only in Burgerstem
notify-group-acknowledgement = The zone received your item
notify-group-clarification = The care council asks for more explanation
notify-group-agenda = Your item is on the agenda
notify-group-minutes = There are minutes for you to read
notify-group-decision = The care council has decided
notify-group-follow-up = News about the follow-up
notify-group-closure = Proposal to close
notify-group-overdue = Something is overdue in your zone
notify-group-digest = The daily email with everything together
notify-unsubscribe-title = No more emails about this type of message
notify-unsubscribe-confirm = Do you no longer want emails about: { $group }? You will still see these messages in Burgerstem.
notify-unsubscribe-button = Yes, no more emails about this
notify-unsubscribe-done = You no longer get emails about: { $group }. Your other choices stay as they were.
notify-unsubscribe-more = Do you want to choose something else?
notify-zone-title = Messages in { $zone }
notify-failed-heading = Emails that did not arrive
notify-failed-intro = Burgerstem tried to send these emails a few times. It did not work. Check the address, or try again.
notify-failed-none = All emails have been sent.
notify-failed-tries = { $count ->
    [one] Tried once
   *[other] Tried { $count } times
}
notify-failed-retry = Try again
notify-letters-heading = Print messages as a letter
notify-letters-intro = Does someone not have email? Then print the message as a letter. The timeline of the item shows who printed the letter.
notify-letter-print = Print as a letter for { $name }
letter-title = Message about { $reference }
letter-to = To: { $name }
letter-link = On a computer, you can read everything here: { $link }
letter-closing = Kind regards, the first-line zone.
letter-printed = Printed by { $by }
flash-notify-all-read = All messages are marked as read.
flash-notify-saved = Your choices have been saved.
flash-notify-retry = Burgerstem is trying to send the email again.
flash-password-reset = Your new password has been saved. You can log in now.
error-notify-group = This type of message does not exist.
error-notify-mode = Choose: right away, once a day or only in Burgerstem.
reset-title = Forgot your password
reset-intro = Enter your email address. Do you have an account? Then you get an email with a link to choose a new password.
reset-button = Send me a link
reset-sent = Do you have an account with this address? Then you will get an email soon. The link works once and only for a short time.
reset-new-title = Choose a new password
reset-new-button = Save the new password
event-letter-printed = Letter printed
event-explain-letter-printed = A staff member printed a message as a letter, for someone without email.
mail-greeting = Dear { $name },
mail-item = Item { $reference }: { $title }
mail-link = Read everything here: { $link }
mail-subject = { $reference }: { $what }
mail-unsubscribe = No more emails about this type of message? Click here: { $link }
mail-preferences = Your choices for emails: { $link }
mail-line-other = There is news about item { $reference }: { $what }.
mail-line-acknowledged = The zone received your item { $reference }. You will get an answer no later than { $date }.
mail-line-clarification-requested = The care council asks for more explanation about your item { $reference }. The deadline is paused until the panel answers.
mail-line-scheduled = Your item { $reference } is on the agenda of the care council. The meeting is on { $date }.
mail-line-minutes-recorded = There are minutes of the discussion of your item { $reference }. Are they right? Confirm them, or write what needs to change.
mail-line-decided = The care council has decided on your item { $reference }: { $outcome }. Follow the link to read why.
mail-line-decision-corrected = The decision on your item { $reference } was corrected: { $outcome }. Follow the link to read why.
mail-line-action-added = An action is planned for your item { $reference }. It must be finished by { $date }.
mail-line-action-updated = There is news about an action for your item { $reference }.
mail-line-closure-proposed = The care council proposes to close your item { $reference }. Do you not agree? Say so before { $date }.
mail-line-overdue = Item { $reference } in your zone is overdue. The deadline ended on { $date }.
mail-line-action-overdue = An action for item { $reference } in your zone is overdue. It had to be finished by { $date }.
mail-subject-invitation = Invitation to Burgerstem
mail-body-invitation =
    Hello,

    You are invited to take part in Burgerstem. On Burgerstem, citizens bring their own items to the care council.

    Create your account with this link: { $link }

    The link works for { $days } days. Were you not expecting this email? Then you do not need to do anything.
mail-subject-password-reset = A new password for Burgerstem
mail-body-password-reset =
    Dear { $name },

    Someone asked for a new password for your account. Was that you? Then choose a new password with this link: { $link }

    The link works for { $minutes } minutes, and only once. Did you not ask for it? Then you do not need to do anything. Your password stays the same.
mail-subject-digest = Your messages of { $date }
mail-digest-intro = This is new in Burgerstem on { $date }:
