//! `credit-check keygen` and `credit-check rotate-key`: snapshot signing keys for a publisher
//! (native only; see `docs/snapshot-keys.md`).
//!
//! ```text
//! credit-check keygen --alg ed25519|sm2 --id ID [--out DIR] [--valid-from T] [--valid-until T]
//!     [--publisher P] [--list-type ID]… [--region CODE]…
//!     writes DIR/ID.key.json (the secret key, mode 0600, never overwritten) and DIR/ID.pub.json
//!     (its keyring entry, with a scope when --publisher, --list-type or --region is given), and
//!     prints the entry
//! credit-check rotate-key --old-key OLD.key.json --new-pub NEW.pub.json [--retire-old-at T]
//!     prints NEW's entry introduced (signed) by OLD, for clients' Keyring::accept_rotation
//! ```
//!
//! Times are RFC 3339 with whole seconds (`2026-01-01T00:00:00Z`, `2026-01-01T08:00:00+08:00`)
//! or a bare date (`2026-01-01`, midnight UTC).

use chrono::{DateTime, NaiveDate, Utc};
use credit_check::lists::record::ListType;
use credit_check::snapshot::keyring::{check_key_id, KeyEntry, KeyScope};
use credit_check::snapshot::signature::{Algorithm, KeyError, SigningKey};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The largest key or entry file read, in bytes.
const MAX_FILE_LEN: u64 = 64 * 1024;

/// What `keygen --publisher P --list-type ID… --region CODE…` asks the key to be limited to
/// (the entry's `scope`, `docs/snapshot-keys.md`); none of them: an unscoped key.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScopeArgs<'a> {
    /// `--publisher`: the only publisher name the key may sign for.
    pub publisher: Option<&'a str>,
    /// `--list-type` (repeatable): the only list type ids the key may sign.
    pub list_types: &'a [String],
    /// `--region` (repeatable): GB/T 2260 codes; each covers its subdivisions.
    pub regions: &'a [String],
}

