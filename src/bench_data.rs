//! `burgerstem bench-data`: fills an empty database with a large, realistic installation for the
//! benchmark (issue 8): many zones with their panels and members, items spread over years in every
//! lifecycle state with the rows the services write (co-signatures, addenda, notes, meetings and
//! agenda entries, minutes and responses, decisions, actions and updates, overdue marks, recent
//! notifications) and each zone's hash-chained history.
//!
//! The services work per request; at this size that would take hours. The generator simulates
//! each item's life the way the services would have recorded it, writes the rows with batched
//! multi-row INSERTs in one transaction per zone, and computes every event's hash with the same
//! functions `db::events::append` uses (`domain::chain`), so `burgerstem verify` passes. Every
//! deadline that has passed while an item waited carries its overdue mark and event, and every
//! closure whose term has passed is closed, so the deadline keeper has nothing to catch up when
//! the server starts.

use crate::db::Db;
use crate::domain::chain::{self, ChainedFields, GENESIS};
use crate::domain::clock::brussels_date;
use crate::domain::deadlines::{self, ItemDates};
use crate::domain::lifecycle::Status;
use crate::domain::reference::item_reference;
use crate::domain::working_days::Calendar;
use crate::service::notify::group_of;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};
use sqlx::{ConnectOptions, Connection};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// The password every generated account has.
pub const BENCH_PASSWORD: &str = "bench-burgerstem-2026";

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub zones: usize,
    pub items: usize,
    pub years: u32,
    pub seed: u64,
    pub password: String,
    /// The end of the generated history (normally the current time).
    pub now: DateTime<Utc>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            zones: 100,
            items: 200_000,
            years: 10,
            seed: 8,
            password: BENCH_PASSWORD.to_string(),
            now: Utc::now(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// (table, rows), in insertion order.
    pub counts: Vec<(String, u64)>,
    pub seconds: f64,
}

