//! The templates and static files, built into the binary so that one file is all an operator
//! copies. A `template_dir` or `static_dir` setting may point at folders on disk instead (a
//! zone's own look; a developer editing templates with `BURGERSTEM_TEMPLATE_RELOAD=1`).

use include_dir::{include_dir, Dir};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");

/// Where a kind of file comes from.
#[derive(Debug, Clone)]
pub enum Source {
    Embedded,
    Disk(PathBuf),
}

impl Source {
    /// The configured folder, which must exist; none configured: the files built in.
    pub fn from_setting(setting: &str, folder: Option<PathBuf>) -> Result<Source, String> {
        match folder {
            None => Ok(Source::Embedded),
            Some(dir) if dir.is_dir() => Ok(Source::Disk(dir)),
            Some(dir) => Err(format!(
                "{setting} = {:?} is not a folder; point it at an existing folder, or leave it unset to use the files built into the binary",
                dir.display()
            )),
        }
    }
}

/// Every template (`*.html.hbs`) as (name without the suffix, source text).
pub fn templates(source: &Source) -> Result<Vec<(String, String)>, String> {
    let mut out = vec![];
    match source {
        Source::Embedded => embedded_files(&TEMPLATES, &mut out),
        Source::Disk(dir) => disk_files(dir, dir, &mut out)
            .map_err(|e| format!("template_dir {}: {e}", dir.display()))?,
    }
    let out: Vec<(String, String)> = out
        .into_iter()
        .filter_map(|(name, bytes)| {
            let name = name.strip_suffix(".html.hbs")?.to_string();
            Some((name, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect();
    if out.is_empty() {
        return Err("no templates found (*.html.hbs)".into());
    }
    Ok(out)
}

fn embedded_files(dir: &Dir<'static>, out: &mut Vec<(String, Cow<'static, [u8]>)>) {
    for f in dir.files() {
        out.push((
            f.path().to_string_lossy().replace('\\', "/"),
            Cow::Borrowed(f.contents()),
        ));
    }
    for d in dir.dirs() {
        embedded_files(d, out);
    }
}

fn disk_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, Cow<'static, [u8]>)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            disk_files(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, Cow::Owned(std::fs::read(&path)?)));
        }
    }
    Ok(())
}

/// A static file, ready to serve.
pub struct Asset {
    pub bytes: Cow<'static, [u8]>,
    /// The first 16 hex digits of its SHA-256: its version in links, and its ETag.
    pub hash: String,
}

/// The static files, read once at start: their content decides their version, so a link with
/// `?v=<hash>` may be cached for a year and a new release is fetched at once.
pub struct StaticFiles(HashMap<String, Asset>);

impl StaticFiles {
    pub fn load(source: &Source) -> Result<StaticFiles, String> {
        let mut files = vec![];
        match source {
            Source::Embedded => embedded_files(&STATIC, &mut files),
            Source::Disk(dir) => disk_files(dir, dir, &mut files)
                .map_err(|e| format!("static_dir {}: {e}", dir.display()))?,
        }
        Ok(StaticFiles(
            files
                .into_iter()
                .map(|(name, bytes)| {
                    let hash = hex::encode(&Sha256::digest(&bytes)[..8]);
                    (name, Asset { bytes, hash })
                })
                .collect(),
        ))
    }

    pub fn get(&self, name: &str) -> Option<&Asset> {
        self.0.get(name)
    }

    /// `/static/style.css?v=…`, for templates.
    pub fn versioned(&self, name: &str) -> String {
        match self.0.get(name) {
            Some(a) => format!("/static/{name}?v={}", a.hash),
            None => format!("/static/{name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_carries_every_template_and_static_file() {
        let t = templates(&Source::Embedded).unwrap();
        for name in ["layout", "home", "item", "_field_error"] {
            assert!(t.iter().any(|(n, _)| n == name), "{name}");
        }
        let s = StaticFiles::load(&Source::Embedded).unwrap();
        for name in ["style.css", "print.css", "session.js", "favicon.svg"] {
            let a = s.get(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(a.hash.len(), 16);
            assert!(s.versioned(name).ends_with(&a.hash));
        }
        assert!(Source::from_setting("static_dir", Some("/no/such/folder".into())).is_err());
    }
}
