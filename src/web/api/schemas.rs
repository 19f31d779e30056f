//! The shapes of the API's JSON answers, named for the OpenAPI document. The answers themselves are
//! built by the view functions (`web::views`, `web::consultation_view`, the `api` modules), which
//! the web pages share; these types only describe them. tests/openapi.rs checks real answers
//! against these schemas (every key documented, every required key present, the JSON types
//! right), so a view that changes without its schema fails the tests.
// Never built: only their schemas are used (serde's derive is there for `flatten`).
#![allow(dead_code)]

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A new API token.
#[derive(Serialize, ToSchema)]
pub struct Token {
    /// Send it as `Authorization: Bearer <token>`. Shown only here.
    token: String,
}

/// A person, by id and display name.
#[derive(Serialize, ToSchema)]
pub struct PersonRef {
    id: i64,
    name: String,
}

/// A zone, by code and name.
#[derive(Serialize, ToSchema)]
pub struct ZoneRef {
    /// The zone's short code, used in paths.
    code: String,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Zone {
    id: i64,
    code: String,
    name: String,
}

/// A panel, by id, slug and name.
#[derive(Serialize, ToSchema)]
pub struct PanelRef {
    id: i64,
    /// Used to name the panel in request bodies.
    slug: String,
    name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Panel {
    id: i64,
    slug: String,
    name: String,
    /// `burgerplatform`, `pzon-cluster` or `klankbordgroep`.
    kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct Membership {
    zone: ZoneRef,
    /// `citizen`, `staff`, `council`, `admin`.
    roles: Vec<String>,
    /// The panels the caller is a member of in this zone.
    panels: Vec<Panel>,
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct Me {
    id: i64,
    email: String,
    name: String,
    platform_admin: bool,
    /// `nl`, `fr` or `en`.
    locale: String,
    memberships: Vec<Membership>,
}

/// An invitation sent; the link is also mailed.
#[derive(Serialize, ToSchema)]
pub struct IssuedInvitation {
    id: i64,
    token: String,
    accept_url: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountRef {
    id: i64,
    email: String,
    name: String,
}

/// The account made by accepting an invitation.
#[derive(Serialize, ToSchema)]
pub struct NewAccount {
    user: AccountRef,
}

/// An item as it shows in lists.
#[derive(Serialize, ToSchema)]
pub struct Item {
    id: i64,
    /// The item's number in its zone, e.g. `ALFA-2026-0001`.
    reference: String,
    /// The zone's code.
    zone: String,
    panel: PanelRef,
    /// `proposal`, `question` or `signal`.
    kind: String,
    title: String,
    /// `draft`, `submitted`, `acknowledged`, `clarification-requested`, `scheduled`,
    /// `postponed`, `decided`, `in-follow-up`, `closure-proposed`, `closed`, `withdrawn`.
    status: String,
    author: PersonRef,
    /// Where and from whom the panel heard it, when entered on someone's behalf.
    heard_at: Option<String>,
    /// The language the text is written in.
    text_lang: String,
    public: bool,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    submitted_at: Option<String>,
    #[schema(format = DateTime)]
    updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ItemList {
    /// 50 to a page, newest first.
    items: Vec<Item>,
    page: i64,
    per_page: i64,
    /// The next page's address (also in the `Link` header), or null on the last page.
    next: Option<String>,
}

/// The deadline an item waits on now.
#[derive(Serialize, ToSchema)]
pub struct Deadline {
    /// `acknowledgement`, `response`, `review` or `follow-up`.
    deadline: String,
    #[schema(format = Date)]
    date: String,
    /// Days past the date; 0 when on time.
    overdue_days: i64,
    overdue: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Meeting {
    id: i64,
    #[schema(format = DateTime)]
    starts_at: String,
    place: String,
    /// `planned` or `held`.
    status: String,
    other_points: String,
}

/// A meeting with its agenda and minutes.
#[derive(Serialize, ToSchema)]
pub struct MeetingDetail {
    #[serde(flatten)]
    meeting: Meeting,
    /// The zone's code.
    zone: String,
    zone_name: String,
    /// Whether the meeting has begun (before that there are no minutes or decisions).
    started: bool,
    /// Whether this is the zone's next planned meeting.
    is_next: bool,
    /// The items on the agenda, in order: each an item with its deadline, `position`, the
    /// citizen's words (`text`), what the panel asks (`asks`, a message key), `waited_days`,
    /// `cosigners`, `signals` (references), `earlier_decisions`, the `minutes` of the meeting
    /// about it and its `decision` there (or null).
    #[schema(value_type = Vec<Object>)]
    agenda: Vec<Value>,
    /// `{id, item, summary, by, at}` per item discussed.
    #[schema(value_type = Vec<Object>)]
    minutes: Vec<Value>,
    /// For the next meeting: items that are late and on no agenda yet
    /// (`{id, reference, title, panel, deadline, due, overdue_days, scheduled}`).
    #[schema(value_type = Vec<Object>)]
    not_scheduled: Vec<Value>,
    /// For the next meeting: items late by the zone's second margin, on an agenda or not
    /// ("Te laat, nog niet beantwoord"), in the same shape.
    #[schema(value_type = Vec<Object>)]
    very_overdue: Vec<Value>,
}

#[derive(Serialize, ToSchema)]
pub struct Decision {
    id: i64,
    /// `accepted`, `partly-accepted`, `not-accepted`, `referred` or `postponed`.
    outcome: String,
    reasons: String,
    referred_to: Option<String>,
    #[schema(format = Date)]
    review_date: Option<String>,
    /// The meeting's id.
    meeting: Option<i64>,
    /// The decision this one corrects.
    supersedes: Option<i64>,
    recorded_by: String,
    #[schema(format = DateTime)]
    at: String,
    /// A later decision corrected this one.
    superseded: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ActionUpdate {
    by: String,
    percent: Option<i64>,
    note: String,
    #[schema(format = DateTime)]
    at: String,
}

/// A follow-up action on an item.
#[derive(Serialize, ToSchema)]
pub struct Action {
    id: i64,
    what: String,
    responsible: String,
    #[schema(format = Date)]
    due: String,
    percent: i64,
    /// `open` or `done`.
    status: String,
    overdue_days: i64,
    overdue: bool,
    #[schema(format = DateTime)]
    updated_at: String,
    updates: Vec<ActionUpdate>,
}

#[derive(Serialize, ToSchema)]
pub struct Cosign {
    /// The person's id.
    user: i64,
    name: String,
    #[schema(format = DateTime)]
    at: String,
}

/// Words added to an item after it was submitted (the item's own text never changes).
#[derive(Serialize, ToSchema)]
pub struct Addendum {
    id: i64,
    author: PersonRef,
    text: String,
    #[schema(format = DateTime)]
    at: String,
}

/// A note on an item: a reaction, own view or comment, or the text that came with a step.
#[derive(Serialize, ToSchema)]
pub struct ItemNote {
    id: i64,
    kind: String,
    author: Option<String>,
    text: String,
    #[schema(format = DateTime)]
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct MinutesResponse {
    /// `confirm` or `correction`.
    kind: String,
    by: String,
    /// The person's id.
    user: i64,
    text: Option<String>,
    #[schema(format = DateTime)]
    at: String,
}

/// What the minutes of a meeting say about the item, with the panel's confirmations and
/// corrections.
#[derive(Serialize, ToSchema)]
pub struct ItemMinutes {
    id: i64,
    meeting: i64,
    summary: String,
    by: String,
    #[schema(format = DateTime)]
    at: String,
    confirmations: Vec<MinutesResponse>,
    corrections: Vec<MinutesResponse>,
}

/// An item with everything that hangs off it.
#[derive(Serialize, ToSchema)]
pub struct ItemDetail {
    #[serde(flatten)]
    item: Item,
    /// Exactly as submitted (or the draft as it stands); never edited by anyone.
    original_text: String,
    /// Submitted: the text can no longer change.
    frozen: bool,
    overdue_days: i64,
    /// The date of the deadline it waits on now.
    #[schema(format = Date)]
    due: Option<String>,
    deadline: Option<Deadline>,
    #[schema(format = Date)]
    ack_due: Option<String>,
    #[schema(format = Date)]
    response_due: Option<String>,
    #[schema(format = Date)]
    review_date: Option<String>,
    #[schema(format = Date)]
    closure_due: Option<String>,
    meeting: Option<Meeting>,
    /// The decision in force.
    decision: Option<Decision>,
    /// All decisions, corrected ones included, oldest first.
    decisions: Vec<Decision>,
    /// Whether the panel judged the council's answer, and how.
    verdict: crate::service::verdicts::VerdictView,
    actions: Vec<Action>,
    cosigns: Vec<Cosign>,
    addenda: Vec<Addendum>,
    reactions: Vec<ItemNote>,
    notes: Vec<ItemNote>,
    minutes: Vec<ItemMinutes>,
    /// Only in the answer to adding an addendum: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    addendum_id: Option<i64>,
    /// Only in the answer to adding an action: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    action_id: Option<i64>,
    /// Only in the answer to adding a reaction: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    reaction_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct EventLink {
    href: String,
    reference: String,
}

/// One event on a timeline: a link in the zone's hash chain.
#[derive(Serialize, ToSchema)]
pub struct TimelineEvent {
    /// The event's number in the zone's chain.
    seq: i64,
    /// The text that is the event itself (an addendum, a reaction), if any.
    quote: Option<String>,
    /// The other subject an event ties this one to.
    link: Option<EventLink>,
    #[schema(format = DateTime)]
    at: String,
    /// What happened, e.g. `submitted`, `decided`, `signal-answered`.
    kind: String,
    actor: Option<String>,
    actor_id: Option<i64>,
    /// The event's data, covered by its hash.
    data: Value,
    /// Personal data kept beside the chain (texts, names): may be erased without breaking it.
    personal: Value,
    hash: String,
    prev_hash: String,
    short_hash: String,
}

#[derive(Serialize, ToSchema)]
pub struct ItemTimeline {
    /// The item's id.
    item: i64,
    reference: String,
    events: Vec<TimelineEvent>,
}

/// An item's dossier: the item, its timeline and the proof to check it offline.
#[derive(Serialize, ToSchema)]
pub struct Dossier {
    /// `burgerstem-dossier/1`.
    format: String,
    #[schema(format = DateTime)]
    generated_at: String,
    item: ItemDetail,
    timeline: Vec<TimelineEvent>,
    /// The piece of the zone's hash chain that covers the item, with its own format tag.
    #[schema(value_type = Object)]
    proof: Value,
}

/// A new minutes entry.
#[derive(Serialize, ToSchema)]
pub struct CreatedMinutes {
    id: i64,
    meeting: i64,
    item: i64,
}

/// A new update of an action.
#[derive(Serialize, ToSchema)]
pub struct CreatedActionUpdate {
    id: i64,
    action: i64,
}

/// A consultation as it shows in lists.
#[derive(Serialize, ToSchema)]
pub struct ConsultationRow {
    id: i64,
    reference: String,
    zone: String,
    title: String,
    #[schema(format = Date)]
    advice_due: String,
    asked_by: PersonRef,
    #[schema(format = DateTime)]
    created_at: String,
    /// `open`, `waiting-report` or `reported`.
    status: String,
    /// The date that matters now: the advice's while open, the report back's after.
    #[schema(format = Date)]
    due: Option<String>,
    late: bool,
    late_days: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ConsultationList {
    consultations: Vec<ConsultationRow>,
}

#[derive(Serialize, ToSchema)]
pub struct Participant {
    id: i64,
    name: String,
    /// The panel's id.
    panel: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PendingInvitation {
    name: String,
    #[schema(format = DateTime)]
    expires_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ConsultationReaction {
    id: i64,
    text: String,
    by: String,
    #[schema(format = DateTime)]
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct PointReport {
    /// `followed`, `partly-followed` or `not-followed`.
    outcome: String,
    reasons: String,
}

#[derive(Serialize, ToSchema)]
pub struct ItemRef {
    id: i64,
    reference: String,
}

/// One numbered point of an advice, with the council's answer and the item made of it.
#[derive(Serialize, ToSchema)]
pub struct AdvicePoint {
    n: i64,
    text: String,
    report: Option<PointReport>,
    item: Option<ItemRef>,
}

#[derive(Serialize, ToSchema)]
pub struct AdviceVersion {
    version: i64,
    text: String,
    by: String,
    #[schema(format = DateTime)]
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct AdviceNote {
    id: i64,
    /// `note` or `dissent`.
    kind: String,
    text: String,
    by: String,
    #[schema(format = DateTime)]
    at: String,
}

/// One panel's advice, written together in versions.
#[derive(Serialize, ToSchema)]
pub struct Advice {
    id: i64,
    panel: PanelRef,
    /// `drafting`, `submitted` or `reported`.
    status: String,
    version: i64,
    text: Option<String>,
    points: Vec<AdvicePoint>,
    /// The caller speaks for this panel.
    mine: bool,
    #[schema(format = DateTime)]
    submitted_at: Option<String>,
    submitted_by: Option<String>,
    #[schema(format = Date)]
    report_due: Option<String>,
    report_late: bool,
    report_late_days: i64,
    #[schema(format = DateTime)]
    reported_at: Option<String>,
    reported_by: Option<String>,
    report_summary: Option<String>,
    versions: Vec<AdviceVersion>,
    notes: Vec<AdviceNote>,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationLink {
    email: String,
    link: String,
}

/// A consultation with everything its caller may see.
#[derive(Serialize, ToSchema)]
pub struct Consultation {
    id: i64,
    reference: String,
    zone: String,
    title: String,
    #[schema(format = Date)]
    advice_due: String,
    asked_by: PersonRef,
    #[schema(format = DateTime)]
    created_at: String,
    /// `open`, `waiting-report` or `reported`.
    status: String,
    question: String,
    background: String,
    links: Vec<String>,
    advice_late: bool,
    advice_late_days: i64,
    panels: Vec<Panel>,
    participants: Vec<Participant>,
    invited: Vec<PendingInvitation>,
    reactions: Vec<ConsultationReaction>,
    advices: Vec<Advice>,
    /// Only in the answer to asking: the invitation links, to pass on if a mail does not arrive.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    invitations: Option<Vec<InvitationLink>>,
    /// Only in the answer to saving an advice: the new version.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    saved_version: Option<i64>,
    /// Only in the answer to adding a note: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    note_id: Option<i64>,
    /// Only in the answer to adding a reaction: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    reaction_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ConsultationTimeline {
    /// The consultation's id.
    consultation: i64,
    reference: String,
    events: Vec<TimelineEvent>,
}

/// The item a point of advice became.
#[derive(Serialize, ToSchema)]
pub struct PointMadeItem {
    item: ItemRef,
    /// The consultation's id.
    consultation: i64,
}

/// The item a signal was taken up in: its number and state, never its people.
#[derive(Serialize, ToSchema)]
pub struct SignalItem {
    /// Left out for the sender, who has no access to the item's page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    id: Option<i64>,
    reference: Option<String>,
    status: Option<String>,
    /// The panel's name.
    panel: Option<String>,
    public: bool,
}

/// A signal as its zone sees it, contact details included, for those who triage it.
#[derive(Serialize, ToSchema)]
pub struct Signal {
    id: i64,
    reference: String,
    /// The zone's code.
    zone: String,
    /// The sender's words, as sent.
    text: String,
    text_lang: String,
    /// `new`, `adopted`, `answered` or `set-aside`.
    status: String,
    /// `bewoner`, `mantelzorger`, `hulpverlener` or `andere`.
    relation: Option<String>,
    contact: Option<String>,
    may_contact: bool,
    person_name: Option<String>,
    heard_at: Option<String>,
    /// Recorded by a panel or staff member on someone's behalf.
    recorded: bool,
    recorded_by: Option<PersonRef>,
    item: Option<SignalItem>,
    answer: Option<String>,
    reason: Option<String>,
    #[schema(format = DateTime)]
    triaged_at: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct SignalList {
    /// The zone's code.
    zone: String,
    page: i64,
    per_page: i64,
    /// The next page's address (also in the `Link` header), or null on the last page.
    next: Option<String>,
    signals: Vec<Signal>,
}

#[derive(Serialize, ToSchema)]
pub struct SignalTimeline {
    signal: Signal,
    events: Vec<TimelineEvent>,
}

/// A signal recorded on someone's behalf (with a bearer token): the signal and the private link.
#[derive(Serialize, ToSchema)]
pub struct RecordedSignal {
    #[serde(flatten)]
    signal: Signal,
    /// The private token to follow the signal; give it to the person.
    token: String,
    follow_url: String,
}

/// A signal brought in without an account: the receipt and the private link to follow it.
#[derive(Serialize, ToSchema)]
// Closed, so a recorded signal (which has more) is not also a receipt: `BroughtIn` is one of two.
#[serde(deny_unknown_fields)]
pub struct SignalReceipt {
    reference: String,
    status: String,
    #[schema(format = DateTime)]
    created_at: String,
    /// The private token to follow the signal (`GET /api/v1/signals/{token}`); shown only here.
    token: String,
    follow_url: String,
}

/// Anonymous callers get a receipt; with a bearer token, the recorded signal.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum BroughtIn {
    Recorded(Box<RecordedSignal>),
    Anonymous(SignalReceipt),
}

#[derive(Serialize, ToSchema)]
pub struct FollowEvent {
    seq: i64,
    kind: String,
    #[schema(format = DateTime)]
    at: String,
    item_reference: Option<String>,
}

/// What the sender sees through the private link: no names of the people who handled it, no
/// contact details, nothing about other signals.
#[derive(Serialize, ToSchema)]
pub struct SignalFollow {
    reference: String,
    zone: ZoneRef,
    text: String,
    text_lang: String,
    status: String,
    relation: Option<String>,
    recorded: bool,
    contact_given: bool,
    answer: Option<String>,
    reason: Option<String>,
    item: Option<SignalItem>,
    #[schema(format = DateTime)]
    created_at: String,
    events: Vec<FollowEvent>,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationSubject {
    /// `item` or `consultation`.
    #[serde(rename = "type")]
    kind: String,
    id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Notification {
    id: i64,
    /// The kind of event, e.g. `decision`.
    kind: String,
    subject: NotificationSubject,
    event_seq: Option<i64>,
    reference: Option<String>,
    title: Option<String>,
    #[schema(value_type = Object)]
    detail: Value,
    /// Where it leads on the site.
    link: String,
    /// The mail's state: `pending`, `sending`, `sent`, `failed`, `skipped`, `digest` or `digested`.
    email: String,
    #[schema(format = DateTime)]
    read_at: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    /// How many are unread.
    unread: i64,
    /// Newest first, at most 200.
    notifications: Vec<Notification>,
}

#[derive(Serialize, ToSchema)]
pub struct Preferences {
    /// Per group of notifications, how mail is sent: one of `modes`.
    preferences: std::collections::BTreeMap<String, String>,
    modes: Vec<String>,
}

/// An OpenAPI 3.1 document.
#[derive(Serialize, ToSchema)]
pub struct OpenApiDocument {
    /// The OpenAPI version, `3.1.0`.
    openapi: String,
    #[schema(value_type = Object)]
    info: Value,
    #[schema(value_type = Vec<Object>)]
    servers: Vec<Value>,
    #[schema(value_type = Object)]
    paths: Value,
    #[schema(value_type = Object)]
    components: Value,
    #[schema(value_type = Vec<Object>)]
    tags: Vec<Value>,
}
