-- The language a citizen wrote in, and reports of accessibility barriers (PostgreSQL).
ALTER TABLE items ADD COLUMN text_lang TEXT NOT NULL DEFAULT 'nl';

CREATE TABLE barrier_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    page TEXT NOT NULL,
    description TEXT NOT NULL,
    contact TEXT,
    user_id BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL
);
