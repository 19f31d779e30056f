//! No import loops in `src/`: no module may, through the modules it names, end up depending on
//! itself. A loop makes every module in it part of every other (none can be read, tested or moved
//! alone), so each layer (`domain`, `db`, `app`, `service`, `web`) only names the ones below it.
//!
//! The graph is of file modules (`src/db/events.rs` is `db::events`, `src/db/mod.rs` is `db`).
//! A module depends on another when its code (outside `//` comments, and before the first
//! `#[cfg(test)]`) names it: a `use crate::…` or `use super::…` (brace groups included), or a
//! `crate::…` or `super::…` path anywhere. A path counts for the deepest module it names. A
//! module naming one of its ancestors or descendants does not count: a parent aggregating its
//! children's routes and a child using its parent's helpers is the normal Rust layout.
//!
//! The loops are the strongly connected components of that graph (Tarjan's algorithm) with more
//! than one module; the test names each with its edges and the lines they come from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where an edge comes from: a file and a line in it.
type Places = Vec<(String, usize)>;

/// Module -> the modules it names -> where.
type Graph = BTreeMap<String, BTreeMap<String, Places>>;

/// The module a file under `src/` is (`""` for the crate roots).
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code that counts: `//` comments blanked (lines stay where they are), and nothing from the
/// first `#[cfg(test)]` on.
fn counted_code(source: &str) -> String {
    let stripped: Vec<&str> = source
        .lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect();
    let mut code = stripped.join("\n");
    if let Some(i) = code.find("#[cfg(test)]") {
        code.truncate(i);
    }
    code
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Reads paths and use trees out of code, from a position just after `crate::` or `super::`.
struct Reader<'a> {
    code: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self.at < self.code.len() && self.code[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_space();
        if self.code[self.at..].starts_with(s.as_bytes()) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_space();
        let start = self.at;
        while self.at < self.code.len() && is_ident(self.code[self.at]) {
            self.at += 1;
        }
        (self.at > start).then(|| String::from_utf8_lossy(&self.code[start..self.at]).into_owned())
    }

    /// A use tree (or a plain path) under `prefix`: each full path it names, with its offset.
    fn tree(&mut self, prefix: &[String], out: &mut Vec<(Vec<String>, usize)>) {
        self.skip_space();
        if self.eat("{") {
            loop {
                if self.eat("}") {
                    break;
                }
                let before = self.at;
                self.tree(prefix, out);
                if self.eat(",") {
                    continue;
                }
                if self.eat("}") || self.at == before || self.at >= self.code.len() {
                    break;
                }
            }
            return;
        }
        if self.eat("*") {
            out.push((prefix.to_vec(), self.at));
            return;
        }
        let mut path = prefix.to_vec();
        let mut end = self.at;
        while let Some(seg) = self.ident() {
            end = self.at;
            if seg != "self" {
                path.push(seg);
            }
            let after_seg = self.at;
            if !self.eat("::") {
                break;
            }
            self.skip_space();
            if self
                .code
                .get(self.at)
                .is_some_and(|&b| b == b'{' || b == b'*')
            {
                self.tree(&path, out);
                return;
            }
            if !self.code.get(self.at).copied().is_some_and(is_ident) {
                // `crate::x::<T>` and the like: the path ends before the `::`.
                self.at = after_seg;
                break;
            }
        }
        // `… as name`: the name is this module's own.
        self.skip_space();
        let rest = &self.code[self.at..];
        if rest.starts_with(b"as") && !rest.get(2).copied().is_some_and(is_ident) {
            self.at += 2;
            self.ident();
        }
        out.push((path, end));
    }
}

/// Every module path this code names, as absolute paths (no `crate`), with its line.
fn named_paths(module: &str, code: &str) -> Vec<(Vec<String>, usize)> {
    let bytes = code.as_bytes();
    let here: Vec<String> = if module.is_empty() {
        vec![]
    } else {
        module.split("::").map(str::to_string).collect()
    };
    let mut found = vec![];
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !is_ident(bytes[i - 1]);
        let rest = &bytes[i..];
        let start = if !boundary {
            None
        } else if rest.starts_with(b"crate::") {
            Some((vec![], i + "crate::".len()))
        } else if rest.starts_with(b"super::") {
            // `super::super::…` climbs once per `super`.
            let mut base = here.clone();
            let mut at = i;
            while bytes[at..].starts_with(b"super::") {
                base.pop();
                at += "super::".len();
            }
            Some((base, at))
        } else {
            None
        };
        let Some((prefix, at)) = start else {
            i += 1;
            continue;
        };
        let mut r = Reader { code: bytes, at };
        let mut paths = vec![];
        r.tree(&prefix, &mut paths);
        for (path, offset) in paths {
            let line = 1 + bytes[..offset.min(bytes.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            found.push((path, line));
        }
        i = r.at.max(i + 1);
    }
    found
}

/// The deepest module a path names (none for the crate root itself).
fn resolve<'m>(path: &[String], modules: &'m BTreeSet<String>) -> Option<&'m String> {
    (1..=path.len())
        .rev()
        .find_map(|k| modules.get(&path[..k].join("::")))
}

