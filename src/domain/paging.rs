//! Pages of a list. One bound for every list: a page past it is refused by the API's document
//! (`maximum`) and clamped by the pages, so no page number can overflow an offset.

/// The highest page any list serves.
pub const MAX_PAGE: i64 = 10_000;

/// The page to show for what was asked: 1 when nothing or nonsense was asked.
pub fn page(asked: Option<i64>) -> i64 {
    asked.unwrap_or(1).clamp(1, MAX_PAGE)
}

/// The rows before `page`.
pub fn offset(page: i64, per_page: i64) -> i64 {
    (page.clamp(1, MAX_PAGE) - 1) * per_page
}

/// One page of a list, whether another follows, and how many rows the whole list has.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub more: bool,
    pub total: i64,
}

impl<T> Paged<T> {
    /// From a read of `per_page + 1` rows at `offset(page, per_page)`: the extra row only says
    /// that there is a next page (the read, not the count, decides: they are two statements).
    pub fn from_read(mut rows: Vec<T>, page: i64, per_page: i64, total: i64) -> Paged<T> {
        let more = rows.len() as i64 > per_page;
        rows.truncate(per_page as usize);
        Paged {
            rows,
            page: page.clamp(1, MAX_PAGE),
            per_page,
            more: more && page < MAX_PAGE,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_page_overflows_its_offset() {
        assert_eq!(offset(1, 50), 0);
        assert_eq!(offset(3, 50), 100);
        assert_eq!(offset(i64::MAX, 50), (MAX_PAGE - 1) * 50);
        assert_eq!(offset(i64::MIN, 50), 0);
        assert_eq!(page(None), 1);
        assert_eq!(page(Some(0)), 1);
    }

    #[test]
    fn one_row_more_says_a_next_page_follows() {
        let p = Paged::from_read((0..51).collect::<Vec<_>>(), 1, 50, 51);
        assert_eq!((p.rows.len(), p.more), (50, true));
        let p = Paged::from_read((0..50).collect::<Vec<_>>(), 2, 50, 100);
        assert_eq!((p.rows.len(), p.more), (50, false));
    }
}
