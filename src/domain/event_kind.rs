//! Every kind of event on a zone's chain, and what its subject is. The chain stores the kind as
//! its text (`as_str`), so a stored history reads the same whatever the code calls it; the code
//! uses the enum, so a new kind makes the compiler list every place that must know it (who is
//! told, what the timeline says).

/// What an event is about: the kind of subject and its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Zone(i64),
    Item(i64),
    Consultation(i64),
    Signal(i64),
    Meeting(i64),
}

impl Subject {
    /// The subject type as the chain stores it.
    pub const fn type_str(self) -> &'static str {
        match self {
            Subject::Zone(_) => "zone",
            Subject::Item(_) => "item",
            Subject::Consultation(_) => "consultation",
            Subject::Signal(_) => "signal",
            Subject::Meeting(_) => "meeting",
        }
    }

    pub const fn id(self) -> i64 {
        match self {
            Subject::Zone(id)
            | Subject::Item(id)
            | Subject::Consultation(id)
            | Subject::Signal(id)
            | Subject::Meeting(id) => id,
        }
    }
}

macro_rules! event_kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $shown:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventKind {
            $($(#[$doc])* $variant,)*
        }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant,)*];

            /// The kind as the chain stores it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(EventKind::$variant => $name,)*
                }
            }

            pub fn parse(s: &str) -> Option<EventKind> {
                match s {
                    $($name => Some(EventKind::$variant),)*
                    _ => None,
                }
            }

            /// Shown on the timeline of an item, consultation or signal (with a label and an
            /// explanation in every language); a zone's or a meeting's own events are not.
            pub const fn on_timeline(self) -> bool {
                match self {
                    $(EventKind::$variant => $shown,)*
                }
            }
        }
    };
}

event_kinds! {
    // An item's life.
    Created = "created", true;
    DraftEdited = "draft-edited", true;
    Cosigned = "cosigned", true;
    MadePublic = "made-public", true;
    MadePrivate = "made-private", true;
    Submitted = "submitted", true;
    AddendumAdded = "addendum-added", true;
    Acknowledged = "acknowledged", true;
    ClarificationRequested = "clarification-requested", true;
    ClarificationAnswered = "clarification-answered", true;
    Scheduled = "scheduled", true;
    MinutesRecorded = "minutes-recorded", true;
    MinutesConfirmed = "minutes-confirmed", true;
    MinutesCorrected = "minutes-corrected", true;
    Decided = "decided", true;
    DecisionCorrected = "decision-corrected", true;
    ActionAdded = "action-added", true;
    ActionUpdated = "action-updated", true;
    ClosureProposed = "closure-proposed", true;
    ClosureObjected = "closure-objected", true;
    Closed = "closed", true;
    AutoClosed = "auto-closed", true;
    Withdrawn = "withdrawn", true;
    Reopened = "reopened", true;
    ReactionAdded = "reaction-added", true;
    OwnViewAdded = "own-view-added", true;
    CommentAdded = "comment-added", true;
    LetterPrinted = "letter-printed", true;
    MadeFromAdvice = "made-from-advice", true;
    SignalLinked = "signal-linked", true;
    VerdictGiven = "verdict-given", true;
    VerdictAnswered = "verdict-answered", true;
    // Deadlines, marked by the keeper.
    Reminder = "reminder", true;
    Overdue = "overdue", true;
    VeryOverdue = "very-overdue", true;
    ClarificationReminder = "clarification-reminder", true;
    ActionOverdue = "action-overdue", true;
    // A consultation's life.
    ConsultationAsked = "consultation-asked", true;
    ParticipantInvited = "participant-invited", true;
    ParticipantJoined = "participant-joined", true;
    AdviceSaved = "advice-saved", true;
    AdviceNoteAdded = "advice-note-added", true;
    AdviceDissentAdded = "advice-dissent-added", true;
    AdviceSubmitted = "advice-submitted", true;
    ConsultationReactionAdded = "consultation-reaction-added", true;
    ReportedBack = "reported-back", true;
    ReportOverdue = "report-overdue", true;
    PointMadeItem = "point-made-item", true;
    // A signal's life.
    SignalReceived = "signal-received", true;
    SignalRecorded = "signal-recorded", true;
    SignalAdopted = "signal-adopted", true;
    SignalBundled = "signal-bundled", true;
    SignalAnswered = "signal-answered", true;
    SignalSetAside = "signal-set-aside", true;
    // People's own data.
    WordsErased = "words-erased", true;
    PersonalDataRemoved = "personal-data-removed", true;
    // A zone's own events and its meetings.
    ZoneCreated = "zone-created", false;
    PanelCreated = "panel-created", false;
    MemberJoined = "member-joined", false;
    InvitationCreated = "invitation-created", false;
    SettingsChanged = "settings-changed", false;
    ClosingDayAdded = "closing-day-added", false;
    ClosingDayRemoved = "closing-day-removed", false;
    ChairChanged = "chair-changed", false;
    PersonErased = "person-erased", false;
    MeetingPlanned = "meeting-planned", false;
    MeetingHeld = "meeting-held", false;
}

#[cfg(test)]
mod tests {
    use super::EventKind;

    #[test]
    fn every_kind_reads_back_as_itself() {
        for &k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(EventKind::parse("forged"), None);
    }
}