impl Report {
    pub fn count(&self, table: &str) -> u64 {
        self.counts
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    fn add(&mut self, table: &str, n: u64) {
        match self.counts.iter_mut().find(|(t, _)| t == table) {
            Some(e) => e.1 += n,
            None => self.counts.push((table.to_string(), n)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rows and batched inserts

/// One bound value.
#[derive(Debug, Clone)]
enum V {
    I(i64),
    NI(Option<i64>),
    S(String),
    NS(Option<String>),
    B(bool),
    T(DateTime<Utc>),
    NT(Option<DateTime<Utc>>),
    D(NaiveDate),
    ND(Option<NaiveDate>),
}

impl From<i64> for V {
    fn from(v: i64) -> V {
        V::I(v)
    }
}
impl From<Option<i64>> for V {
    fn from(v: Option<i64>) -> V {
        V::NI(v)
    }
}
impl From<String> for V {
    fn from(v: String) -> V {
        V::S(v)
    }
}
impl From<&str> for V {
    fn from(v: &str) -> V {
        V::S(v.to_string())
    }
}
impl From<Option<String>> for V {
    fn from(v: Option<String>) -> V {
        V::NS(v)
    }
}
impl From<Option<&str>> for V {
    fn from(v: Option<&str>) -> V {
        V::NS(v.map(str::to_string))
    }
}
impl From<bool> for V {
    fn from(v: bool) -> V {
        V::B(v)
    }
}
impl From<DateTime<Utc>> for V {
    fn from(v: DateTime<Utc>) -> V {
        V::T(v)
    }
}
impl From<Option<DateTime<Utc>>> for V {
    fn from(v: Option<DateTime<Utc>>) -> V {
        V::NT(v)
    }
}
impl From<NaiveDate> for V {
    fn from(v: NaiveDate) -> V {
        V::D(v)
    }
}
impl From<Option<NaiveDate>> for V {
    fn from(v: Option<NaiveDate>) -> V {
        V::ND(v)
    }
}

macro_rules! row {
    ($($v:expr),* $(,)?) => { vec![$(V::from($v)),*] };
}

/// Rows for one table, stored flat.
struct Table {
    name: &'static str,
    cols: &'static [&'static str],
    /// PostgreSQL: the id column is GENERATED ALWAYS AS IDENTITY.
    identity: bool,
    vals: Vec<V>,
}

impl Table {
    fn new(name: &'static str, cols: &'static [&'static str], identity: bool) -> Table {
        Table {
            name,
            cols,
            identity,
            vals: vec![],
        }
    }

    fn push(&mut self, row: Vec<V>) {
        debug_assert_eq!(row.len(), self.cols.len(), "{}", self.name);
        self.vals.extend(row);
    }

    fn rows(&self) -> usize {
        self.vals.len() / self.cols.len()
    }
}

/// Every table the generator writes, in an order that satisfies the foreign keys.
struct Tables {
    users: Table,
    zones: Table,
    memberships: Table,
    panels: Table,
    panel_members: Table,
    invitations: Table,
    meetings: Table,
    items: Table,
    item_counters: Table,
    item_cosigns: Table,
    item_addenda: Table,
    item_notes: Table,
    agenda_entries: Table,
    minutes: Table,
    minutes_responses: Table,
    decisions: Table,
    actions: Table,
    action_updates: Table,
    overdue_marks: Table,
    /// Only when the schema has signals (migration 0006).
    signals: Table,
    signal_counters: Table,
    events: Table,
    event_personal: Table,
    notifications: Table,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            users: Table::new(
                "users",
                &[
                    "id",
                    "email",
                    "display_name",
                    "password_hash",
                    "is_platform_admin",
                    "locale",
                    "created_at",
                ],
                true,
            ),
            zones: Table::new(
                "zones",
                &[
                    "id",
                    "code",
                    "name",
                    "ack_days",
                    "response_days",
                    "max_response_days",
                    "chain_seq",
                    "chain_head",
                    "created_at",
                    "closure_days",
                ],
                true,
            ),
            memberships: Table::new(
                "memberships",
                &["user_id", "zone_id", "role", "created_at"],
                false,
            ),
            panels: Table::new(
                "panels",
                &["id", "zone_id", "slug", "name", "kind", "created_at"],
                true,
            ),
            panel_members: Table::new(
                "panel_members",
                &["panel_id", "user_id", "created_at"],
                false,
            ),
            invitations: Table::new(
                "invitations",
                &[
                    "id",
                    "zone_id",
                    "token_hash",
                    "email",
                    "display_name",
                    "role",
                    "panel_id",
                    "invited_by",
                    "created_at",
                    "expires_at",
                    "accepted_at",
                ],
                true,
            ),
            meetings: Table::new(
                "meetings",
                &[
                    "id",
                    "zone_id",
                    "starts_at",
                    "place",
                    "other_points",
                    "status",
                    "created_by",
                    "created_at",
                ],
                true,
            ),
            items: Table::new(
                "items",
                &[
                    "id",
                    "zone_id",
                    "panel_id",
                    "reference",
                    "kind",
                    "title",
                    "body",
                    "heard_at",
                    "status",
                    "author_id",
                    "is_public",
                    "created_at",
                    "submitted_at",
                    "updated_at",
                    "acknowledged_at",
                    "ack_due",
                    "response_due",
                    "review_date",
                    "closure_due",
                    "meeting_id",
                    "return_status",
                    "paused_since",
                    "decided_at",
                    "closed_at",
                    "text_lang",
                ],
                true,
            ),
            item_counters: Table::new("item_counters", &["zone_id", "year", "last"], false),
            item_cosigns: Table::new("item_cosigns", &["item_id", "user_id", "created_at"], false),
            item_addenda: Table::new(
                "item_addenda",
                &["id", "item_id", "author_id", "body", "created_at"],
                true,
            ),
            item_notes: Table::new(
                "item_notes",
                &["id", "item_id", "author_id", "kind", "body", "created_at"],
                true,
            ),
            agenda_entries: Table::new(
                "agenda_entries",
                &["meeting_id", "item_id", "position", "created_at"],
                false,
            ),
            minutes: Table::new(
                "minutes",
                &[
                    "id",
                    "meeting_id",
                    "item_id",
                    "summary",
                    "author_id",
                    "created_at",
                ],
                true,
            ),
            minutes_responses: Table::new(
                "minutes_responses",
                &["id", "minutes_id", "user_id", "kind", "body", "created_at"],
                true,
            ),
            decisions: Table::new(
                "decisions",
                &[
                    "id",
                    "item_id",
                    "outcome",
                    "reasons",
                    "referred_to",
                    "review_date",
                    "meeting_id",
                    "supersedes",
                    "decided_by",
                    "created_at",
                ],
                true,
            ),
            actions: Table::new(
                "actions",
                &[
                    "id",
                    "item_id",
                    "zone_id",
                    "what",
                    "responsible",
                    "due_date",
                    "percent",
                    "status",
                    "created_by",
                    "created_at",
                    "updated_at",
                ],
                true,
            ),
            action_updates: Table::new(
                "action_updates",
                &[
                    "id",
                    "action_id",
                    "author_id",
                    "percent",
                    "note",
                    "created_at",
                ],
                true,
            ),
            overdue_marks: Table::new(
                "overdue_marks",
                &["subject_type", "subject_id", "deadline", "due", "marked_at"],
                false,
            ),
            signals: Table::new(
                "signals",
                &[
                    "id",
                    "zone_id",
                    "reference",
                    "body",
                    "text_lang",
                    "contact",
                    "relation",
                    "may_contact",
                    "recorded_by",
                    "token_hash",
                    "status",
                    "item_id",
                    "answer",
                    "reason",
                    "triaged_by",
                    "triaged_at",
                    "created_at",
                ],
                true,
            ),
            signal_counters: Table::new("signal_counters", &["zone_id", "year", "last"], false),
            events: Table::new(
                "events",
                &[
                    "id",
                    "zone_id",
                    "seq",
                    "at",
                    "subject_type",
                    "subject_id",
                    "kind",
                    "actor_id",
                    "data",
                    "commitment",
                    "prev_hash",
                    "hash",
                ],
                true,
            ),
            event_personal: Table::new("event_personal", &["event_id", "salt", "payload"], false),
            notifications: Table::new(
                "notifications",
                &[
                    "id",
                    "user_id",
                    "zone_id",
                    "event_seq",
                    "subject_type",
                    "subject_id",
                    "kind",
                    "kind_group",
                    "detail",
                    "in_inbox",
                    "email_status",
                    "attempts",
                    "sent_at",
                    "read_at",
                    "created_at",
                ],
                true,
            ),
        }
    }

    fn in_order(&mut self) -> [&mut Table; 24] {
        [
            &mut self.users,
            &mut self.zones,
            &mut self.memberships,
            &mut self.panels,
            &mut self.panel_members,
            &mut self.invitations,
            &mut self.meetings,
            &mut self.items,
            &mut self.item_counters,
            &mut self.item_cosigns,
            &mut self.item_addenda,
            &mut self.item_notes,
            &mut self.agenda_entries,
            &mut self.minutes,
            &mut self.minutes_responses,
            &mut self.decisions,
            &mut self.actions,
            &mut self.action_updates,
            &mut self.overdue_marks,
            &mut self.signals,
            &mut self.signal_counters,
            &mut self.events,
            &mut self.event_personal,
            &mut self.notifications,
        ]
    }
}

/// Binds a batch of values to a query of either engine.
macro_rules! bind_values {
    ($q:expr, $vals:expr) => {{
        let mut q = $q;
        for v in $vals {
            q = match v {
                V::I(x) => q.bind(x),
                V::NI(x) => q.bind(x),
                V::S(x) => q.bind(x),
                V::NS(x) => q.bind(x),
                V::B(x) => q.bind(x),
                V::T(x) => q.bind(x),
                V::NT(x) => q.bind(x),
                V::D(x) => q.bind(x),
                V::ND(x) => q.bind(x),
            };
        }
        q
    }};
}

/// A connection of either engine, inside the generator's transaction.
enum Sink<'c> {
    Sqlite(&'c mut sqlx::SqliteConnection),
    Pg(&'c mut sqlx::PgConnection),
}

impl Sink<'_> {
    async fn exec(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        match self {
            Sink::Sqlite(c) => sqlx::query(sql).execute(&mut **c).await.map(|_| ()),
            Sink::Pg(c) => sqlx::query(sql).execute(&mut **c).await.map(|_| ()),
        }
    }

    async fn scalar(&mut self, sql: &str) -> Result<i64, sqlx::Error> {
        match self {
            Sink::Sqlite(c) => sqlx::query_scalar(sql).fetch_one(&mut **c).await,
            Sink::Pg(c) => sqlx::query_scalar(sql).fetch_one(&mut **c).await,
        }
    }

    /// Writes and empties `t` in multi-row INSERTs.
    async fn flush(&mut self, t: &mut Table) -> Result<u64, sqlx::Error> {
        let ncols = t.cols.len();
        let total = t.rows();
        if total == 0 {
            return Ok(0);
        }
        let max_params = match self {
            Sink::Sqlite(_) => 30_000,
            Sink::Pg(_) => 60_000,
        };
        let per_stmt = (max_params / ncols).clamp(1, 2_000);
        let overriding = match self {
            Sink::Pg(_) if t.identity => " OVERRIDING SYSTEM VALUE",
            _ => "",
        };
        let head = format!(
            "INSERT INTO {} ({}){overriding} VALUES ",
            t.name,
            t.cols.join(", ")
        );
        // SQLite looks a named parameter ("$1") up by a linear scan, which makes a statement with
        // thousands of them quadratic; its anonymous "?" costs nothing. PostgreSQL wants "$n".
        let anonymous = matches!(self, Sink::Sqlite(_));
        let vals = std::mem::take(&mut t.vals);
        let mut it = vals.into_iter();
        let mut left = total;
        while left > 0 {
            let n = left.min(per_stmt);
            left -= n;
            let mut sql = String::with_capacity(head.len() + n * ncols * 7);
            sql.push_str(&head);
            let mut p = 0;
            for r in 0..n {
                if r > 0 {
                    sql.push(',');
                }
                sql.push('(');
                for c in 0..ncols {
                    if c > 0 {
                        sql.push(',');
                    }
                    p += 1;
                    if anonymous {
                        sql.push('?');
                    } else {
                        sql.push('$');
                        sql.push_str(&p.to_string());
                    }
                }
                sql.push(')');
            }
            let chunk: Vec<V> = it.by_ref().take(n * ncols).collect();
            match self {
                Sink::Sqlite(c) => {
                    bind_values!(sqlx::query(&sql), chunk)
                        .execute(&mut **c)
                        .await?;
                }
                Sink::Pg(c) => {
                    bind_values!(sqlx::query(&sql), chunk)
                        .execute(&mut **c)
                        .await?;
                }
            }
        }
        Ok(total as u64)
    }
}

// ---------------------------------------------------------------------------------------------
// Words

const FIRST: &[&str] = &[
    "An", "Bram", "Chloé", "Dirk", "Fatima", "Geert", "Hanne", "Ilse", "Jan", "Karim", "Lotte",
    "Mohamed", "Nina", "Olivier", "Paula", "Quinten", "Rachida", "Sofie", "Tom", "Ursula",
    "Vincent", "Wout", "Yasmine", "Zeynep", "Els", "Marc", "Leen", "Pieter", "Sarah", "Ahmed",
    "Marie", "Luc", "Nathalie", "Koen", "Inge", "Youssef", "Griet", "Bart", "Elif", "Jef",
];
const LAST: &[&str] = &[
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "El Amrani",
    "Vermeulen",
    "Hermans",
    "Aerts",
    "Van Damme",
    "Pauwels",
    "De Clercq",
    "Yilmaz",
    "Michiels",
    "Leclercq",
    "Desmet",
    "Bogaert",
    "Smets",
];
const TOWNS: &[&str] = &[
    "Aalst",
    "Antwerpen",
    "Brugge",
    "Dendermonde",
    "Genk",
    "Gent",
    "Hasselt",
    "Kortrijk",
    "Leuven",
    "Mechelen",
    "Oostende",
    "Roeselare",
    "Sint-Niklaas",
    "Turnhout",
    "Ieper",
    "Lier",
    "Geel",
    "Mol",
    "Tienen",
    "Vilvoorde",
    "Halle",
    "Tongeren",
    "Lokeren",
    "Waregem",
    "Brussel",
];
const TOPICS: &[&str] = &[
    "Lange wachttijd bij de huisartsenwachtpost in het weekend",
    "Eén telefoonnummer voor alle vragen over thuiszorg",
    "Vervoer naar de kinesist voor wie niet met de bus kan",
    "Een folder in eenvoudige taal over de eerstelijnszone",
    "Wie helpt bij de aanvraag van een persoonsvolgend budget?",
    "De wachtdienst van de apotheek is moeilijk te vinden",
    "Een bushalte dichter bij het dienstencentrum",
    "Eenzaamheid bij oudere mannen",
    "Huisartsen die geen nieuwe patiënten meer aannemen",
    "Zitbanken op de weg naar het dienstencentrum",
    "Mantelzorgers vinden geen respijtzorg",
    "Tolken bij de huisarts voor wie geen Nederlands spreekt",
    "Wachtlijst voor de geestelijke gezondheidszorg",
    "Brieven van het OCMW zijn te moeilijk",
    "Toegankelijke toiletten in het gemeentehuis",
    "Hulp bij digitale afspraken en formulieren",
    "Betaalbare tandzorg voor mensen met een leefloon",
    "Ondersteuning voor jonge mantelzorgers op school",
];
const SENTENCES: &[&str] = &[
    "Verschillende mensen vertellen ons dat ze hier al maanden mee worstelen.",
    "Vooral ouders met jonge kinderen en mensen zonder auto hebben het moeilijk.",
    "Wie de weg niet kent, wordt van de ene dienst naar de andere gestuurd.",
    "We vragen dat de zorgraad dit bekijkt met de betrokken organisaties.",
    "In de buurt zien we dat mensen afhaken omdat het te ingewikkeld is.",
    "Het gaat niet om één geval: we horen het elke maand opnieuw.",
    "Een kleine aanpassing zou voor veel mensen een groot verschil maken.",
    "We willen graag meedenken over een oplossing.",
    "Mensen schamen zich om hulp te vragen.",
    "De informatie staat alleen op een website die moeilijk te lezen is.",
    "Wie slecht te been is, geraakt er niet zonder hulp.",
    "We brachten dit al eens ter sprake, maar hoorden niets meer.",
];
const PLACES: &[&str] = &[
    "Woonzorgcentrum De Linde, zaal 1",
    "Gemeentehuis, raadzaal",
    "Dienstencentrum Het Anker",
    "Online (videogesprek)",
    "Bibliotheek, vergaderzaal",
];
const RESPONSIBLE: &[&str] = &[
    "Huisartsenkring",
    "Gemeente, dienst Welzijn",
    "OCMW",
    "Apothekersvereniging",
    "ELZ-team",
    "Ziekenhuis, sociale dienst",
];
const OUTCOMES: [(&str, u32); 5] = [
    ("accepted", 40),
    ("partly-accepted", 15),
    ("not-accepted", 20),
    ("referred", 15),
    ("postponed", 10),
];

fn text(rng: &mut StdRng, min: usize, max: usize) -> String {
    let n = rng.gen_range(min..=max);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(if rng.gen_bool(0.2) { '\n' } else { ' ' });
        }
        s.push_str(SENTENCES[rng.gen_range(0..SENTENCES.len())]);
    }
    s
}

fn pick<T: Copy>(rng: &mut StdRng, v: &[T]) -> T {
    v[rng.gen_range(0..v.len())]
}

fn hex_token(rng: &mut StdRng, bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rng.fill(&mut b[..]);
    hex::encode(b)
}

// ---------------------------------------------------------------------------------------------
// Time

/// The first minute of `date` in Brussels, in UTC (when the deadline keeper's "today" turns).
fn brussels_midnight(date: NaiveDate) -> DateTime<Utc> {
    let local = date.and_hms_opt(0, 1, 0).expect("valid time");
    chrono_tz::Europe::Brussels
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// A moment during office hours, `days` (fractional allowed via minutes) after `t`.
fn later(rng: &mut StdRng, t: DateTime<Utc>, min_days: i64, max_days: i64) -> DateTime<Utc> {
    let d = rng.gen_range(min_days..=max_days.max(min_days));
    let base = t + Duration::days(d);
    let date = base.date_naive();
    let at = Utc.from_utc_datetime(
        &date
            .and_hms_opt(
                rng.gen_range(7..18),
                rng.gen_range(0..60),
                rng.gen_range(0..60),
            )
            .expect("valid time"),
    );
    if at <= t {
        t + Duration::minutes(rng.gen_range(5..240))
    } else {
        at
    }
}

// ---------------------------------------------------------------------------------------------
// The simulation

struct Ev {
    at: DateTime<Utc>,
    subject_type: &'static str,
    subject_id: i64,
    kind: &'static str,
    actor: Option<i64>,
    data: Value,
    personal: Option<Value>,
}

struct Panel {
    id: i64,
    members: Vec<i64>,
}

struct Meeting {
    id: i64,
    starts_at: DateTime<Utc>,
    planned_at: DateTime<Utc>,
    next_pos: i64,
}

/// Global id counters (the database is empty, so ids are ours to give).
#[derive(Default)]
struct Ids {
    user: i64,
    zone: i64,
    panel: i64,
    invitation: i64,
    meeting: i64,
    item: i64,
    addendum: i64,
    note: i64,
    minutes: i64,
    response: i64,
    decision: i64,
    action: i64,
    update: i64,
    event: i64,
    notification: i64,
    signal: i64,
}

fn next(c: &mut i64) -> i64 {
    *c += 1;
    *c
}

struct Gen {
    rng: StdRng,
    ids: Ids,
    now: DateTime<Utc>,
    password_hash: String,
    t: Tables,
    ev: Vec<Ev>,
    /// Per zone: item -> author and co-signers; the zone's staff; its administrator.
    recent_people: (HashMap<i64, Vec<i64>>, Vec<i64>, i64),
    /// Per zone: submitted items (id, reference, submitted at), for signals to join.
    submitted: Vec<(i64, String, DateTime<Utc>)>,
    /// Whether the schema has signals (migration 0006).
    with_signals: bool,
}

/// One zone's people, panels and meetings while its items are simulated.
struct Zone {
    id: i64,
    code: String,
    name: String,
    created_at: DateTime<Utc>,
    admin: i64,
    staff: Vec<i64>,
    council: Vec<i64>,
    panels: Vec<Panel>,
    meetings: Vec<Meeting>,
    counters: std::collections::BTreeMap<i32, i64>,
}

/// An item's columns while its life is simulated.
struct It {
    id: i64,
    panel: usize,
    author: i64,
    status: Status,
    acknowledged_at: Option<DateTime<Utc>>,
    ack_due: Option<NaiveDate>,
    response_due: Option<NaiveDate>,
    review_date: Option<NaiveDate>,
    closure_due: Option<NaiveDate>,
    meeting: Option<usize>,
    return_status: Option<Status>,
    paused_since: Option<DateTime<Utc>>,
    decided_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
    is_public: bool,
    marks: HashSet<(String, NaiveDate)>,
    decisions: Vec<i64>,
    outcome: &'static str,
    reopened: bool,
    clarified: u32,
    cosigners: Vec<i64>,
}

impl It {
    fn dates(&self) -> ItemDates {
        ItemDates {
            ack_due: self.ack_due,
            response_due: self.response_due,
            review_date: self.review_date,
        }
    }
}

const ACK_DAYS: i64 = 14;
const RESPONSE_DAYS: i64 = 60;
const MAX_RESPONSE_DAYS: i64 = 120;
const CLOSURE_DAYS: i64 = 14;

impl Gen {
    fn event(
        &mut self,
        at: DateTime<Utc>,
        subject: (&'static str, i64),
        kind: &'static str,
        actor: Option<i64>,
        data: Value,
        personal: Option<Value>,
    ) {
        self.ev.push(Ev {
            at: chain::truncate_to_micros(at),
            subject_type: subject.0,
            subject_id: subject.1,
            kind,
            actor,
            data,
            personal,
        });
    }

    fn user(&mut self, email: String, name: String, at: DateTime<Utc>, admin: bool) -> i64 {
        let id = next(&mut self.ids.user);
        let r = self.rng.gen_range(0..100);
        let locale = if r < 85 {
            "nl"
        } else if r < 95 {
            "fr"
        } else {
            "en"
        };
        self.t.users.push(row![
            id,
            email,
            name,
            self.password_hash.clone(),
            admin,
            locale,
            at
        ]);
        id
    }

    fn name(&mut self) -> String {
        format!(
            "{} {}",
            pick(&mut self.rng, FIRST),
            pick(&mut self.rng, LAST)
        )
    }

    /// A member joins through an invitation, as `accounts::invite` + `accept_invitation` do.
    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        zone: &Zone,
        inviter: i64,
        role: &'static str,
        panel: Option<i64>,
        email: String,
        at: DateTime<Utc>,
    ) -> i64 {
        let name = self.name();
        let inv = next(&mut self.ids.invitation);
        let token = hex_token(&mut self.rng, 32);
        self.t.invitations.push(row![
            inv,
            zone.id,
            crate::secrets::token_hash(&token),
            email.clone(),
            name.clone(),
            role,
            panel,
            inviter,
            at,
            at + Duration::days(14),
            Some(at + Duration::hours(2)),
        ]);
        self.event(
            at,
            ("zone", zone.id),
            "invitation-created",
            Some(inviter),
            json!({"invitation": inv, "panel": panel, "role": role}),
            Some(json!({"email": email, "name": name})),
        );
        let joined = at + Duration::hours(2);
        let uid = self.user(email, name, joined, false);
        self.t.memberships.push(row![uid, zone.id, role, joined]);
        if let Some(p) = panel {
            self.t.panel_members.push(row![p, uid, joined]);
        }
        self.event(
            joined,
            ("zone", zone.id),
            "member-joined",
            Some(uid),
            json!({"invitation": inv, "panel": panel, "role": role}),
            None,
        );
        uid
    }

    fn zone(&mut self, ix: usize, platform: i64, start: DateTime<Utc>) -> Zone {
        let id = next(&mut self.ids.zone);
        let code = format!("ZB{:03}", ix + 1);
        let town = TOWNS[ix % TOWNS.len()];
        let name = format!("ELZ {town} {}", ix / TOWNS.len() + 1);
        self.event(
            start,
            ("zone", id),
            "zone-created",
            Some(platform),
            json!({"code": code}),
            Some(json!({"name": name})),
        );
        let mut zone = Zone {
            id,
            code: code.clone(),
            name: name.clone(),
            created_at: start,
            admin: 0,
            staff: vec![],
            council: vec![],
            panels: vec![],
            meetings: vec![],
            counters: Default::default(),
        };
        let lc = code.to_lowercase();
        let mut at = start + Duration::hours(1);
        for (slug, kind, label) in [
            ("burgerplatform", "burgerplatform", "Burgerplatform"),
            ("pzon-cluster", "pzon-cluster", "PZON-cluster"),
            ("klankbordgroep", "klankbordgroep", "Klankbordgroep"),
        ] {
            let pid = next(&mut self.ids.panel);
            let pname = format!("{label} {town}");
            self.t
                .panels
                .push(row![pid, id, slug, pname.clone(), kind, at]);
            self.event(
                at,
                ("zone", id),
                "panel-created",
                Some(platform),
                json!({"kind": kind, "name": pname, "panel": pid, "slug": slug}),
                None,
            );
            zone.panels.push(Panel {
                id: pid,
                members: vec![],
            });
        }
        at += Duration::hours(1);
        zone.admin = self.member(
            &zone,
            platform,
            "admin",
            None,
            format!("beheerder@{lc}.bench.example"),
            at,
        );
        for n in 1..=3 {
            at += Duration::hours(1);
            let u = self.member(
                &zone,
                zone.admin,
                "staff",
                None,
                format!("medewerker{n}@{lc}.bench.example"),
                at,
            );
            zone.staff.push(u);
        }
        for n in 1..=6 {
            at += Duration::hours(1);
            let u = self.member(
                &zone,
                zone.admin,
                "council",
                None,
                format!("raad{n}@{lc}.bench.example"),
                at,
            );
            zone.council.push(u);
        }
        for p in 0..zone.panels.len() {
            let n_members = self.rng.gen_range(6..=14);
            for n in 1..=n_members {
                at += Duration::hours(1);
                let slug = ["bp", "pzon", "kbg"][p];
                let pid = zone.panels[p].id;
                let u = self.member(
                    &zone,
                    zone.admin,
                    "citizen",
                    Some(pid),
                    format!("{slug}{n}@{lc}.bench.example"),
                    at,
                );
                zone.panels[p].members.push(u);
            }
        }
        self.recent_people = (HashMap::new(), zone.staff.clone(), zone.admin);
        self.meetings(&mut zone, start + Duration::days(20));
        zone
    }

    /// Council meetings about monthly (not in July and August), each planned 40 days ahead;
    /// those planned by now exist, those past are held.
    fn meetings(&mut self, zone: &mut Zone, from: DateTime<Utc>) {
        let mut date = from.date_naive().with_day(1).expect("day 1") + Duration::days(40);
        let horizon = self.now + Duration::days(60);
        loop {
            let first = date.with_day(1).expect("day 1");
            let day = first + Duration::days(self.rng.gen_range(7..21));
            let starts_at = Utc.from_utc_datetime(&day.and_hms_opt(18, 30, 0).expect("time"));
            date = first + Duration::days(32);
            if starts_at > horizon {
                break;
            }
            if matches!(first.month(), 7 | 8) {
                continue;
            }
            let planned_at = starts_at - Duration::days(40) + Duration::hours(-6);
            if planned_at > self.now {
                break;
            }
            let id = next(&mut self.ids.meeting);
            let staff = pick(&mut self.rng, &zone.staff);
            let place = pick(&mut self.rng, PLACES);
            let held = starts_at + Duration::hours(4) < self.now;
            self.t.meetings.push(row![
                id,
                zone.id,
                starts_at,
                place,
                "Verslag van de vorige vergadering\nJaarplan",
                if held { "held" } else { "planned" },
                staff,
                planned_at
            ]);
            self.event(
                planned_at,
                ("meeting", id),
                "meeting-planned",
                Some(staff),
                json!({"starts_at": starts_at, "place": place}),
                None,
            );
            if held {
                self.event(
                    starts_at + Duration::hours(4),
                    ("meeting", id),
                    "meeting-held",
                    Some(staff),
                    json!({}),
                    None,
                );
            }
            zone.meetings.push(Meeting {
                id,
                starts_at,
                planned_at,
                next_pos: 0,
            });
        }
    }

    fn note(&mut self, it: &It, author: i64, kind: &str, body: &str, at: DateTime<Utc>) -> i64 {
        let id = next(&mut self.ids.note);
        self.t
            .item_notes
            .push(row![id, it.id, Some(author), kind, body, at]);
        id
    }

    /// What the deadline keeper writes when it marks a deadline (a reminder, overdue, very
    /// overdue): the mark, which it writes once per subject, step and date, and its event on the
    /// item's timeline.
    #[allow(clippy::too_many_arguments)]
    fn keeper_mark(
        &mut self,
        subject: (&'static str, i64),
        item: i64,
        step: &str,
        due: NaiveDate,
        at: DateTime<Utc>,
        kind: &'static str,
        data: Value,
    ) {
        self.t
            .overdue_marks
            .push(row![subject.0, subject.1, step, due, at]);
        self.event(at, ("item", item), kind, None, data, None);
    }

    /// Marks the deadline the item waited on between `from` and `until` as overdue, when the
    /// deadline keeper would have: at the first minute of the day after the due date (or at
    /// once when the item entered this state already late), once per deadline and date.
    fn waited(&mut self, it: &mut It, from: DateTime<Utc>, until: DateTime<Utc>) {
        // The zones keep the default rules: reminders 3 and escalation 20 working days, and a
        // question to the panel reminded after 5 (issue 18).
        let working = Calendar::default().in_working_days();
        let first_minute = |day: NaiveDate| brussels_midnight(day).max(from + Duration::minutes(1));
        if it.status == Status::ClarificationRequested {
            if let Some(since) = it.paused_since.map(brussels_date) {
                let at = first_minute(working.add(since, 5));
                if at < until && it.marks.insert(("clarification-reminder".into(), since)) {
                    let data = json!({"asked_on": since});
                    let step = "clarification-reminder";
                    self.keeper_mark(("item", it.id), it.id, step, since, at, step, data);
                }
            }
            return;
        }
        let Some((kind, due)) = deadlines::current(it.status, &it.dates()) else {
            return;
        };
        let keeps = matches!(
            it.status,
            Status::Submitted | Status::Acknowledged | Status::Scheduled | Status::Postponed
        );
        let remind = first_minute(working.subtract(due, 3));
        let step = format!("reminder-{}", kind.as_str());
        if keeps
            && remind < until
            && brussels_date(remind) <= due
            && it.marks.insert((step.clone(), due))
        {
            let data = json!({"deadline": kind.as_str(), "due": due});
            self.keeper_mark(("item", it.id), it.id, &step, due, remind, "reminder", data);
        }
        let very = first_minute(working.add(due, 20));
        let step = format!("very-overdue-{}", kind.as_str());
        if keeps && very < until && it.marks.insert((step.clone(), due)) {
            let late = working.between(due, brussels_date(very));
            let data = json!({"deadline": kind.as_str(), "due": due, "working_days_late": late});
            self.keeper_mark(
                ("item", it.id),
                it.id,
                &step,
                due,
                very,
                "very-overdue",
                data,
            );
        }
        let at = brussels_midnight(due + Duration::days(1)).max(from + Duration::minutes(1));
        if at >= until
            || brussels_date(at) <= due
            || !it.marks.insert((kind.as_str().to_string(), due))
        {
            return;
        }
        let data = json!({"deadline": kind.as_str(), "due": due, "overdue_since": due + Duration::days(1)});
        self.keeper_mark(
            ("item", it.id),
            it.id,
            kind.as_str(),
            due,
            at,
            "overdue",
            data,
        );
    }

    /// A move of the item's state, with the columns `save_lifecycle` writes.
    #[allow(clippy::too_many_arguments)]
    fn moved(
        &mut self,
        it: &mut It,
        at: DateTime<Utc>,
        to: Status,
        kind: &'static str,
        actor: Option<i64>,
        mut data: Value,
        personal: Option<Value>,
    ) {
        let from = it.status;
        if let Some(m) = data.as_object_mut() {
            m.insert("from".into(), json!(from.as_str()));
            m.insert("status".into(), json!(to.as_str()));
        }
        it.status = to;
        it.updated_at = at;
        self.event(at, ("item", it.id), kind, actor, data, personal);
    }

    /// The next meeting an item can go on after `t` (one that starts at least three days later),
    /// and the first moment it can be put on its agenda (once the meeting is planned).
    fn meeting_after(zone: &Zone, t: DateTime<Utc>) -> Option<(usize, DateTime<Utc>)> {
        zone.meetings
            .iter()
            .position(|m| m.starts_at > t + Duration::days(3))
            .map(|i| (i, t.max(zone.meetings[i].planned_at + Duration::hours(1))))
    }

    fn item(&mut self, zone: &mut Zone, created: DateTime<Utc>) {
        let panel = self.rng.gen_range(0..zone.panels.len());
        let author = pick(&mut self.rng, &zone.panels[panel].members);
        let kind = pick(&mut self.rng, &["proposal", "question", "signal"]);
        let title = format!(
            "{} ({})",
            pick(&mut self.rng, TOPICS),
            pick(
                &mut self.rng,
                &["wijk", "centrum", "deelgemeente", "regio", "buurt"]
            )
        );
        let body = text(&mut self.rng, 1, 6);
        let heard_at = if self.rng.gen_bool(0.4) {
            Some(
                pick(
                    &mut self.rng,
                    &[
                        "Buurtrestaurant",
                        "Seniorenraad",
                        "Oudercafé",
                        "Wandeling met de buurtgroep",
                        "Koffiemoment",
                    ],
                )
                .to_string(),
            )
        } else {
            None
        };
        let lang = if self.rng.gen_bool(0.9) { "nl" } else { "fr" };
        let year = brussels_date(created).year();
        let number = {
            let c = zone.counters.entry(year).or_insert(0);
            *c += 1;
            *c
        };
        let reference = item_reference(&zone.code, year, number);
        let id = next(&mut self.ids.item);
        let words = json!({"title": title, "text": body, "heard_at": heard_at});
        let mut it = It {
            id,
            panel,
            author,
            status: Status::Draft,
            acknowledged_at: None,
            ack_due: None,
            response_due: None,
            review_date: None,
            closure_due: None,
            meeting: None,
            return_status: None,
            paused_since: None,
            decided_at: None,
            closed_at: None,
            updated_at: created,
            submitted_at: None,
            is_public: false,
            marks: HashSet::new(),
            decisions: vec![],
            outcome: "",
            reopened: false,
            clarified: 0,
            cosigners: vec![],
        };
        self.event(
            created,
            ("item", id),
            "created",
            Some(author),
            json!({"reference": reference, "panel": zone.panels[panel].id, "kind": kind, "status": "draft"}),
            Some(words.clone()),
        );
        self.life(zone, &mut it, created, &words);
        let mut people = vec![author];
        people.extend(it.cosigners.iter().copied());
        self.recent_people.0.insert(id, people);
        if let Some(at) = it.submitted_at {
            if !matches!(it.status, Status::Withdrawn) {
                self.submitted.push((id, reference.clone(), at));
            }
        }
        let meeting_id = it.meeting.map(|m| zone.meetings[m].id);
        self.t.items.push(row![
            id,
            zone.id,
            zone.panels[panel].id,
            reference,
            kind,
            title,
            body,
            heard_at,
            it.status.as_str(),
            author,
            it.is_public,
            created,
            it.submitted_at,
            it.updated_at,
            it.acknowledged_at,
            it.ack_due,
            it.response_due,
            it.review_date,
            it.closure_due,
            meeting_id,
            it.return_status.map(|s| s.as_str()),
            it.paused_since,
            it.decided_at,
            it.closed_at,
            lang,
        ]);
    }

    /// Words from a panel member other than the author when there is one.
    fn panel_member(&mut self, zone: &Zone, it: &It) -> i64 {
        pick(&mut self.rng, &zone.panels[it.panel].members)
    }

    /// The item's life from its creation to now, as the services would have recorded it.
    fn life(&mut self, zone: &mut Zone, it: &mut It, created: DateTime<Utc>, words: &Value) {
        let now = self.now;
        // Drafting: co-signatures, sometimes an edit.
        let mut t = created;
        let others: Vec<i64> = zone.panels[it.panel]
            .members
            .iter()
            .copied()
            .filter(|m| *m != it.author)
            .collect();
        let n_cosign = match self.rng.gen_range(0..100) {
            0..=39 => 0,
            40..=69 => 1,
            70..=89 => 2,
            _ => 3,
        }
        .min(others.len());
        let mut signers = others.clone();
        for _ in 0..n_cosign {
            let who = signers.swap_remove(self.rng.gen_range(0..signers.len()));
            let at = t + Duration::minutes(self.rng.gen_range(10..3 * 24 * 60));
            if at >= now {
                break;
            }
            self.t.item_cosigns.push(row![it.id, who, at]);
            self.event(at, ("item", it.id), "cosigned", Some(who), json!({}), None);
            it.cosigners.push(who);
            t = at;
        }
        if self.rng.gen_bool(0.12) {
            let at = t + Duration::minutes(self.rng.gen_range(10..600));
            if at < now {
                self.event(
                    at,
                    ("item", it.id),
                    "draft-edited",
                    Some(it.author),
                    json!({"kind": "proposal"}),
                    Some(words.clone()),
                );
                t = at;
            }
        }
        // Some drafts are never sent, some are withdrawn as drafts.
        let r = self.rng.gen_range(0..1000);
        if r < 15 {
            return;
        }
        if r < 25 {
            let at = later(&mut self.rng, t, 1, 30);
            if at < now {
                self.moved(
                    it,
                    at,
                    Status::Withdrawn,
                    "withdrawn",
                    Some(it.author),
                    json!({}),
                    None,
                );
            }
            return;
        }
        let at = t + Duration::minutes(self.rng.gen_range(5..5 * 24 * 60));
        if at >= now {
            return;
        }
        t = at;
        let ack_due = deadlines::ack_due(&Calendar::default(), brussels_date(t), ACK_DAYS);
        it.submitted_at = Some(t);
        it.ack_due = Some(ack_due);
        self.moved(
            it,
            t,
            Status::Submitted,
            "submitted",
            Some(it.author),
            json!({"ack_due": ack_due}),
            Some(words.clone()),
        );
        let submitted = t;
        if self.rng.gen_bool(0.35) {
            let at = t + Duration::minutes(self.rng.gen_range(1..120));
            if at < now {
                it.is_public = true;
                it.updated_at = at;
                self.event(
                    at,
                    ("item", it.id),
                    "made-public",
                    Some(it.author),
                    json!({"public": true}),
                    None,
                );
            }
        }
        self.side_events(zone, it, submitted);
        self.run(zone, it, t);
    }

    /// Words beside the item that do not move it: addenda, reactions, own views, comments.
    fn side_events(&mut self, zone: &Zone, it: &It, submitted: DateTime<Utc>) {
        let now = self.now;
        if self.rng.gen_bool(0.08) {
            let at = later(&mut self.rng, submitted, 1, 20);
            if at < now {
                let who = self.panel_member(zone, it);
                let body = text(&mut self.rng, 1, 2);
                let aid = next(&mut self.ids.addendum);
                self.t
                    .item_addenda
                    .push(row![aid, it.id, who, body.clone(), at]);
                self.event(
                    at,
                    ("item", it.id),
                    "addendum-added",
                    Some(who),
                    json!({"addendum": aid}),
                    Some(json!({"text": body})),
                );
            }
        }
        if self.rng.gen_bool(0.4) {
            for _ in 0..self.rng.gen_range(1..=3) {
                let at = later(&mut self.rng, submitted, 1, 60);
                if at >= now {
                    continue;
                }
                let who = self.panel_member(zone, it);
                let own = self.rng.gen_bool(0.2);
                let (kind, ev) = if own {
                    ("own-view", "own-view-added")
                } else {
                    ("reaction", "reaction-added")
                };
                let body = text(&mut self.rng, 1, 3);
                let nid = self.note(it, who, kind, &body, at);
                self.event(
                    at,
                    ("item", it.id),
                    ev,
                    Some(who),
                    json!({"note": nid}),
                    Some(json!({"text": body})),
                );
            }
        }
        if self.rng.gen_bool(0.2) {
            let at = later(&mut self.rng, submitted, 3, 50);
            if at < now {
                let who = pick(&mut self.rng, &zone.council);
                let body = text(&mut self.rng, 1, 2);
                let nid = self.note(it, who, "comment", &body, at);
                self.event(
                    at,
                    ("item", it.id),
                    "comment-added",
                    Some(who),
                    json!({"note": nid}),
                    Some(json!({"text": body})),
                );
            }
        }
    }

    fn staff(&mut self, zone: &Zone) -> i64 {
        pick(&mut self.rng, &zone.staff)
    }

    /// The state machine from submission on. Each step picks the next move and when it happens;
    /// a move that would fall after `now` is not made, so the item stays where it is.
    fn run(&mut self, zone: &mut Zone, it: &mut It, mut t: DateTime<Utc>) {
        let now = self.now;
        loop {
            let entered = t;
            // When will the next move happen, and which?
            let step: Option<(DateTime<Utc>, Step)> = match it.status {
                Status::Submitted => {
                    let r = self.rng.gen_range(0..1000);
                    if r < 10 {
                        None // never acknowledged: stays overdue
                    } else if r < 40 {
                        Some((later(&mut self.rng, t, 1, 10), Step::Withdraw))
                    } else if r < 90 && it.clarified == 0 {
                        Some((later(&mut self.rng, t, 1, 6), Step::Clarify))
                    } else if r < 170 {
                        Some((later(&mut self.rng, t, 15, 40), Step::Acknowledge))
                    } else {
                        Some((later(&mut self.rng, t, 0, 12), Step::Acknowledge))
                    }
                }
                Status::Acknowledged => {
                    let r = self.rng.gen_range(0..1000);
                    if r < 10 {
                        None
                    } else if r < 30 {
                        Some((later(&mut self.rng, t, 1, 20), Step::Withdraw))
                    } else if r < 110 && it.clarified < 2 {
                        Some((later(&mut self.rng, t, 1, 10), Step::Clarify))
                    } else if r < 160 {
                        Some((later(&mut self.rng, t, 5, 50), Step::Decide))
                    } else {
                        Some((later(&mut self.rng, t, 0, 15), Step::Schedule))
                    }
                }
                Status::ClarificationRequested => {
                    if self.rng.gen_bool(0.03) {
                        None
                    } else {
                        Some((later(&mut self.rng, t, 2, 25), Step::Answer))
                    }
                }
                Status::Scheduled => {
                    let m = &zone.meetings[it.meeting.expect("scheduled on a meeting")];
                    let starts = m.starts_at;
                    if starts > now {
                        None
                    } else if t + Duration::days(2) < starts && self.rng.gen_bool(0.01) {
                        Some((
                            t + Duration::hours(self.rng.gen_range(1..24)),
                            Step::Withdraw,
                        ))
                    } else {
                        self.minutes(zone, it, starts);
                        if self.rng.gen_bool(0.015) {
                            None // no decision: the response date passes
                        } else {
                            let late = if self.rng.gen_bool(0.06) { 30 } else { 0 };
                            Some((
                                later(&mut self.rng, starts, 1 + late, 7 + late),
                                Step::Decide,
                            ))
                        }
                    }
                }
                Status::Postponed => {
                    if self.rng.gen_bool(0.04) {
                        None
                    } else {
                        let review = it.review_date.expect("postponed has a review date");
                        let base =
                            Utc.from_utc_datetime(&review.and_hms_opt(9, 0, 0).expect("time"));
                        Some((
                            later(&mut self.rng, base - Duration::days(12), 0, 25)
                                .max(t + Duration::hours(1)),
                            Step::Schedule,
                        ))
                    }
                }
                Status::Decided => {
                    let accepted = matches!(it.outcome, "accepted" | "partly-accepted");
                    if accepted && self.rng.gen_bool(0.85) {
                        Some((later(&mut self.rng, t, 3, 20), Step::Actions))
                    } else if self.rng.gen_bool(0.1) {
                        None
                    } else {
                        Some((later(&mut self.rng, t, 5, 40), Step::ProposeClosure))
                    }
                }
                Status::InFollowUp => None, // handled by `follow_up`, which ends in a proposal
                Status::ClosureProposed => {
                    let due = it.closure_due.expect("closure date");
                    let auto = brussels_midnight(due);
                    let r = self.rng.gen_range(0..100);
                    if r < 55 {
                        Some((
                            later(&mut self.rng, t, 0, 9).min(auto - Duration::hours(1)),
                            Step::ConfirmClosure,
                        ))
                    } else if r < 60 {
                        Some((
                            later(&mut self.rng, t, 1, 9).min(auto - Duration::hours(1)),
                            Step::ObjectClosure,
                        ))
                    } else {
                        Some((auto, Step::AutoClose))
                    }
                }
                Status::Closed => {
                    if !it.reopened && self.rng.gen_bool(0.015) {
                        Some((later(&mut self.rng, t, 10, 200), Step::Reopen))
                    } else {
                        None
                    }
                }
                Status::Withdrawn | Status::Draft => None,
            };
            let Some((at, step)) = step else {
                self.waited(it, entered, now);
                return;
            };
            let at = at.max(t + Duration::minutes(1));
            if at >= now {
                self.waited(it, entered, now);
                return;
            }
            self.waited(it, entered, at);
            t = at;
            match step {
                Step::Withdraw => {
                    let silent = self.rng.gen_bool(0.5);
                    let (data, personal) = if silent {
                        (json!({}), None)
                    } else {
                        let body = text(&mut self.rng, 1, 1);
                        self.note(it, it.author, "withdrawal", &body, t);
                        (json!({}), Some(json!({"text": body})))
                    };
                    self.moved(
                        it,
                        t,
                        Status::Withdrawn,
                        "withdrawn",
                        Some(it.author),
                        data,
                        personal,
                    );
                }
                Step::Clarify => {
                    let who = self.staff(zone);
                    let body = "Kunt u wat meer uitleg geven? Over welke plaats gaat het precies?";
                    let nid = self.note(it, who, "clarification-request", body, t);
                    it.return_status = Some(it.status);
                    it.paused_since = Some(t);
                    it.clarified += 1;
                    self.moved(
                        it,
                        t,
                        Status::ClarificationRequested,
                        "clarification-requested",
                        Some(who),
                        json!({"note": nid}),
                        Some(json!({"text": body})),
                    );
                }
                Step::Answer => {
                    let who = self.panel_member(zone, it);
                    let body = text(&mut self.rng, 1, 2);
                    let nid = self.note(it, who, "clarification-answer", &body, t);
                    let today = brussels_date(t);
                    let paused = it.paused_since.map(brussels_date).unwrap_or(today);
                    let shifted =
                        deadlines::shift_for_pause(&Calendar::default(), it.dates(), paused, today);
                    it.ack_due = shifted.ack_due;
                    it.response_due = shifted.response_due;
                    let to = it.return_status.take().unwrap_or(Status::Submitted);
                    it.paused_since = None;
                    self.moved(
                        it,
                        t,
                        to,
                        "clarification-answered",
                        Some(who),
                        json!({"note": nid, "paused_days": (today - paused).num_days(), "ack_due": it.ack_due, "due": it.response_due}),
                        Some(json!({"text": body})),
                    );
                }
                Step::Acknowledge => {
                    let who = self.staff(zone);
                    let today = brussels_date(t);
                    let submitted = it.submitted_at.map(brussels_date).unwrap_or(today);
                    let latest = deadlines::latest_response(
                        &Calendar::default(),
                        submitted,
                        MAX_RESPONSE_DAYS,
                    );
                    let meeting = Self::meeting_after(zone, t)
                        .filter(|&(m, at)| {
                            at <= t && brussels_date(zone.meetings[m].starts_at) <= latest
                        })
                        .map(|(m, _)| m);
                    let with_meeting = meeting.is_some() && self.rng.gen_bool(0.4);
                    let mut due = if with_meeting {
                        brussels_date(zone.meetings[meeting.expect("checked")].starts_at)
                    } else {
                        deadlines::default_response(
                            &Calendar::default(),
                            today,
                            RESPONSE_DAYS,
                            latest,
                        )
                    };
                    if due < today {
                        // Acknowledged after the zone's maximum already passed: the form
                        // only allows today.
                        due = today;
                    }
                    it.response_due = Some(due);
                    it.acknowledged_at = Some(t);
                    self.moved(
                        it,
                        t,
                        Status::Acknowledged,
                        "acknowledged",
                        Some(who),
                        json!({"due": due}),
                        None,
                    );
                    if with_meeting && self.rng.gen_bool(0.9) {
                        let at = t + Duration::minutes(self.rng.gen_range(1..30));
                        if at < now {
                            t = at;
                            self.schedule(zone, it, meeting.expect("checked"), t);
                        }
                    }
                }
                Step::Schedule => match Self::meeting_after(zone, t) {
                    Some((m, at)) if at < now => {
                        // Waiting for the next meeting to be planned (the summer break).
                        self.waited(it, t, at);
                        t = at;
                        self.schedule(zone, it, m, t);
                    }
                    _ => {
                        self.waited(it, t, now);
                        return;
                    }
                },
                Step::Decide => self.decide(zone, it, t),
                Step::Actions => {
                    t = self.follow_up(zone, it, t);
                    if it.status == Status::InFollowUp && t < now {
                        // Every action done: the staff propose to close.
                        let at = later(&mut self.rng, t, 5, 30);
                        if at < now {
                            t = at;
                            self.propose_closure(zone, it, t);
                        } else {
                            return;
                        }
                    } else {
                        return;
                    }
                }
                Step::ProposeClosure => self.propose_closure(zone, it, t),
                Step::ConfirmClosure => {
                    let who = self.panel_member(zone, it);
                    it.closed_at = Some(t);
                    it.closure_due = None;
                    it.return_status = None;
                    self.moved(it, t, Status::Closed, "closed", Some(who), json!({}), None);
                }
                Step::ObjectClosure => {
                    let who = self.panel_member(zone, it);
                    let body = text(&mut self.rng, 1, 2);
                    self.note(it, who, "objection", &body, t);
                    it.closure_due = None;
                    let to = it.return_status.take().unwrap_or(Status::Decided);
                    self.moved(
                        it,
                        t,
                        to,
                        "closure-objected",
                        Some(who),
                        json!({}),
                        Some(json!({"text": body})),
                    );
                    if to == Status::InFollowUp {
                        // Staff answer the objection with a new proposal later.
                        let at = later(&mut self.rng, t, 10, 40);
                        if at >= now {
                            return;
                        }
                        t = at;
                        self.propose_closure(zone, it, t);
                    }
                }
                Step::AutoClose => {
                    it.closed_at = Some(t);
                    it.closure_due = None;
                    it.return_status = None;
                    self.moved(it, t, Status::Closed, "auto-closed", None, json!({}), None);
                }
                Step::Reopen => {
                    let who = self.panel_member(zone, it);
                    let body = text(&mut self.rng, 1, 2);
                    self.note(it, who, "reopen-reasons", &body, t);
                    let today = brussels_date(t);
                    let latest =
                        deadlines::latest_response(&Calendar::default(), today, MAX_RESPONSE_DAYS);
                    it.response_due = Some(deadlines::default_response(
                        &Calendar::default(),
                        today,
                        RESPONSE_DAYS,
                        latest,
                    ));
                    it.closed_at = None;
                    it.closure_due = None;
                    it.meeting = None;
                    it.reopened = true;
                    self.moved(
                        it,
                        t,
                        Status::Acknowledged,
                        "reopened",
                        Some(who),
                        json!({"due": it.response_due}),
                        Some(json!({"text": body})),
                    );
                }
            }
        }
    }

    fn schedule(&mut self, zone: &mut Zone, it: &mut It, m: usize, t: DateTime<Utc>) {
        let who = self.staff(zone);
        let meeting = &mut zone.meetings[m];
        meeting.next_pos += 1;
        self.t
            .agenda_entries
            .push(row![meeting.id, it.id, meeting.next_pos, t]);
        let (mid, starts) = (meeting.id, meeting.starts_at);
        it.meeting = Some(m);
        self.moved(
            it,
            t,
            Status::Scheduled,
            "scheduled",
            Some(who),
            json!({"meeting": mid, "meeting_at": starts}),
            None,
        );
    }

    /// Minutes of the item's discussion at the meeting, and the panel's confirmations or
    /// corrections in the days after.
    fn minutes(&mut self, zone: &Zone, it: &It, starts: DateTime<Utc>) {
        let now = self.now;
        if !self.rng.gen_bool(0.9) {
            return;
        }
        let m = &zone.meetings[it.meeting.expect("on a meeting")];
        let at = starts + Duration::hours(2) + Duration::minutes(m.next_pos.min(100));
        if at >= now {
            return;
        }
        let who = pick(&mut self.rng, &zone.staff);
        let summary = text(&mut self.rng, 1, 3);
        let mid = next(&mut self.ids.minutes);
        self.t
            .minutes
            .push(row![mid, m.id, it.id, summary.clone(), who, at]);
        self.event(
            at,
            ("item", it.id),
            "minutes-recorded",
            Some(who),
            json!({"minutes": mid, "meeting": m.id}),
            Some(json!({"text": summary})),
        );
        let mut people = zone.panels[it.panel].members.clone();
        let n = if self.rng.gen_bool(0.7) {
            self.rng.gen_range(1..=3)
        } else {
            0
        };
        for _ in 0..n.min(people.len()) {
            let who = people.swap_remove(self.rng.gen_range(0..people.len()));
            let at = later(&mut self.rng, starts, 1, 10);
            if at >= now {
                continue;
            }
            let rid = next(&mut self.ids.response);
            if self.rng.gen_bool(0.12) {
                let body = text(&mut self.rng, 1, 2);
                self.t.minutes_responses.push(row![
                    rid,
                    mid,
                    who,
                    "correction",
                    Some(body.clone()),
                    at
                ]);
                self.event(
                    at,
                    ("item", it.id),
                    "minutes-corrected",
                    Some(who),
                    json!({"minutes": mid, "response": rid}),
                    Some(json!({"text": body})),
                );
            } else {
                self.t
                    .minutes_responses
                    .push(row![rid, mid, who, "confirm", None::<String>, at]);
                self.event(
                    at,
                    ("item", it.id),
                    "minutes-confirmed",
                    Some(who),
                    json!({"minutes": mid, "response": rid}),
                    None,
                );
            }
        }
    }

    fn outcome(&mut self) -> &'static str {
        let total: u32 = OUTCOMES.iter().map(|(_, w)| w).sum();
        let mut r = self.rng.gen_range(0..total);
        for (o, w) in OUTCOMES {
            if r < w {
                return o;
            }
            r -= w;
        }
        "accepted"
    }

    #[allow(clippy::too_many_arguments)]
    fn decision_row(
        &mut self,
        zone: &Zone,
        it: &It,
        outcome: &str,
        referred_to: Option<&str>,
        review: Option<NaiveDate>,
        supersedes: Option<i64>,
        who: i64,
        t: DateTime<Utc>,
        reasons: &str,
    ) -> i64 {
        let id = next(&mut self.ids.decision);
        let meeting_id = it.meeting.map(|m| zone.meetings[m].id);
        self.t.decisions.push(row![
            id,
            it.id,
            outcome,
            reasons,
            referred_to,
            review,
            meeting_id,
            supersedes,
            who,
            t
        ]);
        id
    }

    fn decide(&mut self, zone: &Zone, it: &mut It, t: DateTime<Utc>) {
        let who = self.staff(zone);
        let today = brussels_date(t);
        // A postponed item is not postponed twice in a row here.
        let mut outcome = self.outcome();
        if outcome == "postponed" && it.status == Status::Postponed {
            outcome = "accepted";
        }
        let referred_to = (outcome == "referred").then_some("Gemeente, dienst Welzijn");
        let review =
            (outcome == "postponed").then(|| today + Duration::days(self.rng.gen_range(30..90)));
        let reasons = text(&mut self.rng, 1, 3);
        let did = self.decision_row(
            zone,
            it,
            outcome,
            referred_to,
            review,
            None,
            who,
            t,
            &reasons,
        );
        it.decisions.push(did);
        it.outcome = outcome;
        let to = if outcome == "postponed" {
            Status::Postponed
        } else {
            Status::Decided
        };
        it.review_date = review;
        if it.decided_at.is_none() && outcome != "postponed" {
            it.decided_at = Some(t);
        }
        self.moved(
            it,
            t,
            to,
            "decided",
            Some(who),
            json!({"decision": did, "outcome": outcome, "review_date": review, "referred_to": referred_to, "supersedes": null}),
            Some(json!({"text": reasons})),
        );
        // Now and then a correction that supersedes the decision.
        if to == Status::Decided && self.rng.gen_bool(0.03) {
            let at = later(&mut self.rng, t, 2, 10);
            if at < self.now {
                let outcome = pick(
                    &mut self.rng,
                    &["accepted", "partly-accepted", "not-accepted"],
                );
                let reasons = text(&mut self.rng, 1, 2);
                let prev = it.decisions.last().copied();
                let did = self.decision_row(zone, it, outcome, None, None, prev, who, at, &reasons);
                it.decisions.push(did);
                it.outcome = outcome;
                it.review_date = None;
                self.moved(
                    it,
                    at,
                    Status::Decided,
                    "decision-corrected",
                    Some(who),
                    json!({"decision": did, "outcome": outcome, "review_date": null, "referred_to": null, "supersedes": prev}),
                    Some(json!({"text": reasons})),
                );
            }
        }
    }

    fn propose_closure(&mut self, zone: &Zone, it: &mut It, t: DateTime<Utc>) {
        let who = self.staff(zone);
        let body = "Het besluit is uitgevoerd en teruggekoppeld. We ronden af.";
        it.return_status = Some(it.status);
        let closes = brussels_date(t) + Duration::days(CLOSURE_DAYS);
        it.closure_due = Some(closes);
        self.note(it, who, "closing-note", body, t);
        self.moved(
            it,
            t,
            Status::ClosureProposed,
            "closure-proposed",
            Some(who),
            json!({"closes_on": closes}),
            Some(json!({"text": body})),
        );
    }

    /// Follow-up actions with progress updates. Returns when the last one was done (the item is
    /// then still in follow-up), or leaves the item in follow-up with open actions.
    fn follow_up(&mut self, zone: &Zone, it: &mut It, start: DateTime<Utc>) -> DateTime<Utc> {
        let now = self.now;
        let n = self.rng.gen_range(1..=3);
        let mut t = start;
        let mut all_done = true;
        let mut last_done = start;
        for k in 0..n {
            let added = if k == 0 {
                start
            } else {
                later(&mut self.rng, t, 0, 10)
            };
            if added >= now {
                all_done = false;
                break;
            }
            t = added;
            let who = self.staff(zone);
            let aid = next(&mut self.ids.action);
            let due = brussels_date(added) + Duration::days(self.rng.gen_range(30..180));
            let what = format!(
                "{} {}",
                pick(
                    &mut self.rng,
                    &[
                        "Overleg met",
                        "Voorstel uitwerken met",
                        "Afspraken maken met",
                        "Informatie vragen aan"
                    ]
                ),
                pick(&mut self.rng, RESPONSIBLE)
            );
            let responsible = pick(&mut self.rng, RESPONSIBLE);
            let from = it.status;
            if from == Status::Decided {
                it.status = Status::InFollowUp;
                it.updated_at = added;
            }
            self.event(
                added,
                ("item", it.id),
                "action-added",
                Some(who),
                json!({"action": aid, "due": due, "status": "in-follow-up"}),
                Some(json!({"text": what, "responsible": responsible})),
            );
            // Progress updates; most actions are finished, some run late, a few never finish.
            let finishes = self.rng.gen_bool(0.9);
            let n_updates = self.rng.gen_range(1..=4);
            let due_at = Utc.from_utc_datetime(&due.and_hms_opt(10, 0, 0).expect("time"));
            let span = (due_at - added).num_days().max(2);
            let mut percent = 0i64;
            let mut u_at = added;
            let mut status = "open";
            let mut updated = added;
            for u in 0..n_updates {
                let last = u + 1 == n_updates;
                let step_days = if last && finishes && self.rng.gen_bool(0.15) {
                    span / n_updates as i64 + 30 // late
                } else {
                    span / n_updates as i64
                };
                let at = later(&mut self.rng, u_at, 1, step_days.max(2));
                if at >= now {
                    break;
                }
                u_at = at;
                let done = last && finishes;
                percent = if done {
                    100
                } else {
                    (percent + self.rng.gen_range(10..40)).min(90)
                };
                let uid = next(&mut self.ids.update);
                let note = pick(
                    &mut self.rng,
                    &[
                        "Eerste overleg gehad.",
                        "Voorstel ligt klaar.",
                        "We wachten op een antwoord.",
                        "Uitgevoerd en gecommuniceerd.",
                    ],
                );
                self.t
                    .action_updates
                    .push(row![uid, aid, who, Some(percent), note, at]);
                if done {
                    status = "done";
                }
                updated = at;
                self.event(
                    at,
                    ("item", it.id),
                    "action-updated",
                    Some(who),
                    json!({"action": aid, "update": uid, "percent": percent, "action_status": status}),
                    Some(json!({"text": note})),
                );
            }
            self.t.actions.push(row![
                aid,
                it.id,
                zone.id,
                what,
                responsible,
                due,
                percent,
                status,
                who,
                added,
                updated
            ]);
            // The keeper marks an open action once its due date has passed.
            let open_until = if status == "done" { updated } else { now };
            let mark = brussels_midnight(due + Duration::days(1)).max(added + Duration::minutes(1));
            if mark < open_until {
                let data = json!({"deadline": "follow-up", "action": aid, "due": due, "overdue_since": due + Duration::days(1)});
                self.keeper_mark(
                    ("action", aid),
                    it.id,
                    "follow-up",
                    due,
                    mark,
                    "action-overdue",
                    data,
                );
            }
            if status != "done" {
                all_done = false;
            } else {
                last_done = last_done.max(updated);
            }
        }
        if all_done {
            last_done
        } else {
            now
        }
    }

    /// A few signals per zone (open intake, migration 0006): brought in anonymously or recorded by
    /// a panel member, then answered, set aside or bundled into an existing item, as
    /// `service::signals` records them. Recent ones are still new.
    fn signals(&mut self, zone: &Zone, first: DateTime<Utc>) {
        let n = self.rng.gen_range(5..=20);
        let span = (self.now - first).num_seconds().max(1);
        let mut times: Vec<DateTime<Utc>> = (0..n)
            .map(|_| first + Duration::seconds(self.rng.gen_range(0..span)))
            .collect();
        times.sort();
        let mut counters: std::collections::BTreeMap<i32, i64> = Default::default();
        for at in times {
            let year = brussels_date(at).year();
            let number = {
                let c = counters.entry(year).or_insert(0);
                *c += 1;
                *c
            };
            let reference = crate::domain::signals::signal_reference(&zone.code, year, number);
            let id = next(&mut self.ids.signal);
            let body = text(&mut self.rng, 1, 4);
            let relation = pick(
                &mut self.rng,
                &["bewoner", "mantelzorger", "hulpverlener", "andere"],
            );
            let contact = self
                .rng
                .gen_bool(0.3)
                .then(|| format!("melder{id}@example.org"));
            let recorder = if self.rng.gen_bool(0.3) {
                let p = self.rng.gen_range(0..zone.panels.len());
                Some(pick(&mut self.rng, &zone.panels[p].members))
            } else {
                None
            };
            let token = hex_token(&mut self.rng, 32);
            if let Some(r) = recorder {
                self.event(
                    at,
                    ("signal", id),
                    "signal-recorded",
                    Some(r),
                    json!({"reference": reference, "status": "new", "may_contact": contact.is_some()}),
                    Some(json!({"text": body, "contact": contact, "relation": relation, "heard_at": null, "person_name": null})),
                );
            } else {
                self.event(
                    at,
                    ("signal", id),
                    "signal-received",
                    None,
                    json!({"reference": reference, "status": "new", "via": "web"}),
                    Some(json!({"text": body, "contact": contact, "relation": relation})),
                );
            }
            let triaged_at = later(&mut self.rng, at, 2, 30);
            let staff = pick(&mut self.rng, &zone.staff);
            let (mut status, mut item, mut answer, mut reason, mut by, mut when) =
                ("new", None, None, None, None, None);
            if triaged_at < self.now {
                let r = self.rng.gen_range(0..100);
                // An item of the zone already submitted by then, to bundle the signal into.
                let target = self
                    .submitted
                    .iter()
                    .rev()
                    .find(|(_, _, s)| *s < triaged_at)
                    .cloned();
                if let Some((item_id, item_ref, _)) = target.filter(|_| r < 35) {
                    status = "adopted";
                    item = Some(item_id);
                    self.event(
                        triaged_at,
                        ("signal", id),
                        "signal-bundled",
                        Some(staff),
                        json!({"status": "adopted", "item": item_id, "item_reference": item_ref}),
                        None,
                    );
                    self.event(
                        triaged_at,
                        ("item", item_id),
                        "signal-linked",
                        Some(staff),
                        json!({"signal": id, "signal_reference": reference, "how": "bundle"}),
                        None,
                    );
                } else if r < 80 {
                    status = "answered";
                    let words = text(&mut self.rng, 1, 2);
                    answer = Some(words.clone());
                    self.event(
                        triaged_at,
                        ("signal", id),
                        "signal-answered",
                        Some(staff),
                        json!({"status": "answered"}),
                        Some(json!({"text": words})),
                    );
                } else {
                    status = "set-aside";
                    let words = "Dit valt buiten wat de zorgraad kan doen; we gaven het door aan de gemeente.".to_string();
                    reason = Some(words.clone());
                    self.event(
                        triaged_at,
                        ("signal", id),
                        "signal-set-aside",
                        Some(staff),
                        json!({"status": "set-aside"}),
                        Some(json!({"text": words})),
                    );
                }
                by = Some(staff);
                when = Some(triaged_at);
            }
            self.t.signals.push(row![
                id,
                zone.id,
                reference,
                body,
                "nl",
                contact.clone(),
                Some(relation),
                contact.is_some(),
                recorder,
                crate::secrets::token_hash(&token),
                status,
                item,
                answer,
                reason,
                by,
                when,
                at
            ]);
        }
        for (year, last) in counters {
            self.t
                .signal_counters
                .push(row![zone.id, year as i64, last]);
        }
    }

    /// Sorts the zone's events by time, numbers them and computes the chain; returns the head.
    fn chain(&mut self, zone_id: i64) -> (i64, String) {
        let mut ev = std::mem::take(&mut self.ev);
        ev.sort_by_key(|e| e.at);
        let mut prev = GENESIS.to_string();
        let mut seq = 0i64;
        let recent = self.now - Duration::days(60);
        let mut notes = vec![];
        for e in ev {
            seq += 1;
            let id = next(&mut self.ids.event);
            let data = e.data.to_string();
            let (commitment, personal) = match &e.personal {
                Some(p) => {
                    let salt = hex_token(&mut self.rng, 16);
                    let payload = p.to_string();
                    let c = chain::commitment(&salt, &payload);
                    (c, Some((salt, payload)))
                }
                None => (chain::empty_commitment(), None),
            };
            let hash = chain::event_hash(&ChainedFields {
                zone_id,
                seq,
                at: e.at,
                subject_type: e.subject_type,
                subject_id: e.subject_id,
                kind: e.kind,
                actor_id: e.actor,
                data: &data,
                commitment: &commitment,
                prev_hash: &prev,
            });
            self.t.events.push(row![
                id,
                zone_id,
                seq,
                e.at,
                e.subject_type,
                e.subject_id,
                e.kind,
                e.actor,
                data,
                commitment,
                prev.clone(),
                hash.clone()
            ]);
            if let Some((salt, payload)) = personal {
                self.t.event_personal.push(row![id, salt, payload]);
            }
            if e.subject_type == "item" && e.at > recent {
                notes.push((seq, e));
            }
            prev = hash;
        }
        self.recent_notifications(zone_id, notes);
        (seq, prev)
    }

    /// The inbox of the last sixty days for the people an item event concerns most (its author
    /// and co-signers; staff and the administrator for what is overdue). Mail was sent long ago:
    /// nothing is left pending for the mail worker.
    fn recent_notifications(&mut self, zone_id: i64, events: Vec<(i64, Ev)>) {
        let authors = std::mem::take(&mut self.recent_people.0);
        let staff = std::mem::take(&mut self.recent_people.1);
        let admin = self.recent_people.2;
        for (seq, e) in events {
            let group = group_of(e.kind);
            let mut to: Vec<(i64, bool)> = vec![];
            let panel_mail = matches!(
                e.kind,
                "acknowledged"
                    | "clarification-requested"
                    | "closure-proposed"
                    | "action-added"
                    | "action-updated"
                    | "scheduled"
                    | "minutes-recorded"
                    | "decided"
                    | "decision-corrected"
            );
            if let Some(people) = authors.get(&e.subject_id) {
                for p in people {
                    to.push((*p, panel_mail));
                }
            }
            if matches!(e.kind, "overdue" | "action-overdue") {
                for s in &staff {
                    to.push((*s, true));
                }
                to.push((admin, true));
            }
            let detail = detail_of(e.kind, &e.data).to_string();
            for (user, mail) in to {
                if Some(user) == e.actor {
                    continue;
                }
                let id = next(&mut self.ids.notification);
                let read = (e.at + Duration::days(3) < self.now)
                    .then(|| e.at + Duration::hours(self.rng.gen_range(1..72)));
                self.t.notifications.push(row![
                    id,
                    Some(user),
                    Some(zone_id),
                    Some(seq),
                    e.subject_type,
                    e.subject_id,
                    e.kind,
                    group,
                    detail.clone(),
                    true,
                    if mail { "sent" } else { "skipped" },
                    if mail { 1i64 } else { 0 },
                    if mail {
                        Some(e.at + Duration::minutes(1))
                    } else {
                        None
                    },
                    read,
                    e.at
                ]);
            }
        }
    }
}

/// The facts a notification shows (as `service::notify` keeps them): never people's words.
fn detail_of(kind: &str, data: &Value) -> Value {
    let keep: &[&str] = match kind {
        "acknowledged" | "reopened" | "clarification-answered" => &["due"],
        "scheduled" => &["meeting", "meeting_at"],
        "minutes-recorded" => &["meeting"],
        "decided" | "decision-corrected" => &["outcome", "review_date"],
        "action-added" => &["due"],
        "action-updated" => &["percent", "action_status"],
        "closure-proposed" => &["closes_on"],
        "overdue" | "action-overdue" => &["deadline", "due"],
        _ => &[],
    };
    let mut m = Map::new();
    for k in keep {
        if let Some(v) = data.get(*k).filter(|v| !v.is_null()) {
            m.insert(k.to_string(), v.clone());
        }
    }
    Value::Object(m)
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Withdraw,
    Clarify,
    Answer,
    Acknowledge,
    Schedule,
    Decide,
    Actions,
    ProposeClosure,
    ConfirmClosure,
    ObjectClosure,
    AutoClose,
    Reopen,
}

// ---------------------------------------------------------------------------------------------
// The driver

/// How many items each zone gets: zones differ in size (about 0.3× to 1.7× the mean), the
/// total is exactly `items`.
fn zone_sizes(rng: &mut StdRng, zones: usize, items: usize) -> Vec<usize> {
    let weights: Vec<f64> = (0..zones).map(|_| rng.gen_range(0.3..1.7)).collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((w / sum) * items as f64).floor() as usize)
        .collect();
    let mut left = items - sizes.iter().sum::<usize>();
    let mut i = 0;
    while left > 0 {
        sizes[i % zones] += 1;
        left -= 1;
        i += 1;
    }
    sizes
}

/// Generates every zone, one after the other, and hands each zone's rows to `send`.
fn produce(
    opts: &Options,
    password_hash: String,
    with_signals: bool,
    mut send: impl FnMut(Tables) -> bool,
) -> Result<(), String> {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(opts.seed),
        ids: Ids::default(),
        now: opts.now,
        password_hash,
        t: Tables::new(),
        ev: vec![],
        recent_people: (HashMap::new(), vec![], 0),
        submitted: vec![],
        with_signals,
    };
    let history = Duration::days(365 * opts.years.max(1) as i64);
    let first = opts.now - history;
    let platform = g.user(
        "platform@bench.example".into(),
        "Platformbeheer Bench".into(),
        first - Duration::days(40),
        true,
    );
    let sizes = zone_sizes(&mut g.rng, opts.zones, opts.items);
    for (ix, n) in sizes.into_iter().enumerate() {
        let start = first - Duration::days(30) + Duration::hours(ix as i64);
        let mut zone = g.zone(ix, platform, start);
        let span = (opts.now - Duration::hours(1) - first).num_seconds().max(1);
        let mut times: Vec<DateTime<Utc>> = (0..n)
            .map(|_| first + Duration::seconds(g.rng.gen_range(0..span)))
            .collect();
        times.sort();
        g.submitted.clear();
        for t in times {
            g.item(&mut zone, t);
        }
        if g.with_signals {
            g.signals(&zone, first);
        }
        for (year, last) in &zone.counters {
            g.t.item_counters.push(row![zone.id, *year as i64, *last]);
        }
        let (seq, head) = g.chain(zone.id);
        g.t.zones.push(row![
            zone.id,
            zone.code.clone(),
            zone.name.clone(),
            ACK_DAYS,
            RESPONSE_DAYS,
            MAX_RESPONSE_DAYS,
            seq,
            head,
            zone.created_at,
            CLOSURE_DAYS
        ]);
        let tables = std::mem::replace(&mut g.t, Tables::new());
        if !send(tables) {
            return Err("the writer stopped".into());
        }
    }
    Ok(())
}

