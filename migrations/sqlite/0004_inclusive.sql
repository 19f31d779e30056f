-- The language a citizen wrote in, and reports of accessibility barriers (SQLite).
ALTER TABLE items ADD COLUMN text_lang TEXT NOT NULL DEFAULT 'nl';

CREATE TABLE barrier_reports (
    id INTEGER PRIMARY KEY,
    page TEXT NOT NULL,
    description TEXT NOT NULL,
    contact TEXT,
    user_id BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
