//! Headless Chromium through chromedriver (both from Debian), driven by fantoccini.
//!
//! One chromedriver per test process, started on first use and killed with its process
//! group when the process ends. Without chromedriver a browser test is skipped with a
//! message, unless OCOP_REQUIRE_BROWSER=1 (CI sets it), where it fails.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test fixtures fail loudly")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::sync::{OnceCell, Semaphore, SemaphorePermit};

static DRIVER: OnceCell<Option<String>> = OnceCell::const_new();
/// Two cores: more than two Chromiums at once only makes every test slower and flakier.
static SLOTS: Semaphore = Semaphore::const_new(2);
/// How long a wait for the page lasts before the test fails. Generous: on CI two Chromiums,
/// two gateways and the compiler's leftovers share two cores, and a page that takes 12 s
/// there is slow, not wrong.
pub const PATIENCE: Duration = Duration::from_secs(30);

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

async fn driver_url() -> Option<String> {
    DRIVER
        .get_or_init(|| async {
            let Some(driver) = find(&["chromedriver"]) else {
                assert!(
                    std::env::var("OCOP_REQUIRE_BROWSER").as_deref() != Ok("1"),
                    "OCOP_REQUIRE_BROWSER=1 but chromedriver is not on PATH (apt-get install chromium chromium-driver)"
                );
                eprintln!("browser tests skipped: chromedriver not found (apt-get install chromium chromium-driver)");
                return None;
            };
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            // A watchdog shell keeps chromedriver only as long as this test process lives,
            // then kills its whole process group (the Chromiums included).
            let script = format!(
                "setsid {} --port={port} --log-level=WARNING >/dev/null 2>&1 & CD=$!; \
                 while kill -0 {} 2>/dev/null; do sleep 1; done; kill -- -$CD 2>/dev/null; kill $CD 2>/dev/null",
                driver.display(),
                std::process::id()
            );
            let mut watchdog =
                std::process::Command::new("sh").arg("-c").arg(script).spawn().expect("start chromedriver");
            // Reap the watchdog whenever it ends, so it never lingers as a zombie.
            std::thread::spawn(move || watchdog.wait());
            let url = format!("http://127.0.0.1:{port}");
            for _ in 0..100 {
                if reqwest::get(format!("{url}/status")).await.is_ok() {
                    return Some(url);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("chromedriver did not start on port {port}");
        })
        .await
        .clone()
}

pub struct Browser {
    pub client: Client,
    _slot: SemaphorePermit<'static>,
}

/// A fresh headless Chromium with a phone-sized window (390×844), or None when browser
/// tests are skipped on this machine.
pub async fn phone() -> Option<Browser> {
    open(390, 844).await
}

pub async fn open(width: u32, height: u32) -> Option<Browser> {
    let url = driver_url().await?;
    let slot = SLOTS.acquire().await.unwrap();
    let binary = find(&["chromium", "chromium-browser", "google-chrome"]).map(|p| p.display().to_string());
    let mut options = json!({
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--lang=vi-VN",
            format!("--window-size={width},{height}"),
        ],
    });
    if let Some(binary) = binary {
        options["binary"] = json!(binary);
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&url)
        .await
        .expect("chromedriver session");
    Some(Browser { client, _slot: slot })
}

impl Browser {
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// Types `value` into the first field matching `css`, waiting for it like `click`.
    pub async fn fill(&self, css: &str, value: &str) {
        self.patiently(css, "fill", || async {
            let field = self.client.find(Locator::Css(css)).await?;
            field.clear().await?;
            field.send_keys(value).await
        })
        .await;
    }

    /// Runs `act` until it succeeds, for up to PATIENCE. A click that submits a form returns
    /// before the next page has loaded, so the element the next step wants may not be there
    /// yet, or may belong to the page being left ("stale"); on a loaded CI machine that
    /// window is long enough to hit (CI failed browser_fairs so on 5 December).
    async fn patiently<F, Fut>(&self, css: &str, what: &str, act: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match act().await {
                Ok(()) => return,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => {
                    let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                    let shot = self.screenshot("failure").await;
                    panic!("could not {what} {css} at {url}: {e}; screenshot {}", shot.display());
                }
            }
        }
    }

    /// Clicks the first element matching `css`, scrolled to the middle of the window first:
    /// on a phone the tab bar is fixed over the bottom of the window, and a button that
    /// is "in view" behind it would not take the click.
    /// Waits (see `patiently`) for the element to be there and take the click.
    pub async fn click(&self, css: &str) {
        self.patiently(css, "click", || async {
            let element = self.client.find(Locator::Css(css)).await?;
            let arg = serde_json::to_value(&element).unwrap();
            self.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg]).await?;
            element.click().await
        })
        .await;
    }

    /// The text of the first element matching `css`, waiting up to PATIENCE for it (and
    /// finding it again if the page changed under it); on failure the panic shows where
    /// the browser is and what it shows.
    pub async fn text(&self, css: &str) -> String {
        self.text_containing(css, "").await
    }

    /// Waits until the first element matching `css` contains `needle`, and returns its text.
    pub async fn text_containing(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        let body = match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let shot = self.screenshot("failure").await;
        panic!(
            "{css} never contained {needle:?} (last: {last:?}) at {url}; screenshot {}; page shows:\n{body}",
            shot.display()
        );
    }

    /// Opens `url` again and again until the first element matching `css` contains
    /// `needle` (something a background worker brings: the search index, the ledger),
    /// for up to PATIENCE; says whether it did.
    pub async fn reload_until(&self, url: &str, css: &str, needle: &str) -> bool {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            self.goto(url).await;
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
                && text.contains(needle)
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        false
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// Waits until the page's path is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.path().await == path {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected to reach {path}, still at {}", self.path().await);
    }

    /// Waits until the page's address (path and query) contains `part`: a form sent by GET
    /// to the page it is on keeps the path, so only the query tells the new page has come.
    pub async fn wait_for_url_containing(&self, part: &str) {
        let deadline = Instant::now() + PATIENCE;
        let mut url = String::new();
        while Instant::now() < deadline {
            url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            if url.contains(part) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected an address containing {part}, still at {url}");
    }

    /// Scrolls the first element matching `css` to the middle of the window (for a
    /// screenshot of what is below the fold).
    pub async fn scroll_to(&self, css: &str) {
        let script = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})";
        self.client.execute(script, vec![serde_json::Value::from(css)]).await.unwrap();
    }

    /// Saves a PNG under target/screenshots/ for a person to look at.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = std::env::var_os("OCOP_SCREENSHOT_DIR")
            .map_or_else(|| crate::repo_root().join("target/screenshots"), PathBuf::from);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await.unwrap()).unwrap();
        path
    }

    /// Logs in through the login page.
    pub async fn login(&self, base: &str, email: &str, password: &str) {
        self.goto(&format!("{base}/dang-nhap")).await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("[data-testid=login-submit]").await;
        self.wait_for_path("/tai-khoan").await;
    }

    /// Logs out from the account page ("Tôi"), which has the button at every size (the
    /// header's own is shown only on wide screens).
    pub async fn logout(&self) {
        let url = self.client.current_url().await.unwrap();
        let origin = url.origin().ascii_serialization();
        self.goto(&format!("{origin}/tai-khoan")).await;
        self.click("[data-testid=account-logout]").await;
        self.wait_for_path("/").await;
    }

    /// Fills the checkout's delivery fields (the recipient only when given: the form
    /// starts with the account's name).
    pub async fn fill_delivery(&self, to: &Delivery<'_>) {
        if !to.recipient.is_empty() {
            self.fill("#recipient", to.recipient).await;
        }
        self.fill("#phone", to.phone).await;
        self.fill("#province", to.province).await;
        self.fill("#commune", to.commune).await;
        self.fill("#street", to.street).await;
    }

    pub async fn select(&self, css: &str, value: &str) {
        let select = self.client.find(Locator::Css(css)).await.unwrap();
        select.select_by_value(value).await.unwrap();
    }

    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// A delivery address as a shopper types it at checkout.
pub struct Delivery<'a> {
    pub recipient: &'a str,
    pub phone: &'a str,
    pub province: &'a str,
    /// Typed without diacritics on purpose where the test wants the form to find the commune.
    pub commune: &'a str,
    pub street: &'a str,
}

/// Lan in Hạ Long, the shopper most journeys follow.
pub const LAN_IN_HA_LONG: Delivery<'static> = Delivery {
    recipient: "Nguyễn Thị Lan",
    phone: "0912 345 678",
    province: "Quảng Ninh",
    commune: "phuong bai chay",
    street: "12 Hạ Long",
};
