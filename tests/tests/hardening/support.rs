//! What the battery needs beyond spawn_app: the real `ocop` binary as a child process
//! (to kill it with SIGKILL and read its own /metrics), a redis-server of our own, and
//! figures printed the same way by every test.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use ocop_tests::repo_root;
use tokio::process::{Child, Command};

/// One line per figure, easy to find in CI's log: `hardening | test | what = value`.
pub fn figure(test: &str, what: &str, value: impl std::fmt::Display) {
    println!("hardening | {test} | {what} = {value}");
}

/// `target/<profile>/ocop` beside this test binary; built with the same cargo and target
/// directory when it is missing.
pub fn ocop_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        // target/<profile>/deps/hardening-<hash>
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().unwrap().parent().unwrap().to_path_buf();
        let target_dir = profile_dir.parent().unwrap().to_path_buf();
        let binary = profile_dir.join("ocop");
        // `make test-hardening` builds it just before. Building it again from inside the
        // test rebuilds the dependencies (cargo's environment for a test run differs from a
        // shell's): only build when it is missing.
        if binary.exists() {
            println!("hardening | setup | using {} (make test-hardening builds it first)", binary.display());
            return binary;
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = std::process::Command::new(cargo);
        build
            .args(["build", "-q", "--bin", "ocop", "--manifest-path"])
            .arg(repo_root().join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target_dir);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "cargo build --bin ocop failed");
        assert!(binary.exists(), "{} missing after the build", binary.display());
        binary
    })
}

/// A port nobody listens on now (the OS picks it; the child binds it a moment later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The settings every child gateway gets: test configuration, its own data directory.
pub fn base_env(data_dir: &Path, port: u16) -> Vec<(String, String)> {
    let root = repo_root();
    vec![
        ("OCOP_ENV".into(), "test".into()),
        ("OCOP_CONFIG_DIR".into(), root.join("config").display().to_string()),
        ("OCOP_WEB_DIR".into(), root.join("web").display().to_string()),
        ("OCOP_DATA_DIR".into(), data_dir.display().to_string()),
        ("OCOP_LISTEN".into(), format!("127.0.0.1:{port}")),
        ("OCOP_LOG_FILTER".into(), "warn".into()),
    ]
}

/// `ocop` with exactly the settings given: none inherited from the test's own environment.
fn ocop_command(env: &[(String, String)]) -> Command {
    let mut command = Command::new(ocop_binary());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("OCOP_") || key == "RUST_LOG" {
            command.env_remove(key);
        }
    }
    command.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    command
}

