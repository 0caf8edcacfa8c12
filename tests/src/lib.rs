//! Test harness: a real gateway on port 0 with its own database (a SQLite file, or a fresh
//! PostgreSQL database when OCOP_TEST_DATABASE_URL is set) and its own Redis key prefix
//! (when OCOP_TEST_REDIS_URL is set), plus a headless Chromium for browser journeys.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test fixtures fail loudly")]

pub mod browser;
pub mod fake_providers;
pub mod fixtures;

use std::path::{Path, PathBuf};

use ocop_gateway::{AppState, Config};
use ocop_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::net::TcpListener;
use tokio::sync::{OnceCell, oneshot};

/// Polls `check` until it gives an answer, for up to [`browser::PATIENCE`]: for what a
/// background worker brings (the search index, the ledger, the mail outbox). A deadline,
/// not a count of tries, so a slow machine waits longer instead of failing.
///
/// # Panics
/// Nothing came in time; the message says what was awaited.
pub async fn eventually<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + browser::PATIENCE;
    loop {
        if let Some(answer) = check().await {
            return answer;
        }
        assert!(std::time::Instant::now() < deadline, "waited {:?} in vain for {what}", browser::PATIENCE);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub state: AppState,
    /// Keeps cookies, does not follow redirects (tests look at them).
    pub client: reqwest::Client,
    pub backend: &'static str,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    stop_workers: tokio::sync::watch::Sender<bool>,
    _workers: Vec<tokio::task::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").canonicalize().unwrap()
}

fn init_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_env_filter("info").with_test_writer().try_init();
    }
}

/// Old test databases from earlier runs are dropped once per process.
static PG_CLEANED: OnceCell<()> = OnceCell::const_new();

/// A fresh database on the server of `admin_url` (dropped as a left-over an hour later).
pub async fn postgres_database(admin_url: &str) -> String {
    let admin = ocop_core::db::connect(admin_url, 2).await.expect("OCOP_TEST_DATABASE_URL unreachable");
    PG_CLEANED
        .get_or_init(|| async {
            let rows = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'ocop\\_t\\_%' \
                     AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = pg_database.datname)",
                ))
                .await
                .unwrap();
            // Another checkout's suite may be running on the same server: only databases
            // made over an hour ago (the name carries its creation time; names without one
            // predate it) are left-overs.
            let stale_before = chrono::Utc::now().timestamp() - 3600;
            for row in rows {
                let name: String = row.try_get("", "datname").unwrap();
                let made = name.strip_prefix("ocop_t_").and_then(|rest| rest.split('_').next()?.parse::<i64>().ok());
                if made.is_some_and(|made| made >= stale_before) {
                    continue;
                }
                let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\"")).await;
            }
        })
        .await;
    let name = format!("ocop_t_{}_{}", chrono::Utc::now().timestamp(), uuid::Uuid::new_v4().simple());
    admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
    admin.close().await.ok();
    let (base, _) = admin_url.rsplit_once('/').expect("database URL ends with /name");
    format!("{base}/{name}")
}

/// The backend this test run uses: "postgres+redis" when both test variables are set.
pub fn backend() -> &'static str {
    match (std::env::var("OCOP_TEST_DATABASE_URL"), std::env::var("OCOP_TEST_REDIS_URL")) {
        (Ok(_), Ok(_)) => "postgres+redis",
        (Ok(_), Err(_)) => "postgres",
        _ => "sqlite",
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// A gateway with extra `OCOP_*` settings on top of the test configuration.
pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let shared = shared_backends().await;
    spawn_instance(&shared, extra).await
}

/// Gateways that share one database, one Redis key prefix and one media folder, each
/// with its own data folder (search index, mail files), caches and workers: several
/// instances behind a load balancer.
pub struct Cluster {
    pub apps: Vec<TestApp>,
    _media: tempfile::TempDir,
}

/// `n` instances on one fresh PostgreSQL database (and Redis when OCOP_TEST_REDIS_URL is
/// set); `None` on SQLite, which serves one instance.
pub async fn spawn_cluster(n: usize, extra: &[(&str, &str)]) -> Option<Cluster> {
    std::env::var("OCOP_TEST_DATABASE_URL").ok()?;
    let media = tempfile::tempdir().unwrap();
    let mut shared = shared_backends().await;
    shared.push(("OCOP_MEDIA_DIR".into(), media.path().display().to_string()));
    let mut apps = Vec::with_capacity(n);
    for _ in 0..n {
        apps.push(spawn_instance(&shared, extra).await);
    }
    Some(Cluster { apps, _media: media })
}

