//! The fair report as CSV: one table per file (booths, days, provinces or products), UTF-8
//! with a byte-order mark so spreadsheet programs show the diacritics, amounts in whole đồng.

use ocop_core::Error;

use crate::fair_report::FairReport;

/// Which table of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Booths,
    Days,
    Provinces,
    Products,
}

impl Table {
    /// From the `bang` query value: `gian` (the default), `ngay`, `tinh`, `san-pham`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "" | "gian" => Some(Self::Booths),
            "ngay" => Some(Self::Days),
            "tinh" => Some(Self::Provinces),
            "san-pham" => Some(Self::Products),
            _ => None,
        }
    }

    /// For the file name.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Booths => "gian",
            Self::Days => "ngay",
            Self::Provinces => "tinh",
            Self::Products => "san-pham",
        }
    }
}

/// One table of `report` as CSV text.
///
/// # Errors
/// [`Error::Internal`] if the CSV writer fails (it writes to memory, so only on a bug).
pub fn csv(report: &FairReport, table: Table) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::internal(e);
    match table {
        Table::Booths => {
            w.write_record([
                "gian",
                "cua_hang",
                "tinh",
                "tinh_dang_cai",
                "luot_ghe_gian",
                "don_truc_tuyen",
                "doanh_thu_truc_tuyen_vnd",
                "giao_dich_tai_gian",
                "doanh_thu_tai_gian_vnd",
                "tong_don",
                "tong_doanh_thu_vnd",
            ])
            .map_err(err)?;
            for b in &report.by_booth {
                w.write_record([
                    b.booth.map(|n| n.to_string()).unwrap_or_default(),
                    b.shop.clone(),
                    b.province_name.clone(),
                    if b.host { "co" } else { "khong" }.to_owned(),
                    b.visits.to_string(),
                    b.online_orders.to_string(),
                    b.online_vnd.to_string(),
                    b.booth_sales.to_string(),
                    b.booth_vnd.to_string(),
                    b.orders.to_string(),
                    b.revenue_vnd.to_string(),
                ])
                .map_err(err)?;
            }
        }
        Table::Days => {
            w.write_record([
                "ngay",
                "khach_tham_quan",
                "tong_don",
                "doanh_thu_truc_tuyen_vnd",
                "doanh_thu_tai_gian_vnd",
                "tong_doanh_thu_vnd",
            ])
            .map_err(err)?;
            for d in &report.by_day {
                w.write_record([
                    d.date.clone(),
                    d.visitors.to_string(),
                    d.orders.to_string(),
                    d.online_vnd.to_string(),
                    d.booth_vnd.to_string(),
                    d.revenue_vnd.to_string(),
                ])
                .map_err(err)?;
            }
        }
        Table::Provinces => {
            w.write_record(["tinh", "tinh_dang_cai", "so_gian", "tong_don", "tong_doanh_thu_vnd"]).map_err(err)?;
            for p in &report.provinces {
                w.write_record([
                    p.name.clone(),
                    if p.host { "co" } else { "khong" }.to_owned(),
                    p.booths.to_string(),
                    p.orders.to_string(),
                    p.revenue_vnd.to_string(),
                ])
                .map_err(err)?;
            }
        }
        Table::Products => {
            w.write_record(["san_pham", "cua_hang", "so_luong", "doanh_thu_vnd"]).map_err(err)?;
            for p in &report.top_products {
                w.write_record([p.name.clone(), p.shop.clone(), p.quantity.to_string(), p.revenue_vnd.to_string()])
                    .map_err(err)?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| Error::internal(e.to_string()))?;
    let body = String::from_utf8(bytes).map_err(Error::internal)?;
    Ok(format!("\u{feff}{body}"))
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "fixtures")]
    use std::collections::BTreeMap;

    use chrono::Utc;

    use super::*;
    use crate::fair_report::{AtBooths, BoothRow, DayRow, FairInfo, Online};

    fn report() -> FairReport {
        FairReport {
            visitors: 10,
            orders: 3,
            revenue_vnd: 450_000,
            by_province: BTreeMap::new(),
            by_booth: vec![BoothRow {
                booth: Some(7),
                shop: "HTX Nước mắm \"Cái Rồng\", Vân Đồn".into(),
                shop_slug: "nuoc-mam".into(),
                province: "quang-ninh".into(),
                province_name: "Quảng Ninh".into(),
                host: true,
                visits: 12,
                orders: 3,
                revenue_vnd: 450_000,
                online_orders: 1,
                online_vnd: 300_000,
                booth_sales: 2,
                booth_vnd: 150_000,
            }],
            by_day: vec![DayRow {
                date: "2026-06-12".into(),
                visitors: 10,
                orders: 3,
                revenue_vnd: 450_000,
                online_vnd: 300_000,
                booth_vnd: 150_000,
            }],
            fair: FairInfo {
                slug: "hc".into(),
                name: "Hội chợ".into(),
                host_province: "quang-ninh".into(),
                host_name: "Quảng Ninh".into(),
                starts_at: Utc::now(),
                ends_at: Utc::now(),
            },
            booth_visits: 12,
            online: Online::default(),
            at_booths: AtBooths::default(),
            provinces: Vec::new(),
            top_products: Vec::new(),
            counted_at: Utc::now(),
        }
    }

    #[test]
    fn booths_csv_quotes_names_and_keeps_whole_dong() {
        let text = csv(&report(), Table::Booths).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("gian,cua_hang,tinh,"));
        assert_eq!(
            lines[1],
            "7,\"HTX Nước mắm \"\"Cái Rồng\"\", Vân Đồn\",Quảng Ninh,co,12,1,300000,2,150000,3,450000"
        );
    }

    #[test]
    fn each_table_has_its_own_file() {
        let days = csv(&report(), Table::Days).unwrap();
        assert!(days.contains("2026-06-12,10,3,300000,150000,450000"));
        assert_eq!(Table::parse("ngay"), Some(Table::Days));
        assert_eq!(Table::parse(""), Some(Table::Booths));
        assert_eq!(Table::parse("khac"), None);
        assert_eq!(csv(&report(), Table::Products).unwrap().lines().count(), 1, "a header even when empty");
    }
}
