//! Bar charts drawn as SVG on the server: no script, nothing to download, readable by a
//! screen reader (`role="img"` with a title and a description; the page also shows the
//! numbers in a table). Text the caller passes is escaped here.

use std::fmt::Write as _;

/// Bar colours, each at least 3:1 against white (WCAG's contrast for graphics).
const BAR: &str = "#c62828";
const ACCENT: &str = "#7f1d1d";
const INK: &str = "#1d1b1a";
const MUTED: &str = "#5f5a57";
const GRID: &str = "#ddd6d1";

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

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A safe id for `aria-labelledby`: letters, digits and `-` only.
fn clean_id(id: &str) -> String {
    id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

fn open(out: &mut String, id: &str, width: u32, height: u32, title: &str, desc: &str) {
    let id = clean_id(id);
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

/// Width of the chart's coordinate system; the page scales it to the screen.
const WIDTH: u32 = 480;

/// Columns left to right (one a day): the axis on the left in `units`, labels under the
/// columns (thinned out when there are many).
pub fn columns(id: &str, title: &str, desc: &str, bars: &[Bar], units: Units<'_>) -> String {
    let (left, right, top, bottom) = (64.0, 8.0, 12.0, 30.0);
    let height = 220.0;
    let plot_w = f64::from(WIDTH) - left - right;
    let plot_h = height - top - bottom;
    let max = nice_ceiling(bars.iter().map(|b| b.value).max().unwrap_or(0));
    let mut out = String::new();
    open(&mut out, id, WIDTH, 220, title, desc);
    for (fraction, value) in [(0.0, 0), (0.5, max / 2), (1.0, max)] {
        let y = top + plot_h * (1.0 - fraction);
        let _ = write!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
            f64::from(WIDTH) - right,
            left - 6.0,
            y + 4.0,
            escape(&compact(value, units))
        );
    }
    let n = bars.len().max(1);
    let slot = plot_w / n as f64;
    let bar_w = (slot * 0.72).max(1.0);
    // At most about eight labels under the axis, so they never overlap.
    let every = n.div_ceil(8).max(1);
    for (i, bar) in bars.iter().enumerate() {
        let h = plot_h * bar.value.max(0) as f64 / max as f64;
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let y = top + plot_h - h;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{}\" rx=\"2\">\
             <title>{}: {}</title></rect>",
            if bar.accent { ACCENT } else { BAR },
            escape(&bar.label),
            escape(&bar.value_text)
        );
        if i % every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"13\" fill=\"{INK}\"{}>{}</text>",
                x + bar_w / 2.0,
                height - 10.0,
                if bar.accent { " font-weight=\"700\"" } else { "" },
                escape(&bar.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Rows top to bottom: each label above its bar, the value after the bar.
pub fn rows(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let row_h = 40.0;
    let value_room = 150.0;
    let plot_w = f64::from(WIDTH) - value_room;
    let height = u32::try_from(bars.len()).unwrap_or(0).saturating_mul(40).saturating_add(8).max(48);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut out = String::new();
    open(&mut out, id, WIDTH, height, title, desc);
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (plot_w * bar.value.max(0) as f64 / max as f64).max(if bar.value > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"14\" fill=\"{INK}\"{}>{}</text>\
             <rect x=\"0\" y=\"{:.1}\" width=\"{w:.1}\" height=\"14\" fill=\"{}\" rx=\"2\"><title>{}: {}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
            y + 13.0,
            if bar.accent { " font-weight=\"700\"" } else { "" },
            escape(&bar.label),
            y + 19.0,
            if bar.accent { ACCENT } else { BAR },
            escape(&bar.label),
            escape(&bar.value_text),
            w + 6.0,
            y + 31.0,
            escape(&bar.value_text)
        );
    }
    out.push_str("</svg>");
    out
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
    fn columns_are_labelled_for_screen_readers_and_escape_text() {
        let svg = columns(
            "by day",
            "Doanh thu theo ngày",
            "Ngày <1> & <2>",
            &[bar("12/06", 300), bar("13/06", 600), Bar { accent: true, ..bar("14/06", 0) }],
            UNITS_VI,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"by-day-title by-day-desc\""));
        assert!(svg.contains("<title id=\"by-day-title\">Doanh thu theo ngày</title>"));
        assert!(svg.contains("Ngày &lt;1&gt; &amp; &lt;2&gt;"));
        assert_eq!(svg.matches("<rect").count(), 3);
        // 600 is the tallest, under an axis that ends at 1 000.
        assert!(svg.contains(">1 nghìn</text>"), "{svg}");
        assert!(svg.contains("<title>13/06: 600 ₫</title>"));
        assert!(svg.contains(ACCENT), "the weekend column is darker");
    }

    #[test]
    fn columns_thin_out_their_labels_when_there_are_many() {
        let bars: Vec<Bar> = (1..=30).map(|d| bar(&format!("{d:02}/11"), d * 1_000)).collect();
        let svg = columns("d", "t", "d", &bars, UNITS_VI);
        assert_eq!(svg.matches("<rect").count(), 30);
        let labels = bars.iter().filter(|b| svg.contains(&format!(">{}</text>", b.label))).count();
        assert!((4..=8).contains(&labels), "{labels} labels");
    }

    #[test]
    fn rows_scale_to_the_largest_and_show_each_value() {
        let svg = rows("p", "Theo tỉnh", "Doanh thu của từng tỉnh", &[bar("Quảng Ninh", 400), bar("Hà Nội", 100)]);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("width=\"330.0\""), "the largest fills the plot: {svg}");
        assert!(svg.contains("width=\"82.5\""), "a quarter of it");
        assert!(svg.contains(">400 ₫</text>") && svg.contains(">100 ₫</text>"));
        // Nothing to draw still makes a valid, titled picture.
        let empty = rows("e", "Trống", "Chưa có số liệu", &[]);
        assert!(empty.contains("<title id=\"e-title\">Trống</title>") && empty.ends_with("</svg>"));
    }
}
