//! Domain rules as plain Rust: no web or database types live here.

pub mod chain;
pub mod clock;
pub mod consultation;
pub mod csv;
pub mod deadlines;
pub mod event_kind;
pub mod ical;
pub mod lifecycle;
pub mod net;
pub mod paging;
pub mod policy;
pub mod privacy;
pub mod proof;
pub mod reference;
pub mod search;
pub mod second_factor;
pub mod signals;
pub mod signed_note;
pub mod validate;
pub mod working_days;
