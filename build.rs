// Migrations are embedded with `sqlx::migrate!`; rebuild when one is added or changed. A new
// file changes its folder's timestamp, not the parent's, so each engine's folder is named.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations/sqlite");
    println!("cargo:rerun-if-changed=migrations/postgres");
}