/// Whether a table exists (for the parts of the schema other issues add).
async fn table_exists(sink: &mut Sink<'_>, name: &str) -> Result<bool, sqlx::Error> {
    // Table names here are our own constants.
    let sql = match sink {
        Sink::Sqlite(_) => format!(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'"
        ),
        Sink::Pg(_) => format!(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{name}'"
        ),
    };
    Ok(sink.scalar(&sql).await? > 0)
}

async fn has_table(db: &Db, name: &str) -> Result<bool, String> {
    let n: i64 = match db {
        Db::Sqlite(p, _) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        )
        .bind(name)
        .fetch_one(p)
        .await,
        Db::Postgres(p) => sqlx::query_scalar(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
        )
        .bind(name)
        .fetch_one(p)
        .await,
    }
    .map_err(|e| e.to_string())?;
    Ok(n > 0)
}

/// Fills an empty database. Refuses when there are already people or zones.
pub async fn generate(db: &Db, opts: &Options) -> Result<Report, String> {
    let started = Instant::now();
    if opts.zones == 0 {
        return Err("--zones must be at least 1".into());
    }
    let hash = crate::secrets::Passwords::new(1)
        .hash(&opts.password)
        .await
        .map_err(|e| format!("password hash: {e}"))?;
    let with_signals = has_table(db, "signals").await?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Tables>(2);
    let gen_opts = opts.clone();
    let producer = std::thread::spawn(move || {
        produce(&gen_opts, hash, with_signals, |t| {
            tx.blocking_send(t).is_ok()
        })
    });
    let mut report = Report::default();
    let written: Result<(), String> = async {
        match db {
            Db::Sqlite(pool, _) => {
                // An own connection, so the (intentionally large) statements are not logged as slow.
                let copts = (*pool.connect_options()).clone().disable_statement_logging();
                let mut conn = sqlx::SqliteConnection::connect_with(&copts).await.map_err(|e| e.to_string())?;
                let mut sink = Sink::Sqlite(&mut conn);
                check_empty(&mut sink).await?;
                // A bulk load: if it is interrupted, the database is thrown away and made again,
                // so it need not wait for the disk at every commit (the server uses FULL).
                sink.exec("PRAGMA synchronous = OFF").await.map_err(|e| e.to_string())?;
                sink.exec("PRAGMA cache_size = -262144").await.map_err(|e| e.to_string())?;
                let r = write_all(&mut sink, &mut rx, &mut report).await;
                sink.exec("PRAGMA synchronous = FULL").await.map_err(|e| e.to_string())?;
                sink.exec("PRAGMA cache_size = -2000").await.map_err(|e| e.to_string())?;
                r?;
                extras(&mut sink, opts, &mut report).await?;
                sink.exec("PRAGMA wal_checkpoint(TRUNCATE)").await.map_err(|e| e.to_string())?;
                Ok(())
            }
            Db::Postgres(pool) => {
                let copts = (*pool.connect_options()).clone().disable_statement_logging();
                let mut conn = sqlx::PgConnection::connect_with(&copts).await.map_err(|e| e.to_string())?;
                let mut sink = Sink::Pg(&mut conn);
                check_empty(&mut sink).await?;
                sink.exec("SET synchronous_commit = off").await.map_err(|e| e.to_string())?;
                write_all(&mut sink, &mut rx, &mut report).await?;
                extras(&mut sink, opts, &mut report).await?;
                // Ids were given explicitly: move every identity past them.
                for t in Tables::new().in_order() {
                    if t.identity {
                        let sql = format!(
                            "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {0}), false)",
                            t.name
                        );
                        sink.exec(&sql).await.map_err(|e| e.to_string())?;
                    }
                }
                sink.exec("ANALYZE").await.map_err(|e| e.to_string())?;
                Ok(())
            }
        }
    }
    .await;
    // Dropping the receiver (on error) stops the producer at its next zone.
    drop(rx);
    let produced = producer
        .join()
        .map_err(|_| "the generator thread panicked".to_string())?;
    written?;
    produced?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

async fn check_empty(sink: &mut Sink<'_>) -> Result<(), String> {
    let n = sink
        .scalar("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM zones)")
        .await
        .map_err(|e| e.to_string())?;
    if n > 0 {
        return Err("the database is not empty: bench-data fills an empty database".into());
    }
    Ok(())
}

async fn write_all(
    sink: &mut Sink<'_>,
    rx: &mut tokio::sync::mpsc::Receiver<Tables>,
    report: &mut Report,
) -> Result<(), String> {
    while let Some(mut tables) = rx.recv().await {
        sink.exec("BEGIN").await.map_err(|e| e.to_string())?;
        for t in tables.in_order() {
            let name = t.name;
            let n = sink
                .flush(t)
                .await
                .map_err(|e| format!("writing {name}: {e}"))?;
            report.add(name, n);
        }
        sink.exec("COMMIT").await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Parts of the schema that other issues add, filled after the zones: signals are generated with
/// each zone (see `Gen::signals`); consultations (migration 0005) get their function here once
/// their services have settled.
async fn extras(sink: &mut Sink<'_>, opts: &Options, report: &mut Report) -> Result<(), String> {
    let _ = (opts, report);
    if table_exists(sink, "consultations")
        .await
        .map_err(|e| e.to_string())?
    {
        tracing::info!("bench-data: consultations are not generated yet");
    }
    Ok(())
}