impl ScopeArgs<'_> {
    /// The scope; `None` when no option was given. Refused: an unknown list type id, a region
    /// that is not six digits, an empty publisher.
    pub fn scope(&self) -> Result<Option<KeyScope>, String> {
        if self.publisher.is_none() && self.list_types.is_empty() && self.regions.is_empty() {
            return Ok(None);
        }
        let list_types = self
            .list_types
            .iter()
            .map(|id| {
                id.parse::<ListType>()
                    .map_err(|_| format!("--list-type: unknown list type '{id}'"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        KeyScope::new(
            self.publisher.map(str::to_string),
            Some(list_types).filter(|l| !l.is_empty()),
            Some(self.regions.to_vec()).filter(|r| !r.is_empty()),
        )
        .map(Some)
        .map_err(err)
    }
}

/// `credit-check keygen`: generates a key and writes `<out_dir>/<id>.key.json` (secret, mode
/// 0600) and `<out_dir>/<id>.pub.json` (the keyring entry, scoped as `scope` says); prints the
/// entry on stdout. Refuses to overwrite either file. `alg`: `ed25519`, `sm2` or `sm2-sm3`.
pub fn run(
    alg: &str,
    id: &str,
    out_dir: &Path,
    valid_from: Option<&str>,
    valid_until: Option<&str>,
    scope: &ScopeArgs,
) -> Result<(), String> {
    let written = generate_files(alg, id, out_dir, valid_from, valid_until, scope.scope()?)?;
    eprintln!(
        "credit-check: wrote {} (secret: keep it off the web and out of the npm package) and {}",
        written.secret_file.display(),
        written.public_file.display()
    );
    print!("{}", written.public_entry);
    Ok(())
}

/// What [`generate_files`] wrote.
pub struct Written {
    /// `<out>/<id>.key.json`.
    pub secret_file: PathBuf,
    /// `<out>/<id>.pub.json`.
    pub public_file: PathBuf,
    /// The public entry's JSON (the content of `public_file`).
    pub public_entry: String,
}

/// [`run`] without the printing: the entry has `scope` (`None`: unscoped).
pub fn generate_files(
    alg: &str,
    id: &str,
    out_dir: &Path,
    valid_from: Option<&str>,
    valid_until: Option<&str>,
    scope: Option<KeyScope>,
) -> Result<Written, String> {
    let alg = parse_algorithm(alg)?;
    check_key_id(id).map_err(err)?;
    let valid_from = valid_from.map(parse_time).transpose()?;
    let valid_until = valid_until.map(parse_time).transpose()?;
    let secret_file = out_dir.join(format!("{id}.key.json"));
    let public_file = out_dir.join(format!("{id}.pub.json"));
    for f in [&secret_file, &public_file] {
        if f.exists() {
            return Err(format!("{} exists; not overwriting it", f.display()));
        }
    }
    let key = SigningKey::generate(alg).map_err(err)?;
    let entry = KeyEntry::new(id, key.public_key(), valid_from, valid_until)
        .map_err(err)?
        .with_scope(scope);
    let public_entry = format!("{}\n", entry.to_json());
    let secret = key.to_key_file_json(id).map_err(err)?;
    fs::create_dir_all(out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    write_new(&secret_file, secret.as_bytes(), true)?;
    if let Err(e) = write_new(&public_file, public_entry.as_bytes(), false) {
        let _ = fs::remove_file(&secret_file);
        return Err(e);
    }
    Ok(Written {
        secret_file,
        public_file,
        public_entry,
    })
}

/// `credit-check rotate-key`: prints [`sign_rotation_with`]'s entry on stdout.
pub fn rotate_key(
    old_key_file: &Path,
    new_pub_file: &Path,
    retire_old_at: Option<&str>,
) -> Result<(), String> {
    let json = match retire_old_at {
        None => sign_rotation(old_key_file, new_pub_file)?,
        Some(t) => sign_rotation_with(old_key_file, new_pub_file, Some(t))?,
    };
    print!("{json}");
    Ok(())
}

/// `new_pub_file`'s entry introduced by the key in `old_key_file`,
/// as JSON for `Keyring::accept_rotation`. The old key's validity is left as it is.
pub fn sign_rotation(old_key_file: &Path, new_pub_file: &Path) -> Result<String, String> {
    sign_rotation_with(old_key_file, new_pub_file, None)
}

/// [`sign_rotation`], also ending the old key's validity at `retire_old_at` once a client
/// accepts the rotation (snapshots signed by the old key are refused from then on).
pub fn sign_rotation_with(
    old_key_file: &Path,
    new_pub_file: &Path,
    retire_old_at: Option<&str>,
) -> Result<String, String> {
    let retire = retire_old_at.map(parse_time).transpose()?;
    let secret = zeroize::Zeroizing::new(read_small(old_key_file)?);
    let (old_id, old_key) = SigningKey::from_key_file_json(&secret)
        .map_err(|e| format!("{}: {}", old_key_file.display(), err(e)))?;
    let entry = KeyEntry::from_json(&read_small(new_pub_file)?)
        .map_err(|e| format!("{}: {}", new_pub_file.display(), err(e)))?;
    if let Some(i) = entry.introduced_by() {
        return Err(format!(
            "{}: key '{}' is already introduced by '{}'",
            new_pub_file.display(),
            entry.id(),
            i.key_id()
        ));
    }
    let signed = entry.introduce(&old_id, &old_key, retire).map_err(err)?;
    // Belt and braces: the signature must verify under the old public key.
    if let Some(i) = signed.introduced_by() {
        old_key
            .public_key()
            .verify(&signed.canonical_bytes(), i.signature())
            .map_err(err)?;
    }
    Ok(format!("{}\n", signed.to_json()))
}

/// `ed25519`, or `sm2` / `sm2-sm3`.
pub fn parse_algorithm(alg: &str) -> Result<Algorithm, String> {
    match alg {
        "sm2" => Ok(Algorithm::Sm2Sm3),
        other => Algorithm::parse(other)
            .map_err(|_| format!("unknown algorithm '{other}' (expected ed25519 or sm2)")),
    }
}

/// RFC 3339 with whole seconds, or a bare `YYYY-MM-DD` (midnight UTC).
pub fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(t.and_utc());
        }
    }
    let t = DateTime::parse_from_rfc3339(s)
        .map_err(|_| format!("'{s}' is not an RFC 3339 time or a YYYY-MM-DD date"))?;
    if t.timestamp_subsec_nanos() != 0 {
        return Err(format!("'{s}': use whole seconds"));
    }
    Ok(t.with_timezone(&Utc))
}

fn err(e: KeyError) -> String {
    e.to_string()
}

fn read_small(path: &Path) -> Result<String, String> {
    let f = fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut s = String::new();
    f.take(MAX_FILE_LEN + 1)
        .read_to_string(&mut s)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if s.len() as u64 > MAX_FILE_LEN {
        return Err(format!(
            "{}: larger than {MAX_FILE_LEN} bytes",
            path.display()
        ));
    }
    Ok(s)
}

/// Writes a file that must not exist yet; `secret` files get mode 0600 on Unix.
fn write_new(path: &Path, bytes: &[u8], secret: bool) -> Result<(), String> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(if secret { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut f = opts
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))
}
