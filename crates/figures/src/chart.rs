//! Bar charts as geometry: where each bar, label and axis line goes, in the chart's own
//! coordinates. The gateway draws them as SVG.

/// One bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Under a column, or above a row.
    pub label: String,
    pub value: i64,
    /// The value as people read it (`1.250.000 ₫`), shown beside a row and in tooltips.
    pub value_text: String,
    /// Drawn darker: a weekend day, the host province.
    pub accent: bool,
}

/// Words for big round numbers on an axis, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Units<'a> {
    pub thousand: &'a str,
    pub million: &'a str,
    pub billion: &'a str,
}

pub const UNITS_VI: Units<'static> = Units { thousand: "nghìn", million: "tr", billion: "tỷ" };
pub const UNITS_EN: Units<'static> = Units { thousand: "k", million: "M", billion: "B" };

/// A whole-đồng amount shortened for an axis: `12,5 tr`, `800 nghìn`, `1,2 tỷ`.
pub fn compact(amount: i64, units: Units<'_>) -> String {
    let (scale, unit) = match amount.unsigned_abs() {
        n if n >= 1_000_000_000 => (1_000_000_000, units.billion),
        n if n >= 1_000_000 => (1_000_000, units.million),
        n if n >= 1_000 => (1_000, units.thousand),
        _ => return amount.to_string(),
    };
    // One decimal, Vietnamese style (a comma), dropped when it is zero.
    let tenths = (i128::from(amount) * 10 + i128::from(scale) / 2) / i128::from(scale);
    let (whole, frac) = (tenths / 10, (tenths % 10).abs());
    if frac == 0 { format!("{whole} {unit}") } else { format!("{whole},{frac} {unit}") }
}

/// The axis top: the smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `max` (at least 1).
pub fn nice_ceiling(max: i64) -> i64 {
    if max <= 1 {
        return 1;
    }
    let mut base: i64 = 1;
    loop {
        for step in [10, 20, 25, 50] {
            let candidate = base.saturating_mul(step) / 10;
            if candidate >= max {
                return candidate;
            }
        }
        if base > i64::MAX / 10 {
            return max;
        }
        base *= 10;
    }
}

/// Width of the chart's coordinate system; the page scales it to the screen.
pub const WIDTH: u32 = 480;

/// A horizontal line of a column chart's axis, with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct GridLine {
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
    /// Where the value's text ends (it is right-aligned), and its baseline.
    pub label_x: f64,
    pub label_y: f64,
    /// The value, shortened ([`compact`]).
    pub label: String,
}

/// One column: its rectangle, and where its label goes under the axis (when it has one).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// The label's centre and baseline; `None` when thinned out.
    pub label_at: Option<(f64, f64)>,
}

/// Where everything of a column chart goes, in a `WIDTH` × `height` coordinate system.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub width: u32,
    pub height: u32,
    pub grid: Vec<GridLine>,
    /// One per bar, in the bars' order.
    pub columns: Vec<Column>,
}

/// Columns left to right (one a day): the axis on the left in `units`, labels under the
/// columns (thinned out when there are many).
pub fn columns(bars: &[Bar], units: Units<'_>) -> Columns {
    let (left, right, top, bottom) = (64.0, 8.0, 12.0, 30.0);
    let height = 220.0;
    let plot_w = f64::from(WIDTH) - left - right;
    let plot_h = height - top - bottom;
    let max = nice_ceiling(bars.iter().map(|b| b.value).max().unwrap_or(0));
    let grid = [(0.0, 0), (0.5, max / 2), (1.0, max)]
        .into_iter()
        .map(|(fraction, value)| {
            let y = top + plot_h * (1.0 - fraction);
            GridLine {
                x1: left,
                x2: f64::from(WIDTH) - right,
                y,
                label_x: left - 6.0,
                label_y: y + 4.0,
                label: compact(value, units),
            }
        })
        .collect();
    let n = bars.len().max(1);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.72).max(1.0);
    // At most about eight labels under the axis, so they never overlap.
    let every = n.div_ceil(8).max(1);
    let columns = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let h = plot_h * bar.value.max(0) as f64 / max as f64;
            let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
            Column {
                x,
                y: top + plot_h - h,
                width: bar_w,
                height: h,
                label_at: (i % every == 0).then_some((x + bar_w / 2.0, height - 10.0)),
            }
        })
        .collect();
    Columns { width: WIDTH, height: 220, grid, columns }
}

