//! The default templates are embedded from `templates/` by a macro that cargo cannot watch:
//! rebuild when any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=templates");
}
