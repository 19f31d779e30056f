//! The web layer: pages, the JSON API, guards, headers and error pages.

pub mod api;
pub mod body;
pub mod catchers;
pub mod charts;
pub mod compress;
pub mod csrf;
pub mod guards;
pub mod headers;
pub mod kept_page;
pub mod observe;
pub mod openapi;
pub mod page;
pub mod pages;
pub mod qr;
pub mod query_contract;
pub mod statics;
pub mod strict_json;
pub mod template;
pub mod unrouted;
pub mod url;
pub mod views;
