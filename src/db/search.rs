//! The full-text index (migration 0011): SQLite FTS5 or PostgreSQL tsvector, the same answers.

use super::{fetch, Classify, DbResult, Ex};
use crate::domain::search::{self, Combine, MARK_END, MARK_START};

/// One matching text: which subject it belongs to, which of its texts, the fragment with the
/// matching words marked, and how well it matched (lower is better on both engines).
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct Hit {
    pub kind: String,
    pub subject_id: i64,
    pub source: String,
    pub fragment: String,
    pub rank: f64,
}

/// The best-matching texts of a zone for `terms`, of one kind or all, at most `limit`.
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
        let query = format!("zone : \"z{zone_id}\" AND {}", search::fts5(terms, how));
        let sql = format!(
            "SELECT kind, CAST(subject_id AS INTEGER) AS subject_id, source,
                    snippet(search_index, 0, '{MARK_START}', '{MARK_END}', '…', 24) AS fragment,
                    bm25(search_index, 1.0, 0.0) AS rank
             FROM search_index WHERE search_index MATCH $1 AND ($2 IS NULL OR kind = $2)
             ORDER BY rank LIMIT $3"
        );
        fetch!(ex, fetch_all, Hit, &sql, query, kind, limit).db()
    } else {
        // The query in each configuration a text may be indexed in, so a Dutch word is stemmed
        // as Dutch texts were, a French one as French.
        let sql = format!(
            "WITH q AS (SELECT to_tsquery('dutch', $1) || to_tsquery('french', $1) || to_tsquery('simple', $1) AS q)
             SELECT s.kind, s.subject_id, s.source,
                    ts_headline(s.config, s.body, q.q, 'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=…') AS fragment,
                    (-ts_rank_cd(s.tsv, q.q))::float8 AS rank
             FROM search_index s, q
             WHERE s.zone_id = $2 AND s.tsv @@ q.q AND ($3::text IS NULL OR s.kind = $3)
             ORDER BY rank, s.id LIMIT $4"
        );
        let query = search::tsquery(terms, how);
        fetch!(ex, fetch_all, Hit, &sql, query, zone_id, kind, limit).db()
    }
}
