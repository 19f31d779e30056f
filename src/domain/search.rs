//! What people type into a search box, made into full-text queries that cannot be anything but
//! words: the input is folded (lower case, accents off), split into runs of letters and digits,
//! and only those runs reach the database, each quoted. Quotes, `*`, `NEAR`, `-` and `:` are
//! separators like spaces, so no input is ever read as query syntax.

/// At most this many words count from a query (the rest is ignored, not an error).
pub const MAX_TERMS: usize = 12;
/// A word longer than this is cut (no real word is; it keeps the query small).
const MAX_TERM_CHARS: usize = 40;

/// Lower case, without accents (é → e, ç → c, ß → ss), as both engines index.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => out.push('o'),
            'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'œ' => out.push('o'),
            'æ' => out.push('a'),
            'ß' => out.push_str("ss"),
            c => out.push(c),
        }
    }
    out
}

/// The words of a query, folded, in order, without repeats.
pub fn terms(q: &str) -> Vec<String> {
    let folded = fold(q);
    let mut out: Vec<String> = vec![];
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let w: String = w.chars().take(MAX_TERM_CHARS).collect();
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// Words too common in Dutch, French and English to say what a text is about.
const STOPWORDS: &[&str] = &[
    "aan", "alle", "alles", "als", "ander", "andere", "bij", "dan", "dat", "deze", "die", "dit",
    "door", "een", "eens", "geen", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "hun",
    "ik", "in", "is", "je", "kan", "kunnen", "maar", "meer", "met", "mij", "moet", "moeten", "na",
    "naar", "niet", "nog", "nu", "of", "om", "omdat", "onze", "ook", "op", "over", "te", "tot",
    "uit", "van", "veel", "voor", "waar", "wat", "we", "wel", "wij", "worden", "wordt", "zal",
    "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou", "avec", "dans", "des", "elle",
    "est", "les", "leur", "mais", "nous", "pas", "plus", "pour", "que", "qui", "sont", "sur",
    "une", "vous", "about", "also", "and", "are", "but", "for", "from", "have", "that", "the",
    "their", "there", "they", "this", "very", "was", "what", "when", "with", "would", "your",
];

/// The words that say what a text is about: four letters or more, no common words, the first
/// [`MAX_TERMS`] distinct ones.
pub fn main_words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out: Vec<String> = vec![];
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() < 4 || STOPWORDS.contains(&w) || w.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let w: String = w.chars().take(MAX_TERM_CHARS).collect();
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// How the words combine: all of them (a search) or any, ranked (similar texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    All,
    Any,
}

/// An SQLite FTS5 expression over the `body` column: each word a quoted prefix.
pub fn fts5(terms: &[String], how: Combine) -> String {
    let sep = match how {
        Combine::All => " AND ",
        Combine::Any => " OR ",
    };
    let words: Vec<String> = terms
        .iter()
        .map(|t| format!("\"{}\"*", t.replace('"', "")))
        .collect();
    format!("body : ({})", words.join(sep))
}