/// `a` is `b`, or one of its ancestors or descendants.
fn in_line(a: &str, b: &str) -> bool {
    let below = |x: &str, y: &str| x.is_empty() || y == x || y.starts_with(&format!("{x}::"));
    below(a, b) || below(b, a)
}

/// The graph of the modules in `files` (module, file as shown, source).
fn graph(files: &[(String, String, String)]) -> Graph {
    let modules: BTreeSet<String> = files.iter().map(|(m, _, _)| m.clone()).collect();
    let mut g = Graph::new();
    for (module, file, source) in files {
        let edges = g.entry(module.clone()).or_default();
        for (path, line) in named_paths(module, &counted_code(source)) {
            let Some(target) = resolve(&path, &modules) else {
                continue;
            };
            if in_line(module, target) {
                continue;
            }
            let places = edges.entry(target.clone()).or_default();
            if !places.contains(&(file.clone(), line)) {
                places.push((file.clone(), line));
            }
        }
    }
    g
}

/// Tarjan's strongly connected components with more than one module, each sorted.
fn loops(g: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        g: &'g Graph,
        next: usize,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            self.index.insert(v, self.next);
            self.low.insert(v, self.next);
            self.next += 1;
            self.stack.push(v);
            self.on_stack.insert(v);
            let g = self.g;
            for w in g.get(v).into_iter().flat_map(|e| e.keys()) {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = vec![];
                loop {
                    let w = self.stack.pop().expect("on the stack");
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        g,
        next: 0,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on_stack: BTreeSet::new(),
        found: vec![],
    };
    for v in g.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found.sort();
    walk.found
}

/// Each loop with its edges and where each edge comes from.
fn describe(g: &Graph, loops: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (n, component) in loops.iter().enumerate() {
        out += &format!("loop {}: {}\n", n + 1, component.join(", "));
        for from in component {
            for (to, places) in &g[from] {
                if !component.contains(to) {
                    continue;
                }
                let lines: Vec<String> = places.iter().map(|(_, l)| l.to_string()).collect();
                let word = if lines.len() == 1 { "line" } else { "lines" };
                out += &format!(
                    "    {from} -> {to}    ({} {word} {})\n",
                    places[0].0,
                    lines.join(", ")
                );
            }
        }
    }
    out
}

/// Every file module under `src/` (the crate roots left out: every module is below them).
fn crate_files() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![];
    rs_files(&root.join("src"), &mut paths);
    paths
        .into_iter()
        .filter_map(|p| {
            let rel = p.strip_prefix(root.join("src")).expect("under src");
            let module = module_of(rel);
            let shown = p.strip_prefix(root).expect("under the crate").display();
            let source = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            (!module.is_empty()).then(|| (module, shown.to_string(), source))
        })
        .collect()
}

#[test]
fn no_module_in_src_imports_itself_through_others() {
    let files = crate_files();
    let g = graph(&files);
    // The walk found the crate (an empty graph has no loops, and proves nothing).
    for m in ["app", "db::events", "service::items", "web::pages"] {
        assert!(g.contains_key(m), "module {m} not found under src/");
    }
    let found = loops(&g);
    assert!(
        found.is_empty(),
        "import loops in src/ (modules that, through the modules they name, depend on \
         themselves); move what each loop shares below all of them:\n{}",
        describe(&g, &found)
    );
}

#[test]
fn use_groups_nested_paths_super_and_comments_are_read() {
    let files = |sources: &[(&str, &str)]| {
        sources
            .iter()
            .map(|(m, s)| (m.to_string(), format!("src/{m}.rs"), s.to_string()))
            .collect::<Vec<_>>()
    };
    let g = graph(&files(&[
        (
            "a",
            "use crate::{b::{self, X}, c::d::{Y as Z}};\n\
             // use crate::e;\n\
             fn f() { crate::e::run::<u8>(); }\n\
             #[cfg(test)]\nmod tests { use crate::g; }",
        ),
        ("a::inner", "use super::super::b::*; use super::Helper;"),
        ("b", "pub use super::c::d as dd;"),
        ("c", ""),
        ("c::d", "use crate::a::inner::thing;"),
        ("e", ""),
        ("g", "use crate::a;"),
    ]));
    let targets = |m: &str| g[m].keys().cloned().collect::<Vec<_>>();
    assert_eq!(targets("a"), ["b", "c::d", "e"]);
    assert_eq!(targets("a::inner"), ["b"], "its parent does not count");
    assert_eq!(targets("b"), ["c::d"]);
    assert_eq!(targets("c::d"), ["a::inner"]);
    assert!(g["g"].contains_key("a"));
    assert_eq!(g["a"]["e"], [("src/a.rs".to_string(), 3)]);
    // a -> c::d -> a::inner -> b -> c::d: a::inner, b and c::d loop; a only leads in.
    assert_eq!(loops(&g), [["a::inner", "b", "c::d"]]);
}
