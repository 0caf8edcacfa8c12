//! The demo fair's report and the admins' sales dashboard in a real browser, on a phone and
//! on a desktop, with screenshots to look at (OCOP_SCREENSHOT_DIR, else target/screenshots).

use ocop_tests::{browser, spawn_app_with};

#[tokio::test]
async fn an_organiser_reads_the_demo_fair_report_and_the_sales_dashboard() {
    let Some(phone) = browser::phone().await else { return };
    let app = spawn_app_with(&[]).await;
    ocop_demo::seed::demo(&app.db, app.state.media.as_ref()).await.unwrap();
    let report = format!("{}/quan-tri/hoi-cho/hoi-cho-ocop-quang-ninh-he/bao-cao", app.address);

    // The host province's coordinator, on a phone, from the fair's own page.
    phone.login(&app.address, "dieuphoi.quangninh@choocop.vn", ocop_demo::seed::DEMO_PASSWORD).await;
    phone.goto(&format!("{}/quan-tri/hoi-cho/hoi-cho-ocop-quang-ninh-he", app.address)).await;
    phone.click("[data-testid=fair-report-link]").await;
    phone.wait_for_path("/quan-tri/hoi-cho/hoi-cho-ocop-quang-ninh-he/bao-cao").await;
    let revenue = phone.text_containing("[data-testid=stat-revenue]", "₫").await;
    assert!(revenue.contains("Doanh thu"), "{revenue}");
    let visitors = phone.text("[data-testid=stat-visitors] dd").await;
    assert!(visitors.replace('.', "").parse::<i64>().unwrap() > 1_000, "{visitors}");
    assert_eq!(phone.client.find_all(fantoccini::Locator::Css("svg[role=img] > title")).await.unwrap().len(), 4);
    let rows = phone.client.find_all(fantoccini::Locator::Css("[data-testid=fair-booths] tbody tr")).await.unwrap();
    assert!((30..=60).contains(&rows.len()), "{} booths", rows.len());
    let provinces = phone.text("[data-testid=fair-provinces] tbody tr").await;
    assert!(provinces.starts_with("Quảng Ninh"), "the host first: {provinces}");
    phone.screenshot("fair-report-phone-top").await;
    for (section, name) in [("h-days", "days"), ("h-provinces", "provinces"), ("h-booths", "booths")] {
        phone.client.execute(&format!("document.getElementById('{section}').scrollIntoView()"), vec![]).await.unwrap();
        phone.screenshot(&format!("fair-report-phone-{name}")).await;
    }
    // Nothing on the phone is wider than the screen but the tables, which scroll inside.
    let overflow = phone
        .client
        .execute(
            "const w = document.documentElement.clientWidth; \
             const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 \
               && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1)).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).slice(0, 8); \
             return [document.documentElement.scrollWidth - w, wide.join(' ')];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow[0].as_i64(), Some(0), "the page scrolls sideways on a phone: {}", overflow[1]);
    phone.close().await;

    // An admin at a desktop: the report, then the sales dashboard over the fair's weeks.
    let Some(desk) = browser::open(1280, 900).await else { return };
    desk.login(&app.address, "admin@choocop.vn", ocop_demo::seed::DEMO_PASSWORD).await;
    desk.goto(&report).await;
    desk.text_containing("h1", "Hội chợ OCOP Quảng Ninh hè").await;
    desk.screenshot("fair-report-desktop-top").await;
    desk.client.execute("document.getElementById('h-booths').scrollIntoView()", vec![]).await.unwrap();
    desk.screenshot("fair-report-desktop-booths").await;

    desk.goto(&format!("{}/quan-tri", app.address)).await;
    desk.click("[data-testid=admin-sales-link]").await;
    desk.wait_for_path("/quan-tri/doanh-so").await;
    desk.click(".chips a:nth-child(3)").await; // the last 90 days hold the fair
    desk.text_containing("[data-testid=sales-channels]", "Hội chợ").await;
    let fair_row = desk.text("[data-testid=sales-channels] tbody tr:nth-child(2)").await;
    assert!(fair_row.starts_with("Hội chợ") && !fair_row.contains(" 0 ₫"), "{fair_row}");
    desk.screenshot("sales-dashboard-desktop").await;
    desk.client.execute("document.getElementById('h-provinces').scrollIntoView()", vec![]).await.unwrap();
    desk.screenshot("sales-dashboard-desktop-provinces").await;
    // A date the form cannot read comes back named, in Vietnamese.
    desk.goto(&format!("{}/quan-tri/doanh-so?tu=2026-02-30", app.address)).await;
    let error = desk.text("[data-testid=error-tu]").await;
    assert!(error.starts_with("Từ ngày"), "{error}");
    desk.screenshot("sales-dashboard-bad-date").await;
    desk.close().await;
}