/// A PostgreSQL `to_tsquery` text: each word a prefix, joined by `&` or `|`. Words hold only
/// letters and digits, so nothing in them is tsquery syntax.
pub fn tsquery(terms: &[String], how: Combine) -> String {
    let sep = match how {
        Combine::All => " & ",
        Combine::Any => " | ",
    };
    terms
        .iter()
        .map(|t| format!("{t}:*"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A piece of a fragment: matched or not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Piece {
    pub text: String,
    /// Whether this piece matched the query (shown highlighted).
    pub hit: bool,
}

/// Words shown around the first match.
const FRAGMENT_WORDS: usize = 24;

/// The part of `text` around its first matching word, in pieces, the words that begin with a
/// query term marked. Done here rather than by each engine, so both mark alike (accents too).
pub fn fragment(text: &str, terms: &[String]) -> Vec<Piece> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let hit = |w: &str| {
        let f = fold(w);
        let core = f.trim_matches(|c: char| !c.is_alphanumeric());
        !core.is_empty() && terms.iter().any(|t| core.starts_with(t.as_str()))
            || f.split(|c: char| !c.is_alphanumeric())
                .any(|part| !part.is_empty() && terms.iter().any(|t| part.starts_with(t.as_str())))
    };
    let first = words.iter().position(|w| hit(w)).unwrap_or(0);
    let start = first.saturating_sub(FRAGMENT_WORDS / 3);
    let end = (start + FRAGMENT_WORDS).min(words.len());
    let mut out: Vec<Piece> = vec![];
    if start > 0 {
        out.push(Piece {
            text: "… ".into(),
            hit: false,
        });
    }
    for (i, w) in words[start..end].iter().enumerate() {
        let sep = if i + 1 < end - start { " " } else { "" };
        if hit(w) {
            // Only the word is marked; punctuation around it is not.
            let a = w.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
            let b = w
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_alphanumeric())
                .map_or(w.len(), |(i, c)| i + c.len_utf8());
            let (lead, core, trail) = (&w[..a], &w[a..b], &w[b..]);
            match out.last_mut() {
                Some(p) if !p.hit => p.text.push_str(lead),
                _ if !lead.is_empty() => out.push(Piece {
                    text: lead.into(),
                    hit: false,
                }),
                _ => {}
            }
            out.push(Piece {
                text: core.to_string(),
                hit: true,
            });
            let after = format!("{trail}{sep}");
            if !after.is_empty() {
                out.push(Piece {
                    text: after,
                    hit: false,
                });
            }
        } else {
            match out.last_mut() {
                Some(p) if !p.hit => {
                    p.text.push_str(w);
                    p.text.push_str(sep);
                }
                _ => out.push(Piece {
                    text: format!("{w}{sep}"),
                    hit: false,
                }),
            }
        }
    }
    if end < words.len() {
        match out.last_mut() {
            Some(p) if !p.hit => p.text.push_str(" …"),
            _ => out.push(Piece {
                text: " …".into(),
                hit: false,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_is_never_passed_through() {
        let t = terms(r#"wacht"lijst* NEAR(zorg) -huis: "Zorgraad" OR 1=1; DROP TABLE"#);
        assert_eq!(
            t,
            ["wacht", "lijst", "near", "zorg", "huis", "zorgraad", "or", "1", "drop", "table"]
        );
        let q = fts5(&t, Combine::All);
        assert!(q.starts_with("body : (\"wacht\"* AND \"lijst\"*"));
        assert!(!tsquery(&t, Combine::Any).contains(['"', '(', '!', '\'']));
    }

    #[test]
    fn accents_and_case_fold() {
        assert_eq!(terms("Één Café, ÇA VA"), ["een", "cafe", "ca", "va"]);
        assert_eq!(terms(""), Vec::<String>::new());
        assert_eq!(terms(&"a ".repeat(500)), ["a"]);
        assert_eq!(terms(&"woord".repeat(100))[0].len(), 40);
    }

    #[test]
    fn main_words_leave_out_the_common_ones() {
        assert_eq!(
            main_words("De wachtlijst voor de thuisverpleging is veel te lang, ook in 2026."),
            ["wachtlijst", "thuisverpleging", "lang"]
        );
    }

    #[test]
    fn fragments_mark_the_words_that_match() {
        let t = terms("coordinator zorg");
        let p = fragment("De Zorgraad vraagt één coördinator, voor iedereen.", &t);
        let marked: Vec<&str> = p
            .iter()
            .filter(|x| x.hit)
            .map(|x| x.text.as_str())
            .collect();
        assert_eq!(marked, ["Zorgraad", "coördinator"]);
        let whole: String = p.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(whole, "De Zorgraad vraagt één coördinator, voor iedereen.");
        let long = format!("{} wachtlijst {}", "woord ".repeat(40), "ander ".repeat(40));
        let p = fragment(&long, &terms("wachtlijst"));
        let whole: String = p.iter().map(|x| x.text.as_str()).collect();
        assert!(whole.starts_with("… ") && whole.ends_with(" …"), "{whole}");
        assert_eq!(p.iter().filter(|x| x.hit).count(), 1);
    }
}
