//! The `ocop` binary as an operator uses it: exit 0 on success, 1 on a reported error,
//! 2 on bad arguments.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

struct Shell {
    dir: tempfile::TempDir,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Shell {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocop"));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("OCOP_ENV", "test")
            .env("OCOP_CONFIG_DIR", root().join("config"))
            .env("OCOP_WEB_DIR", root().join("web"))
            .env("OCOP_DATA_DIR", self.dir.path());
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn create_user(&self, email: &str, password: &str, role: &str) -> Output {
        self.run(&["user", "create", "--email", email, "--password", password, "--role", role])
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn user_create_makes_an_admin_and_refuses_a_second_with_the_same_email() {
    let shell = Shell::new();
    let early = shell.create_user("a@choocop.vn", "mat-khau-quan-tri", "admin");
    assert_eq!(early.status.code(), Some(1));
    assert!(text(&early.stderr).contains("run `ocop migrate up` first"), "{}", text(&early.stderr));
    assert_eq!(shell.run(&["migrate", "up"]).status.code(), Some(0));
    let out = shell.create_user("Admin@ChoOCOP.vn", "mat-khau-quan-tri", "admin");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created admin admin@choocop.vn"));

    let again = shell.create_user("admin@choocop.vn", "mat-khau-khac-1", "admin");
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("--email: Email này đã được đăng ký"), "{}", text(&again.stderr));

    let short = shell.create_user("b@choocop.vn", "ngan", "vendor");
    assert_eq!(short.status.code(), Some(1));
    assert!(text(&short.stderr).contains("--password: Mật khẩu cần ít nhất 8 ký tự"));
}

#[test]
fn the_admin_created_from_the_shell_can_log_in() {
    let shell = Shell::new();
    assert_eq!(shell.run(&["migrate", "up"]).status.code(), Some(0));
    let out = shell.create_user("admin@choocop.vn", "mat-khau-quan-tri", "admin");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let url = format!("sqlite://{}", shell.dir.path().join("ocop.db").display());
        let db = ocop_core::db::connect(&url, 1).await.unwrap();
        let user = ocop_accounts::users::authenticate(&db, "admin@choocop.vn", "mat-khau-quan-tri").await.unwrap();
        assert_eq!(user.role, ocop_accounts::Role::Admin);
    });
}

#[test]
fn bad_arguments_exit_2() {
    let shell = Shell::new();
    let out = shell.create_user("a@b.vn", "mat-khau-dai", "king");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown role 'king'"));
    assert_eq!(shell.run(&["khong-co-lenh"]).status.code(), Some(2));
}

#[test]
fn a_bad_setting_stops_the_start_naming_its_variable() {
    let shell = Shell::new();
    let out = shell.command(&["migrate", "status"]).env("OCOP_LISTEN", "khong-phai-dia-chi").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("listen (OCOP_LISTEN)"), "{}", text(&out.stderr));
    let out = shell.command(&["migrate", "status"]).env("OCOP_ENV", "staging").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("OCOP_ENV"));
}

#[test]
fn migrate_up_status_and_down() {
    let shell = Shell::new();
    let up = shell.run(&["migrate", "up"]);
    assert_eq!(up.status.code(), Some(0), "{}", text(&up.stderr));
    let all: Vec<String> = {
        use ocop_migrations::MigratorTrait as _;
        ocop_migrations::Migrator::migrations().iter().map(|m| m.name().to_owned()).collect()
    };
    assert!(text(&up.stdout).contains(&format!("applied {} migration", all.len())), "{}", text(&up.stdout));
    let status = text(&shell.run(&["migrate", "status"]).stdout);
    assert!(status.contains("Applied\tm20261126_000001_create_accounts"), "{status}");
    assert!(status.contains("Applied\tm20261126_000002_create_catalog"), "{status}");
    assert_eq!(shell.run(&["migrate", "down"]).status.code(), Some(0));
    let status = text(&shell.run(&["migrate", "status"]).stdout);
    // Down undoes the newest only.
    let (newest, before) = all.split_last().unwrap();
    assert!(status.contains(&format!("Pending\t{newest}")), "{status}");
    assert!(status.contains(&format!("Applied\t{}", before.last().unwrap())), "{status}");
}

