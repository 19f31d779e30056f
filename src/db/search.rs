//! The full-text index (migration 0011): SQLite FTS5 or PostgreSQL tsvector, the same answers.

use super::{fetch, Classify, DbResult, Ex};
use crate::domain::search::{self, Combine};

/// One matching text: which subject it belongs to, which of its texts, its entry in the index,
/// and how well it matched (lower is better on both engines).
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Hit {
    pub id: i64,
    pub kind: String,
    pub subject_id: i64,
    pub source: String,
    pub rank: f64,
}

/// The matching texts of a zone for `terms`, of one kind or all, at most `limit`: a search
/// (all words) newest first, similar texts (any word) best first. Ranking every match of a common
/// word in a large zone cost three times the search itself, and people looking something up
/// expect the latest first (as WhatDoTheyKnow's search does); "like this text" needs the rank.
/// Fragments are made afterwards, for the few shown ([`texts`]).
pub async fn find(
    ex: &mut Ex<'_>,
    zone_id: i64,
    terms: &[String],
    how: Combine,
    kind: Option<&str>,
    limit: i64,
) -> DbResult<Vec<Hit>> {
    if terms.is_empty() {
        return Ok(vec![]);
    }
    if ex.is_sqlite() {
        // `zone` is a column of its own, so the index narrows to the zone before ranking; the
        // zone column weighs nothing in the rank.
        let query = format!("{} AND zone : \"z{zone_id}\"", search::fts5(terms, how));
        let order = match how {
            Combine::All => "rowid DESC",
            Combine::Any => "rank",
        };
        let sql = format!(
            "SELECT rowid AS id, kind, CAST(subject_id AS INTEGER) AS subject_id, source,
                    bm25(search_index, 1.0, 0.0) AS rank
             FROM search_index WHERE search_index MATCH $1 AND ($2 IS NULL OR kind = $2)
             ORDER BY {order} LIMIT $3"
        );
        fetch!(ex, fetch_all, Hit, &sql, query, kind, limit).db()
    } else {
        // The query in each configuration a text may be indexed in, so a Dutch word is stemmed
        // as Dutch texts were, a French one as French.
        let query = search::tsquery(terms, how);
        let order = match how {
            Combine::All => "s.id DESC",
            Combine::Any => "rank, s.id",
        };
        let sql = format!(
            "WITH q AS (SELECT to_tsquery('dutch', $1) || to_tsquery('french', $1) || to_tsquery('simple', $1) AS q)
             SELECT s.id, s.kind, s.subject_id, s.source, (-ts_rank_cd(s.tsv, q.q))::float8 AS rank
             FROM search_index s, q
             WHERE s.zone_id = $2 AND s.tsv @@ q.q AND ($3::text IS NULL OR s.kind = $3)
             ORDER BY {order} LIMIT $4"
        );
        fetch!(ex, fetch_all, Hit, &sql, query, zone_id, kind, limit).db()
    }
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct IndexedText {
    pub id: i64,
    pub body: String,
}

/// The indexed texts of some entries (ids from [`find`], numbers, so written into the statement).
pub async fn texts(ex: &mut Ex<'_>, ids: &[i64]) -> DbResult<Vec<IndexedText>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let sql = if ex.is_sqlite() {
        format!(
            "SELECT rowid AS id, body FROM search_index WHERE rowid IN ({})",
            list.join(",")
        )
    } else {
        format!(
            "SELECT id, body FROM search_index WHERE id IN ({})",
            list.join(",")
        )
    };
    fetch!(ex, fetch_all, IndexedText, &sql).db()
}
