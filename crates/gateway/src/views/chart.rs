//! Bar charts drawn as SVG on the server from `ocop_figures::chart`'s geometry: no script,
//! nothing to download, readable by a screen reader (`role="img"` with a title and a
//! description; the page also shows the numbers in a table). Every text is escaped with
//! [`crate::views::escape`].

use std::fmt::Write as _;

use ocop_figures::chart::{self, Bar, Units};

use crate::views::escape;

/// Bar colours, each at least 3:1 against white (WCAG's contrast for graphics).
const BAR: &str = "#c62828";
const ACCENT: &str = "#7f1d1d";
const INK: &str = "#1d1b1a";
const MUTED: &str = "#5f5a57";
const GRID: &str = "#ddd6d1";

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

/// Columns left to right (one a day), the axis on the left in `units`
/// ([`chart::columns`]).
pub fn columns(id: &str, title: &str, desc: &str, bars: &[Bar], units: Units<'_>) -> String {
    let layout = chart::columns(bars, units);
    let mut out = String::new();
    open(&mut out, id, layout.width, layout.height, title, desc);
    for line in &layout.grid {
        let _ = write!(
            out,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{GRID}\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
            line.x1,
            line.x2,
            line.y,
            line.y,
            line.label_x,
            line.label_y,
            escape(&line.label)
        );
    }
    for (bar, column) in bars.iter().zip(&layout.columns) {
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" rx=\"2\">\
             <title>{}: {}</title></rect>",
            column.x,
            column.y,
            column.width,
            column.height,
            if bar.accent { ACCENT } else { BAR },
            escape(&bar.label),
            escape(&bar.value_text)
        );
        if let Some((x, y)) = column.label_at {
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" font-size=\"13\" fill=\"{INK}\"{}>{}</text>",
                if bar.accent { " font-weight=\"700\"" } else { "" },
                escape(&bar.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Rows top to bottom: each label above its bar, the value after the bar
/// ([`chart::rows`]).
pub fn rows(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let layout = chart::rows(bars);
    let mut out = String::new();
    open(&mut out, id, layout.width, layout.height, title, desc);
    for (bar, row) in bars.iter().zip(&layout.rows) {
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"14\" fill=\"{INK}\"{}>{}</text>\
             <rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"{}\" fill=\"{}\" rx=\"2\"><title>{}: {}</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"{MUTED}\">{}</text>",
            row.label_y,
            if bar.accent { " font-weight=\"700\"" } else { "" },
            escape(&bar.label),
            row.bar_y,
            row.bar_width,
            row.bar_height,
            if bar.accent { ACCENT } else { BAR },
            escape(&bar.label),
            escape(&bar.value_text),
            row.value_x,
            row.value_y,
            escape(&bar.value_text)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use ocop_figures::chart::{Bar, UNITS_VI};

    use super::*;

    fn bar(label: &str, value: i64) -> Bar {
        Bar { label: label.into(), value, value_text: format!("{value} ₫"), accent: false }
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
        assert!(svg.contains("role=\"img\" aria-labelledby=\"by-day-title by-day-desc\""));
        assert!(svg.contains("<title id=\"by-day-title\">Doanh thu theo ngày</title>"));
        assert!(svg.contains("Ngày &lt;1&gt; &amp; &lt;2&gt;"));
        assert_eq!(svg.matches("<rect").count(), 3);
        // 600 is the tallest, under an axis that ends at 1 000.
        assert!(svg.contains(">1 nghìn</text>"), "{svg}");
        assert!(svg.contains("<title>13/06: 600 ₫</title>"));
        assert!(svg.contains(ACCENT), "the weekend column is darker");
        assert!(svg.contains("<line x1=\"64\" x2=\"472\" y1=\"190.0\" y2=\"190.0\""), "{svg}");
    }

    #[test]
    fn rows_scale_to_the_largest_and_show_each_value() {
        let svg = rows("p", "Theo tỉnh", "Doanh thu của từng tỉnh", &[bar("Quảng Ninh", 400), bar("Hà Nội", 100)]);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("width=\"330.0\" height=\"14\""), "the largest fills the plot: {svg}");
        assert!(svg.contains("width=\"82.5\""), "a quarter of it");
        assert!(svg.contains(">400 ₫</text>") && svg.contains(">100 ₫</text>"));
        let empty = rows("e", "Trống", "Chưa có số liệu", &[]);
        assert!(empty.contains("<title id=\"e-title\">Trống</title>") && empty.ends_with("</svg>"));
    }
}