#[test]
fn seeding_twice_changes_nothing_the_second_time_and_production_refuses() {
    let shell = Shell::new();
    let first = shell.run(&["seed", "--demo"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("4 account(s) created"));
    assert!(text(&first.stdout).contains("supply–demand board: 3 requests, 2 offers"), "{}", text(&first.stdout));
    let second = shell.run(&["seed", "--demo"]);
    assert!(text(&second.stdout).contains("0 account(s) created"));
    assert!(text(&second.stdout).contains("pickup points: 4 open"), "{}", text(&second.stdout));
    let prod = shell
        .command(&["seed", "--demo"])
        .env("OCOP_ENV", "production")
        .env("OCOP_VIETQR_ACCOUNT", "19035555000112")
        .output()
        .unwrap();
    assert_eq!(prod.status.code(), Some(1));
    assert!(text(&prod.stderr).contains("refused in production"));
}

#[test]
fn serve_migrates_answers_and_stops_cleanly_on_sigterm() {
    let shell = Shell::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = shell.command(&["serve"]).env("OCOP_LISTEN", format!("127.0.0.1:{port}")).spawn().unwrap();
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(up, "ocop serve did not listen");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    for _ in 0..100 {
        if let Some(exit) = child.try_wait().unwrap() {
            assert_eq!(exit.code(), Some(0));
            // serve applied the schema before listening.
            let status = text(&shell.run(&["migrate", "status"]).stdout);
            assert!(status.contains("Applied"), "{status}");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("ocop serve did not stop on SIGTERM");
}

#[test]
fn ledger_check_passes_on_an_empty_ledger() {
    let shell = Shell::new();
    assert_eq!(shell.run(&["migrate", "up"]).status.code(), Some(0));
    let ok = shell.run(&["ledger", "check"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("ledger balances: 0 posting(s)"), "{}", text(&ok.stdout));
}

/// Starts `ocop serve` on a free port and waits until it listens (the search index is in
/// service by then), then stops it with SIGTERM.
fn serve_once(shell: &Shell) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = shell.command(&["serve"]).env("OCOP_LISTEN", format!("127.0.0.1:{port}")).spawn().unwrap();
    let mut up = false;
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    for _ in 0..100 {
        if child.try_wait().unwrap().is_some() {
            assert!(up, "ocop serve did not listen");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("ocop serve did not stop on SIGTERM");
}

#[test]
fn reindex_builds_a_generation_that_the_gateway_opens_instead_of_rebuilding() {
    let shell = Shell::new();
    let search = shell.dir.path().join("search");
    let seeded = shell.run(&["seed", "--demo"]);
    assert_eq!(seeded.status.code(), Some(0), "{}", text(&seeded.stderr));

    let out = shell.run(&["reindex"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let count: u64 = stdout
        .strip_prefix("reindexed ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {stdout}"));
    assert!(count >= 50, "the demo catalogue has dozens of live listings: {stdout}");
    assert!(stdout.contains(" listing(s) in ") && stdout.contains("listings/s"), "{stdout}");
    // Not a terminal: no progress bar on stderr.
    assert!(!text(&out.stderr).contains("listings,"), "{}", text(&out.stderr));
    let current = std::fs::read_to_string(search.join("CURRENT")).unwrap();
    let generation = current.trim().to_owned();
    let meta = std::fs::read_to_string(search.join(&generation).join("ocop-meta.json")).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&meta).unwrap();
    assert_eq!(parsed["documents"], count);
    assert_eq!(parsed["schema_version"], ocop_search::SCHEMA_VERSION);

    // Two gateway starts: both open that generation, neither rebuilds.
    serve_once(&shell);
    serve_once(&shell);
    assert_eq!(std::fs::read_to_string(search.join("CURRENT")).unwrap(), current);
    assert_eq!(std::fs::read_to_string(search.join(&generation).join("ocop-meta.json")).unwrap(), meta);

    // A second reindex replaces it; the old generation is gone.
    let again = shell.run(&["reindex"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    let next = std::fs::read_to_string(search.join("CURRENT")).unwrap();
    assert_ne!(next, current);
    assert!(!search.join(&generation).exists(), "the replaced generation is removed");
}

#[test]
fn reindex_wants_a_migrated_database() {
    let shell = Shell::new();
    let out = shell.run(&["reindex"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("run `ocop migrate up` first"), "{}", text(&out.stderr));
}
