// Migrations, templates and static files are built into the binary (`sqlx::migrate!`,
// `include_dir!`); rebuild when one is added or changed. Cargo scans a named folder for changes
// to any file in it.
fn main() {
    for dir in [
        "migrations",
        "migrations/sqlite",
        "migrations/postgres",
        "templates",
        "static",
    ] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
