//! Stored and reflected XSS: 60 payloads (script tags, event handlers, javascript: URLs,
//! SVG and MathML tricks, attribute and element breakouts, template-ish `{{ }}`, Unicode
//! look-alikes, Markdown link and image tricks) are written into every free-text field a
//! vendor, a shopper, a coordinator or an admin can fill (shop names, descriptions and
//! addresses, product names, Markdown descriptions and variant names, delivery addresses,
//! refund complaints, reviews and the shop's answers, the academy's courses and lessons, conversations between a shopper and a shop and their reports, wholesale requests, offers and
//! messages, fair names, venues, descriptions and booth notes) and sent in query strings that pages echo (search, login's
//! return path, the board's filters). Every page that shows them is then opened in headless
//! Chromium with the Content-Security-Policy bypassed (so the page's own escaping is what is
//! tested, not the CSP behind it) and alert/confirm/prompt hooked: no payload may run, and
//! none may leave an element, an event handler or a javascript: URL in the DOM. Each page
//! must show at least one payload as text (so a page that stopped showing the field fails),
//! and must carry the CSP header when served.

use std::time::Duration;

use ocop_accounts::Role;
use ocop_catalog::input::{ProductInput, VariantInput};
use ocop_tests::browser::{self, Browser};
use ocop_tests::fixtures::{PASSWORD, application};
use ocop_tests::{TestApp, spawn_app_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// Each either runs `window.__xss=1` / `alert(1)` or leaves an element `#xss-fired`.
const PAYLOADS: &[&str] = &[
    "<script>window.__xss=1</script>",
    "<script src=data:,window.__xss=1></script>",
    "<img src=x onerror=window.__xss=1>",
    "<img src=x onerror=\"alert(1)\">",
    "<IMG SRC=x OnErRoR=window.__xss=1>",
    "<img/src=x/onerror=window.__xss=1>",
    "<img\tsrc=x\tonerror=window.__xss=1>",
    "<img src=x onerror=&#119;indow.__xss=1>",
    "<img src=x onerror=window.__xss=1",
    "<svg onload=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<svg><a xlink:href=\"javascript:window.__xss=1\"><text>x</text></a></svg>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<body onload=window.__xss=1>",
    "<iframe src=\"javascript:parent.__xss=1\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<object data=\"javascript:window.__xss=1\"></object>",
    "<embed src=\"javascript:window.__xss=1\">",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<video><source onerror=window.__xss=1></video>",
    "<audio src=x onerror=window.__xss=1>",
    "<marquee onstart=window.__xss=1>",
    "<x onclick=window.__xss=1 id=xss-fired>x</x>",
    "<b id=xss-fired>in bold</b>",
    "<a href=\"javascript:window.__xss=1\" id=xss-fired>x</a>",
    "<a href=JaVaScRiPt:alert(1) id=xss-fired>x</a>",
    "<a href=\"&#106;avascript:alert(1)\" id=xss-fired>x</a>",
    "<a href=\"vbscript:msgbox(1)\" id=xss-fired>x</a>",
    "<form id=xss-fired action=\"javascript:window.__xss=1\"><button>go</button></form>",
    "<div style=\"background:url(javascript:window.__xss=1)\" id=xss-fired>",
    "<base href=\"javascript:window.__xss=1//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
    "<link rel=stylesheet href=\"javascript:window.__xss=1\">",
    "\"><img src=x onerror=window.__xss=1>",
    "'><img src=x onerror=window.__xss=1>",
    "\" onmouseover=\"window.__xss=1\" x=\"",
    "' onfocus='window.__xss=1' autofocus x='",
    "\" autofocus onfocus=window.__xss=1 x=\"",
    "</textarea><img src=x onerror=window.__xss=1>",
    "</title><img src=x onerror=window.__xss=1>",
    "</script><script>window.__xss=1</script>",
    "</style><img src=x onerror=window.__xss=1>",
    "--><img src=x onerror=window.__xss=1>",
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "{{ 7*7 }}<b id=xss-fired>",
    "{% raw %}<img src=x onerror=window.__xss=1>{% endraw %}",
    "${alert(1)}<img src=x onerror=window.__xss=1>",
    "{{constructor.constructor('window.__xss=1')()}}",
    "\\u003cimg src=x onerror=window.__xss=1\\u003e",
    "\u{FF1C}img src=x onerror=window.__xss=1\u{FF1E}",
    "<im\u{200B}g src=x onerror=window.__xss=1>",
    "\u{202E}<img src=x onerror=window.__xss=1>",
    "[x](javascript:window.__xss=1)",
    "[x](JAVASCRIPT:alert(1))",
    "![x](javascript:window.__xss=1)",
    "![x\" onerror=\"window.__xss=1](x)",
    "[x](data:text/html,<script>window.__xss=1</script>)",
    "<javascript:window.__xss=1>",
    "[x](&#x6A;avascript:window.__xss=1)",
    "javascript:window.__xss=1",
];

/// Installed before any page script: a dialog or a payload's assignment counts.
const HOOK: &str = "window.__xss = 0; for (const f of ['alert', 'confirm', 'prompt']) \
    { window[f] = function () { window.__xss = (window.__xss || 0) + 1; }; }";

/// What a payload that got through would leave; the page's own markup has none of it.
const PROBE: &str = r#"
const bad = [];
if (window.__xss) bad.push('ran: window.__xss=' + window.__xss);
const urls = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'style', 'background'];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  if (el.id === 'xss-fired') bad.push('element #xss-fired <' + tag + '>');
  for (const a of Array.from(el.attributes)) {
    const n = a.name.toLowerCase(), v = a.value;
    if (n.startsWith('on')) bad.push('<' + tag + ' ' + n + '="' + v + '">');
    const bare = v.replace(/[\u0000-\u0020]/g, '');
    if (urls.includes(n) && (/^(javascript|vbscript|data:text\/html)/i.test(bare) || /url\(['"]?(javascript|vbscript):/i.test(bare))) bad.push('<' + tag + ' ' + n + '="' + v + '">');
    if (tag === 'meta' && n === 'content' && /refresh/i.test(el.getAttribute('http-equiv') || '') && /url=(javascript|vbscript|data)/i.test(bare)) bad.push('<meta refresh>');
  }
  if (tag === 'script' && !el.src && el.type !== 'application/ld+json') bad.push('inline <script>');
  if (tag === 'script' && el.type === 'application/ld+json') { try { JSON.parse(el.textContent); } catch (e) { bad.push('broken JSON-LD'); } }
  if (['iframe', 'object', 'embed', 'base'].includes(tag)) bad.push('<' + tag + '>');
}
return { bad: bad, shown: document.body ? document.body.innerText.includes('__xss') || document.body.innerText.includes('xss-fired') : false };
"#;

/// A chromedriver command that goes straight to Chromium's DevTools protocol.
#[derive(Debug)]
struct Cdp(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// Payloads packed into values of at most `max` characters (each payload once).
fn packed(max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in PAYLOADS {
        match out.last_mut() {
            Some(last) if last.chars().count() + 1 + p.chars().count() <= max => {
                last.push(' ');
                last.push_str(p);
            }
            _ => out.push((*p).to_owned()),
        }
    }
    out
}

/// Every payload in one text, a paragraph each (Markdown fields read them as blocks).
fn all(separator: &str) -> String {
    PAYLOADS.join(separator)
}

struct Tally {
    stored: usize,
    refused: Vec<String>,
}

impl Tally {
    fn count(&mut self, field: &str, ok: bool, detail: &str) {
        if ok {
            self.stored += 1;
        } else {
            self.refused.push(format!("{field}: {detail}"));
        }
    }
}

async fn send(res: reqwest::Response) -> (bool, Value) {
    let ok = res.status().is_success();
    let status = res.status();
    let body = res.json().await.unwrap_or(Value::Null);
    (ok, if ok { body } else { json!({"status": status.as_u16(), "body": body}) })
}

/// Opens `path` as whoever the browser is signed in as and returns what got through.
async fn check(
    browser: &Browser,
    app: &TestApp,
    path: &str,
    must_show: bool,
    failures: &mut Vec<String>,
    pages: &mut usize,
) {
    browser.goto(&app.url(path)).await;
    // Handlers of failed images and autofocus run right after load; give them a moment.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let found = browser.client.execute(PROBE, vec![]).await.unwrap();
    *pages += 1;
    let bad: Vec<String> =
        found["bad"].as_array().unwrap().iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect();
    if !bad.is_empty() {
        let shot = browser.screenshot(&format!("xss-{}", pages)).await;
        failures.push(format!("{path}: {} (screenshot {})", bad.join("; "), shot.display()));
    }
    if must_show && found["shown"] != json!(true) {
        failures.push(format!("{path}: shows none of the payloads (the test no longer covers this page)"));
    }
    let csp = app.client.get(app.url(path)).send().await.unwrap();
    if !csp.headers().contains_key("content-security-policy") {
        failures.push(format!("{path}: no Content-Security-Policy header"));
    }
}

#[tokio::test]
async fn no_payload_runs_on_any_page_that_shows_what_people_wrote() {
    let app = spawn_app_with(&[("OCOP_PAYMENT_METHODS", "cod")]).await;
    let Some(browser) = browser::open(1280, 900).await else { return };
    let mut tally = Tally { stored: 0, refused: Vec::new() };
    let (admin, admin_token) = app.admin().await;

    // Shops: names (160 characters) on as many shops as it takes, address and description.
    let names = packed(150);
    let streets = packed(190);
    let mut shops = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut form = application(name, "Quảng Ninh");
        form.description = all("\n");
        form.street = streets.get(i).cloned().unwrap_or_else(|| "Thôn Làng Mới".into());
        match ocop_catalog::shops::create_verified(&app.db, &admin, &form).await {
            Ok(shop) => {
                tally.count("shop name, description, street", true, "");
                shops.push(shop);
            }
            Err(e) => tally.count("shop name", false, &e.to_string()),
        }
    }
    let shop = shops.first().expect("a shop with a payload name").clone();
    let (vendor, vendor_token) =
        app.user(&format!("banhang-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Vendor).await;
    ocop_catalog::shops::add_member(&app.db, shop.id, vendor.id, "owner").await.unwrap();

    // Products: names and variant names, a Markdown description with every payload.
    let mut products = Vec::new();
    for (i, name) in packed(150).iter().enumerate() {
        let input = ProductInput {
            name: format!("Mật ong {name}"),
            description: all("\n\n"),
            category: "thuc-pham".into(),
            province: "Quảng Ninh".into(),
            variants: vec![VariantInput {
                sku: format!("XSS-{i}"),
                label: packed(90).get(i).cloned().unwrap_or_else(|| "Hũ 500 g".into()),
                price_vnd: 100_000,
                compare_at_vnd: None,
                stock: 100,
                weight_grams: 500,
                unit: "hũ".into(),
            }],
            ..Default::default()
        };
        match ocop_catalog::products::create(&app.db, &vendor, &shop.slug, &input, true).await {
            Ok(created) => {
                let live = ocop_catalog::products::approve(&app.db, &admin.actor(), created.product.id).await.unwrap();
                tally.count("product name, description, variant", true, "");
                products.push(live);
            }
            Err(e) => tally.count("product name", false, &e.to_string()),
        }
    }

    // A shopper's orders: recipient and street on each, then a refund complaint on each.
    let (shopper, shopper_token) =
        app.user(&format!("khach-{}@example.vn", uuid::Uuid::new_v4().simple()), Role::Shopper).await;
    let recipients = packed(110);
    let complaints = packed(990);
    let reviews = packed(1990);
    let replies = packed(990);
    let reasons = packed(490);
    let questions = packed(490);
    let answers = packed(990);
    let mut orders = Vec::new();
    for (i, recipient) in recipients.iter().enumerate() {
        app.post_json_as(&shopper_token, "/api/v1/cart/items", &json!({"sku": "XSS-0", "quantity": 1})).await;
        let shipping = json!({"recipient": recipient, "phone": "0912345678", "province": "Quảng Ninh",
            "commune": "Phường Bãi Cháy", "street": streets.get(i).cloned().unwrap_or_else(|| "1 Hạ Long".into())});
        let (ok, placed) = send(
            app.post_json_as(
                &shopper_token,
                "/api/v1/checkout",
                &json!({"payment_method": "cod", "shipping": shipping}),
            )
            .await,
        )
        .await;
        tally.count("recipient, street", ok, &placed.to_string());
        if !ok {
            continue;
        }
        let part = placed["shop_orders"][0]["id"].as_i64().unwrap();
        if let Some(text) = complaints.get(i) {
            let path = format!("/api/v1/shops/{}/orders/{part}/status", shop.slug);
            for step in [
                json!({"status": "packed"}),
                json!({"status": "shipped", "carrier": "GHN", "tracking_code": "G1"}),
                json!({"status": "delivered"}),
            ] {
                assert!(app.post_json_as(&vendor_token, &path, &step).await.status().is_success());
            }
            // A review of the delivered line (before the complaint) and the shop's answer.
            let line = ocop_orders::entity::order_line::Entity::find()
                .filter(ocop_orders::entity::order_line::Column::ShopOrderId.eq(part))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let body = reviews.get(i).cloned().unwrap_or_default();
            let (ok, review) = send(
                app.post_json_as(
                    &shopper_token,
                    "/api/v1/reviews",
                    &json!({"order_line_id": line.id, "stars": 1 + i % 5, "body": body}),
                )
                .await,
            )
            .await;
            tally.count("review", ok, &review.to_string());
            if let (Some(reply), Some(id)) = (replies.get(i), review["id"].as_i64()) {
                let path = format!("/api/v1/shops/{}/reviews/{id}/reply", shop.slug);
                let (ok, answer) = send(app.post_json_as(&vendor_token, &path, &json!({"reply": reply})).await).await;
                tally.count("review reply", ok, &answer.to_string());
                // Reported by the shop, so the admins' queue shows it with the reason.
                let reason = reasons.get(i).cloned().unwrap_or_default();
                let path = format!("/api/v1/reviews/{id}/report");
                let (ok, why) = send(app.post_json_as(&vendor_token, &path, &json!({"reason": reason})).await).await;
                tally.count("review report", ok, &why.to_string());
            }
            // A question on the product bought, answered by the buyer and by the shop.
            if let (Some(first), Some(asked)) = (products.first(), questions.get(i)) {
                let path = format!("/api/v1/products/{}/questions", first.product.slug);
                let (ok, question) = send(app.post_json_as(&shopper_token, &path, &json!({"body": asked})).await).await;
                tally.count("product question", ok, &question.to_string());
                if let Some(id) = question["id"].as_i64() {
                    let path = format!("/api/v1/questions/{id}/answers");
                    for token in [&shopper_token, &vendor_token] {
                        let body = json!({"body": answers.get(i).cloned().unwrap_or_default()});
                        let (ok, answer) = send(app.post_json_as(token, &path, &body).await).await;
                        tally.count("product answer", ok, &answer.to_string());
                    }
                }
            }
            let refund = ocop_orders::refunds::request(&app.db, &shopper, part, text).await;
            tally.count("refund complaint", refund.is_ok(), &format!("{:?}", refund.err()));
        }
        orders.push((placed["code"].as_str().unwrap().to_owned(), part));
    }

    // Messages: every payload from the shopper and from the shop in their conversation,
    // about a product, and a report's reason an admin reads.
    let mut conversation = None;
    for (i, text) in packed(1990).iter().enumerate() {
        let (ok, sent) = match conversation {
            None => {
                let body = json!({"body": text, "product": products.first().map(|p| p.product.slug.clone())});
                let path = format!("/api/v1/shops/{}/conversations", shop.slug);
                let (ok, started) = send(app.post_json_as(&shopper_token, &path, &body).await).await;
                conversation = started["conversation_id"].as_i64();
                (ok, started)
            }
            Some(id) => {
                let token = if i % 2 == 0 { &shopper_token } else { &vendor_token };
                let path = format!("/api/v1/conversations/{id}/messages");
                send(app.post_json_as(token, &path, &json!({"body": text})).await).await
            }
        };
        tally.count("message", ok, &sent.to_string());
    }
    let conversation = conversation.expect("a conversation was opened");
    for reason in packed(490).iter().take(1) {
        let path = format!("/api/v1/conversations/{conversation}/report");
        let (ok, why) = send(app.post_json_as(&vendor_token, &path, &json!({"reason": reason})).await).await;
        tally.count("conversation report", ok, &why.to_string());
    }

    // The academy: an admin's course titles and summaries, lesson titles, summaries and
    // Markdown bodies (every payload in each body), all published.
    let actor = admin.actor();
    let mut lessons_shown = Vec::new();
    for (i, title) in names.iter().enumerate() {
        let input = ocop_academy::courses::CourseInput {
            title: title.clone(),
            summary: packed(990)[0].clone(),
            ..Default::default()
        };
        let course = ocop_academy::courses::create(&app.db, &actor, &input).await;
        tally.count("course", course.is_ok(), &format!("{:?}", course.as_ref().err()));
        let Ok(course) = course else { continue };
        let lesson = ocop_academy::LessonInput {
            course_id: course.id,
            title: title.clone(),
            summary: packed(490)[i % packed(490).len()].clone(),
            body: all("\n\n"),
            ..Default::default()
        };
        let lesson = ocop_academy::lessons::create(&app.db, &actor, &lesson).await;
        tally.count("lesson", lesson.is_ok(), &format!("{:?}", lesson.as_ref().err()));
        let Ok(lesson) = lesson else { continue };
        ocop_academy::lessons::set_status(&app.db, &actor, lesson.id, ocop_academy::PUBLISHED).await.unwrap();
        lessons_shown.push((course.slug, lesson.slug, lesson.id));
    }

    // Wholesale: organisation and product on many requests, every payload in a note, an
    // offer's message and a message on it.
    let deadline = (ocop_wholesale::today_vn() + chrono::Duration::days(20)).format("%Y-%m-%d").to_string();
    let notes = packed(1990);
    let mut requests = Vec::new();
    for (i, organisation) in names.iter().enumerate() {
        let (ok, body) = send(
            app.post_json_as(
                &shopper_token,
                "/api/v1/wholesale-requests",
                &json!({"organisation": organisation, "buyer_kind": "supermarket",
                    "product": format!("Mật ong {}", packed(180).get(i).cloned().unwrap_or_default()),
                    "category": "Thực phẩm", "quantity": 100, "unit": "kg", "province": "Quảng Ninh",
                    "deadline": deadline, "note": notes.get(i).cloned().unwrap_or_default()}),
            )
            .await,
        )
        .await;
        tally.count("wholesale organisation, product, note", ok, &body.to_string());
        if ok {
            requests.push(body["request"]["id"].as_i64().unwrap());
        }
    }
    let request = *requests.first().expect("a wholesale request");
    let (ok, offer) = send(
        app.post_json_as(
            &vendor_token,
            &format!("/api/v1/wholesale-requests/{request}/offers"),
            &json!({"price_per_unit_vnd": 300_000, "quantity": 100, "lead_time_days": 5, "message": notes[0]}),
        )
        .await,
    )
    .await;
    tally.count("offer message", ok, &offer.to_string());
    let offer = offer["id"].as_i64().unwrap();
    for text in &notes {
        let (ok, body) = send(
            app.post_json_as(
                &shopper_token,
                &format!("/api/v1/wholesale-requests/{request}/offers/{offer}/messages"),
                &json!({"body": text}),
            )
            .await,
        )
        .await;
        tally.count("offer message thread", ok, &body.to_string());
    }

    // Fairs: names and venues on several, every payload in a description, a booth note.
    let start = (chrono::Utc::now() - chrono::Duration::hours(1))
        .with_timezone(&ocop_orders::code::vietnam_offset())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let end = (chrono::Utc::now() + chrono::Duration::days(2))
        .with_timezone(&ocop_orders::code::vietnam_offset())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let mut fairs = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (ok, body) = send(
            app.post_json_as(
                &admin_token,
                "/api/v1/fairs",
                &json!({"name": format!("Hội chợ {name}"), "description": all("\n\n"), "venue_kind": "both",
                    "venue": streets.get(i).cloned().unwrap_or_else(|| "Cung Triển lãm".into()),
                    "host_province": "Quảng Ninh", "invited_provinces": "", "starts_at": start, "ends_at": end,
                    "booth_limit": 10}),
            )
            .await,
        )
        .await;
        tally.count("fair name, description, venue", ok, &body.to_string());
        if ok {
            fairs.push(body["slug"].as_str().unwrap().to_owned());
        }
    }
    let fair = fairs.first().expect("a fair").clone();
    let (ok, body) = send(
        app.post_json_as(
            &vendor_token,
            &format!("/api/v1/fairs/{fair}/booths"),
            &json!({"shop": shop.slug, "note": packed(490)[0]}),
        )
        .await,
    )
    .await;
    tally.count("booth note", ok, &body.to_string());

    // The search index learns of the products through the outbox: wait for it.
    for _ in 0..100 {
        let res: Value = app.get("/api/v1/search?q=m%E1%BA%ADt%20ong&per_page=50").await.json().await.unwrap();
        if res["total"].as_u64().unwrap_or(0) >= products.len() as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Install the hook on every new document and take the CSP out of the way.
    browser
        .client
        .issue_cmd(Cdp(json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": HOOK}})))
        .await
        .unwrap();
    browser.client.issue_cmd(Cdp(json!({"cmd": "Page.setBypassCSP", "params": {"enabled": true}}))).await.unwrap();

    let mut failures = Vec::new();
    let mut pages = 0;
    // A guest: the storefront, the board, the fairs, and what reflects the query string.
    let mut guest_pages = vec![
        format!("/cua-hang/{}", shop.slug),
        "/tim-kiem?q=m%E1%BA%ADt%20ong".to_owned(),
        "/ket-noi-cung-cau".to_owned(),
        format!("/ket-noi-cung-cau/{request}"),
        "/hoi-cho".to_owned(),
        format!("/hoi-cho/{fair}"),
        "/hoc-vien".to_owned(),
    ];
    for (course, lesson, _) in lessons_shown.iter().take(2) {
        guest_pages.push(format!("/hoc-vien/{course}"));
        guest_pages.push(format!("/hoc-vien/{course}/{lesson}"));
    }
    let mut reflected = Vec::new();
    guest_pages.extend(products.iter().map(|p| format!("/san-pham/{}", p.product.slug)));
    for value in packed(120) {
        let q: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        guest_pages.push(format!("/tim-kiem?q={q}"));
        reflected.push(format!("/ket-noi-cung-cau?tinh={q}&nhom={q}"));
    }
    for path in &guest_pages {
        check(&browser, &app, path, true, &mut failures, &mut pages).await;
    }
    // Filters and the login page's return path are echoed only as values, if at all.
    for value in packed(300) {
        let q: String = url::form_urlencoded::byte_serialize(format!("/{value}").as_bytes()).collect();
        reflected.push(format!("/dang-nhap?next={q}"));
    }
    for path in &reflected {
        check(&browser, &app, path, false, &mut failures, &mut pages).await;
    }

    // The buyer: orders and the request with its offer and messages.
    browser.login(&app.address, &shopper.email, PASSWORD).await;
    let mut buyer_pages = vec![
        "/don-hang".to_owned(),
        "/danh-gia".to_owned(),
        format!("/ket-noi-cung-cau/{request}"),
        "/ket-noi-cung-cau/cua-toi".to_owned(),
        "/tin-nhan".to_owned(),
        format!("/tin-nhan/{conversation}"),
    ];
    buyer_pages.extend(orders.iter().map(|(code, _)| format!("/don-hang/{code}")));
    for path in &buyer_pages {
        check(&browser, &app, path, true, &mut failures, &mut pages).await;
    }
    // Another person next: a fresh cookie jar (a packing slip has no header to log out from).
    browser.client.delete_all_cookies().await.unwrap();

    // The vendor: the workspace, orders with their addresses and complaints, the board.
    browser.login(&app.address, &vendor.email, PASSWORD).await;
    let slug = &shop.slug;
    let mut vendor_pages = vec![
        format!("/kenh-nguoi-ban/{slug}"),
        format!("/kenh-nguoi-ban/{slug}/don-hang"),
        format!("/kenh-nguoi-ban/{slug}/danh-gia"),
        format!("/kenh-nguoi-ban/{slug}/tin-nhan"),
        format!("/kenh-nguoi-ban/{slug}/tin-nhan/{conversation}"),
        format!("/kenh-nguoi-ban/{slug}/cung-cau"),
        format!("/kenh-nguoi-ban/{slug}/hoi-cho"),
        format!("/ket-noi-cung-cau/{request}"),
    ];
    for (_, part) in &orders {
        vendor_pages.push(format!("/kenh-nguoi-ban/{slug}/don-hang/{part}"));
        vendor_pages.push(format!("/kenh-nguoi-ban/{slug}/don-hang/{part}/phieu-giao"));
    }
    for path in &vendor_pages {
        check(&browser, &app, path, true, &mut failures, &mut pages).await;
    }
    // Another person next: a fresh cookie jar (a packing slip has no header to log out from).
    browser.client.delete_all_cookies().await.unwrap();

    // An admin: shops, complaints, the board, fairs and a fair's booth applications.
    browser.login(&app.address, &admin.email, PASSWORD).await;
    // The complaints queue lists orders; the text shows on the order (checked above).
    check(&browser, &app, "/quan-tri/khieu-nai", false, &mut failures, &mut pages).await;
    for path in [
        "/quan-tri/cua-hang".to_owned(),
        "/quan-tri/danh-gia".to_owned(),
        "/quan-tri/tin-nhan".to_owned(),
        format!("/quan-tri/tin-nhan/{conversation}"),
        "/quan-tri/cung-cau".to_owned(),
        "/quan-tri/hoi-cho".to_owned(),
        format!("/quan-tri/hoi-cho/{fair}"),
        "/quan-tri/don-hang".to_owned(),
        "/quan-tri/hoc-vien".to_owned(),
    ] {
        check(&browser, &app, &path, true, &mut failures, &mut pages).await;
    }
    for (_, _, id) in lessons_shown.iter().take(2) {
        check(&browser, &app, &format!("/quan-tri/hoc-vien/bai/{id}"), true, &mut failures, &mut pages).await;
    }
    browser.close().await;

    println!(
        "xss ({}): {} payloads, {} values stored across fields, {} refused by validation, {} pages opened in Chromium, {} payloads ran or left markup",
        app.backend,
        PAYLOADS.len(),
        tally.stored,
        tally.refused.len(),
        pages,
        failures.len()
    );
    assert!(PAYLOADS.len() >= 50);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if !tally.refused.is_empty() {
        println!("refused by validation (never stored, so never shown): {:#?}", tally.refused);
    }
}