/// One row: its label's baseline, the bar, and where the value goes after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label_y: f64,
    pub bar_y: f64,
    pub bar_width: f64,
    pub bar_height: f64,
    pub value_x: f64,
    pub value_y: f64,
}

/// Where everything of a row chart goes, in a `WIDTH` × `height` coordinate system.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    pub width: u32,
    pub height: u32,
    /// One per bar, in the bars' order.
    pub rows: Vec<Row>,
}

/// Rows top to bottom: each label above its bar, the value after the bar; the largest bar
/// fills the width left beside the values.
pub fn rows(bars: &[Bar]) -> Rows {
    let row_h = 40.0;
    let value_room = 150.0;
    let plot_w = f64::from(WIDTH) - value_room;
    let height = u32::try_from(bars.len()).unwrap_or(0).saturating_mul(40).saturating_add(8).max(48);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = 4.0 + row_h * i as f64;
            let w = (plot_w * bar.value.max(0) as f64 / max as f64).max(if bar.value > 0 { 2.0 } else { 0.0 });
            Row {
                label_y: y + 13.0,
                bar_y: y + 19.0,
                bar_width: w,
                bar_height: 14.0,
                value_x: w + 6.0,
                value_y: y + 31.0,
            }
        })
        .collect();
    Rows { width: WIDTH, height, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: i64) -> Bar {
        Bar { label: label.into(), value, value_text: format!("{value} ₫"), accent: false }
    }

    #[test]
    fn compact_amounts_read_like_a_person_says_them() {
        assert_eq!(compact(0, UNITS_VI), "0");
        assert_eq!(compact(800_000, UNITS_VI), "800 nghìn");
        assert_eq!(compact(12_500_000, UNITS_VI), "12,5 tr");
        assert_eq!(compact(12_000_000, UNITS_VI), "12 tr");
        assert_eq!(compact(1_249_000_000, UNITS_VI), "1,2 tỷ");
        assert_eq!(compact(2_500_000, UNITS_EN), "2,5 M");
    }

    #[test]
    fn the_axis_ends_on_a_round_number_above_the_tallest_bar() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(2_400_000), 2_500_000);
        assert_eq!(nice_ceiling(2_600_000), 5_000_000);
        assert_eq!(nice_ceiling(5_000_000), 5_000_000);
        assert_eq!(nice_ceiling(i64::MAX), i64::MAX);
    }

    #[test]
    fn columns_stand_on_an_axis_that_ends_above_the_tallest() {
        let chart = columns(&[bar("12/06", 300), bar("13/06", 600), Bar { accent: true, ..bar("14/06", 0) }], UNITS_VI);
        assert_eq!(chart.columns.len(), 3);
        // 600 is the tallest, under an axis that ends at 1 000.
        assert_eq!(chart.grid.last().map(|g| g.label.as_str()), Some("1 nghìn"));
        assert!((chart.columns[1].height - 2.0 * chart.columns[0].height).abs() < 1e-9);
        assert!(chart.columns[2].height.abs() < 1e-9);
    }

    #[test]
    fn columns_thin_out_their_labels_when_there_are_many() {
        let bars: Vec<Bar> = (1..=30).map(|d| bar(&format!("{d:02}/11"), d * 1_000)).collect();
        let chart = columns(&bars, UNITS_VI);
        assert_eq!(chart.columns.len(), 30);
        let labels = chart.columns.iter().filter(|c| c.label_at.is_some()).count();
        assert!((4..=8).contains(&labels), "{labels} labels");
    }

    #[test]
    fn rows_scale_to_the_largest() {
        let chart = rows(&[bar("Quảng Ninh", 400), bar("Hà Nội", 100)]);
        assert!((chart.rows[0].bar_width - 330.0).abs() < 1e-9, "the largest fills the plot");
        assert!((chart.rows[1].bar_width - 82.5).abs() < 1e-9, "a quarter of it");
        assert_eq!(rows(&[]).height, 48);
    }
}