/// Runs `ocop <args>` to the end; returns (success, stdout, stderr).
pub async fn ocop(args: &[&str], env: &[(String, String)]) -> (bool, String, String) {
    let out = ocop_command(env).args(args).output().await.unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `ocop serve` as a child process on a fixed port.
pub struct Gateway {
    child: Option<Child>,
    pub base: String,
    env: Vec<(String, String)>,
    log: PathBuf,
    pub starts: u32,
}

impl Gateway {
    /// Starts `ocop serve` and waits until /healthz answers.
    pub async fn start(env: Vec<(String, String)>, log: PathBuf) -> Gateway {
        let port = env.iter().find(|(k, _)| k == "OCOP_LISTEN").unwrap().1.rsplit(':').next().unwrap().to_owned();
        let mut gateway = Gateway { child: None, base: format!("http://127.0.0.1:{port}"), env, log, starts: 0 };
        gateway.restart().await;
        gateway
    }

    /// Starts it again (after a kill) and waits until it answers.
    pub async fn restart(&mut self) -> Duration {
        let started = Instant::now();
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        let child = ocop_command(&self.env)
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        self.child = Some(child);
        self.starts += 1;
        let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
        while started.elapsed() < Duration::from_secs(120) {
            if let Ok(res) = client.get(format!("{}/healthz", self.base)).send().await
                && res.status().is_success()
            {
                return started.elapsed();
            }
            if let Some(Some(status)) = self.child.as_mut().map(|c| c.try_wait().ok().flatten()) {
                panic!("ocop serve exited with {status} at start; log:\n{}", self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("ocop serve did not answer /healthz within 120 s; log:\n{}", self.log_tail());
    }

    /// SIGKILL: no shutdown, no flushing, requests in flight cut.
    pub async fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.start_kill().unwrap();
            child.wait().await.unwrap();
        }
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

/// A redis-server of the test's own on a free port, without persistence, that the test
/// can stop (SIGSTOP), continue, kill and start again.
pub struct OwnRedis {
    child: Option<Child>,
    pub port: u16,
}

impl OwnRedis {
    /// `None` (the caller skips) when redis-server is not installed.
    pub async fn start() -> Option<OwnRedis> {
        let found = std::process::Command::new("redis-server").arg("--version").output().is_ok();
        if !found {
            return None;
        }
        let mut redis = OwnRedis { child: None, port: free_port() };
        redis.restart().await;
        Some(redis)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    pub async fn restart(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string(), "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not listen on {}", self.port);
    }

    fn signal(&self, name: &str) {
        let pid = self.child.as_ref().and_then(Child::id).expect("redis-server runs");
        let status = std::process::Command::new("kill").args([&format!("-{name}"), &pid.to_string()]).status().unwrap();
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// Hung: the socket stays open, nothing answers.
    pub fn stop(&self) {
        self.signal("STOP");
    }

    pub async fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            // A stopped process dies of SIGKILL as well.
            child.start_kill().unwrap();
            child.wait().await.unwrap();
        }
    }
}

/// The p-th percentile (0–100) of some durations, in milliseconds.
pub fn percentile_ms(samples: &mut [Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_unstable();
    let rank = ((p / 100.0) * (samples.len() as f64)).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1].as_secs_f64() * 1000.0
}

/// `n` shopper accounts with API tokens, written straight to the database: they never log
/// in with a password, so they share one well-formed hash instead of costing an argon2 run
/// each.
pub async fn buyers<C: sea_orm::ConnectionTrait>(db: &C, n: usize) -> Vec<String> {
    use ocop_accounts::entity::user;
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    let run = uuid::Uuid::new_v4().simple().to_string();
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let buyer = user::ActiveModel {
            email: Set(format!("khach-{i}-{}@example.vn", &run[..8])),
            name: Set(format!("Khách {i}")),
            // Phones are unique per account; the checkout form carries its own.
            phone: Set(None),
            password_hash: Set(ocop_accounts::password::DUMMY_HASH.into()),
            role: Set("shopper".into()),
            created_at: Set(now),
            updated_at: Set(now),
            password_changed_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        tokens.push(ocop_accounts::tokens::issue(db, buyer.id, "hardening", chrono::Duration::days(1)).await.unwrap());
    }
    tokens
}

/// A verified shop with one live product per (sku, stock), on any connection; returns the
/// shop's slug and each variant's id.
pub async fn shop_with_stock(
    db: &sea_orm::DatabaseConnection,
    name: &str,
    goods: &[(&str, i64)],
) -> (String, Vec<i64>) {
    use ocop_accounts::{NewUser, Role, users};
    use ocop_catalog::{products, shops};
    let id = uuid::Uuid::new_v4().simple().to_string();
    let admin = users::register(
        db,
        NewUser {
            email: format!("admin-{id}@choocop.vn"),
            name: "Quản trị".into(),
            password: ocop_tests::fixtures::PASSWORD.into(),
            phone: None,
            role: Role::Admin,
        },
    )
    .await
    .unwrap();
    let vendor = users::register(
        db,
        NewUser {
            email: format!("banhang-{id}@example.vn"),
            name: "Người bán".into(),
            password: ocop_tests::fixtures::PASSWORD.into(),
            phone: None,
            role: Role::Vendor,
        },
    )
    .await
    .unwrap();
    let shop =
        shops::create_verified(db, &admin, &ocop_tests::fixtures::application(name, "Quảng Ninh")).await.unwrap();
    shops::add_member(db, shop.id, vendor.id, "owner").await.unwrap();
    let mut variants = Vec::new();
    for (sku, stock) in goods {
        let input = ocop_tests::fixtures::product(&format!("{name} {sku}"), sku, 85_000, *stock);
        let created = products::create(db, &vendor, &shop.slug, &input, true).await.unwrap();
        let live = products::approve(db, &admin.actor(), created.product.id).await.unwrap();
        variants.push(live.variants[0].id);
    }
    (shop.slug, variants)
}

/// Where an order goes: a real address in Quảng Ninh.
pub fn shipping() -> serde_json::Value {
    serde_json::json!({"recipient": "Nguyễn Thị Lan", "phone": "0912 345 678", "province": "Quảng Ninh",
                       "commune": "Phường Bãi Cháy", "street": "12 Hạ Long"})
}