/// A fresh database and Redis prefix when the test variables name servers; nothing on
/// SQLite (each instance's data folder holds its own file).
async fn shared_backends() -> Vec<(String, String)> {
    let mut vars = Vec::new();
    if let Ok(url) = std::env::var("OCOP_TEST_DATABASE_URL") {
        vars.push(("OCOP_DATABASE_URL".into(), postgres_database(&url).await));
        // Many tests run at once against one server: keep each pool small.
        vars.push(("OCOP_DATABASE_MAX_CONNECTIONS".into(), "4".into()));
    }
    if let Ok(url) = std::env::var("OCOP_TEST_REDIS_URL") {
        vars.push(("OCOP_REDIS_URL".into(), url));
        vars.push(("OCOP_REDIS_KEY_PREFIX".into(), format!("ocop_t_{}:", uuid::Uuid::new_v4().simple())));
    }
    vars
}

async fn spawn_instance(shared: &[(String, String)], extra: &[(&str, &str)]) -> TestApp {
    init_logs();
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    let mut vars: Vec<(String, String)> = vec![
        ("OCOP_DATA_DIR".into(), dir.path().display().to_string()),
        ("OCOP_WEB_DIR".into(), root.join("web").display().to_string()),
        ("OCOP_LISTEN".into(), "127.0.0.1:0".into()),
        // The order clock runs once at start and then not again within a test: tests run
        // its jobs themselves and count what they did, and a tick of its own 30 s into a
        // slow test (seen on PostgreSQL under load) would do some of that work first.
        ("OCOP_ORDER_CLOCK_SECS".into(), "86400".into()),
    ];
    vars.extend(shared.iter().cloned());
    for (k, v) in extra {
        vars.retain(|(key, _)| key != k);
        vars.push(((*k).to_owned(), (*v).to_owned()));
    }
    let env_name = extra.iter().find(|(k, _)| *k == "OCOP_ENV").map_or("test", |(_, v)| v);
    let config = Config::load_with(&root.join("config"), env_name, &vars).unwrap();
    let state = AppState::build(config).await.unwrap();
    Migrator::up(&state.db, None).await.unwrap();
    let (stop_workers, stop_rx) = tokio::sync::watch::channel(false);
    let workers = ocop_gateway::workers::start(&state, stop_rx).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(ocop_gateway::serve(state.clone(), listener, async {
        let _ = rx.await;
    }));
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp {
        address,
        db: state.db.clone(),
        state,
        client,
        backend: backend(),
        shutdown: Some(tx),
        server: Some(server),
        stop_workers,
        _workers: workers,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A client with its own cookie jar (another browser).
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.unwrap()
    }

    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    pub async fn post_json_as(&self, token: &str, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.unwrap()
    }

    /// Registers through the API and returns the bearer token.
    pub async fn register_api(&self, email: &str, password: &str) -> String {
        let res = self
            .post_json(
                "/api/v1/auth/register",
                &serde_json::json!({"email": email, "password": password, "name": "Người Thử"}),
            )
            .await;
        assert_eq!(res.status(), 201, "register {email}");
        let body: serde_json::Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// The CSRF token this client's cookie jar holds, read from a rendered form.
    pub async fn csrf_token(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client.get(self.url(path)).send().await.unwrap().text().await.unwrap();
        extract_csrf(&html).expect("page has a csrf_token field")
    }

    /// Posts a form the way a browser does, CSRF token included.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token(client, form_page).await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        client.post(self.url(action)).form(&body).send().await.unwrap()
    }

    /// A browser-like client signed in through the login page as `email` (fixture password).
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = self.new_client();
        let res = self
            .post_form(&client, "/dang-nhap", "/dang-nhap", &[("email", email), ("password", fixtures::PASSWORD)])
            .await;
        assert_eq!(res.status(), 303, "login {email}");
        client
    }

    /// The HTML `client` gets at `path` (asserting 200), with Tera's `&#x2F;` and `&amp;`
    /// written back as `/` and `&` so assertions can name paths and query strings.
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> String {
        let res = client.get(self.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        res.text().await.unwrap().replace("&#x2F;", "/").replace("&amp;", "&")
    }

    /// Asks the server to stop and waits until requests in flight are done.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.stop_workers.send(true);
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
