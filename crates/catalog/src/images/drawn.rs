//! Demo pictures, drawn rather than downloaded, that tell products apart at a glance: the
//! group's colour (shifted a little per product), a shape for the group (a bowl for food, a
//! bottle for drinks, a leaf for herbs, a shirt for textiles, a vase for crafts), the
//! product's initials, and the gold OCOP star in a corner.

use image::{Rgb, RgbImage};

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 600;

/// The shape drawn for a product group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Motif {
    Bowl,
    Bottle,
    Leaf,
    Shirt,
    Vase,
    Star,
}

/// A group's background colour and shape.
pub fn of_group(group: &str) -> ([u8; 3], Motif) {
    match group {
        "thuc-pham" => ([253, 226, 200], Motif::Bowl),
        "do-uong" => ([216, 236, 217], Motif::Bottle),
        "thao-duoc" => ([227, 240, 208], Motif::Leaf),
        "vai-may-mac" => ([239, 217, 236], Motif::Shirt),
        "luu-niem-noi-that-trang-tri" => ([221, 230, 243], Motif::Vase),
        _ => ([255, 240, 194], Motif::Star),
    }
}

/// The first letters of the name's first two words, without diacritics: "Trà hoa vàng" → "TH".
pub fn initials(name: &str) -> String {
    ocop_core::text::fold(name)
        .split_whitespace()
        .filter_map(|w| w.chars().find(char::is_ascii_alphanumeric))
        .take(2)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Draws the picture of a product of `group` named `name`; `seed` varies the shade.
pub fn draw(seed: u64, group: &str, name: &str) -> RgbImage {
    let (base, motif) = of_group(group);
    let mut img = RgbImage::new(WIDTH, HEIGHT);
    // Each product its own shade of the group's colour, lighter at the top left.
    let shift = i32::try_from(seed % 7).unwrap_or(0) * 9 - 27;
    let tint = |v: u8, i: i32| u8::try_from((i32::from(v) + shift * (i - 1)).clamp(0, 255)).unwrap_or(0);
    let bg = [tint(base[0], 0), tint(base[1], 1), tint(base[2], 2)];
    for (x, y, p) in img.enumerate_pixels_mut() {
        let t = i32::try_from((x + y) * 50 / (WIDTH + HEIGHT)).unwrap_or(0);
        let c = |v: u8| u8::try_from((i32::from(v) - t).clamp(0, 255)).unwrap_or(0);
        *p = Rgb([c(bg[0]), c(bg[1]), c(bg[2])]);
    }
    // The shape in a deep shade of the same colour, a little right of centre, on its shadow.
    let ink = Rgb(bg.map(|v| v / 3));
    let shade = Rgb(bg.map(|v| u8::try_from(u16::from(v) * 4 / 5).unwrap_or(0)));
    // Every shape fits within 240 px of its centre.
    fill(&mut img, (276, 76, 756, 556), shade, |x, y| inside(motif, x - 516.0, y - 316.0));
    fill(&mut img, (260, 60, 740, 540), ink, |x, y| inside(motif, x - 500.0, y - 300.0));
    star(&mut img, 705.0, 95.0, 55.0);
    let text = initials(name);
    let mut left = 70;
    for c in text.chars() {
        glyph(&mut img, c, left, 360, 22, Rgb([255, 255, 255]), ink);
        left += 8 * 22;
    }
    img
}

/// Colours every pixel of the box `(x0, y0)–(x1, y1)` for which `test(x, y)` holds; the
/// box keeps the work to where the shape can be.
fn fill(img: &mut RgbImage, area: (u32, u32, u32, u32), colour: Rgb<u8>, test: impl Fn(f64, f64) -> bool) {
    let (x0, y0, x1, y1) = area;
    for y in y0..y1.min(HEIGHT) {
        for x in x0..x1.min(WIDTH) {
            if test(f64::from(x), f64::from(y)) {
                img.put_pixel(x, y, colour);
            }
        }
    }
}

/// Whether the point (relative to the shape's centre) is inside the shape (about 360 px tall).
fn inside(motif: Motif, x: f64, y: f64) -> bool {
    let disc = |cx: f64, cy: f64, r: f64| (x - cx).powi(2) + (y - cy).powi(2) <= r * r;
    let rect = |x0: f64, y0: f64, x1: f64, y1: f64| (x0..=x1).contains(&x) && (y0..=y1).contains(&y);
    match motif {
        // A bowl: the lower half of a disc under a rim, on a foot, with steam.
        Motif::Bowl => {
            (disc(0.0, -20.0, 170.0) && y >= -20.0)
                || rect(-185.0, -40.0, 185.0, -20.0)
                || rect(-60.0, 140.0, 60.0, 165.0)
                || [-60.0, 0.0, 60.0]
                    .iter()
                    .any(|sx| ((x - sx) - 12.0 * (y / 18.0).sin()).abs() < 7.0 && (-150.0..-60.0).contains(&y))
        }
        // A bottle: shoulders, a body, a neck and a cap.
        Motif::Bottle => {
            rect(-85.0, -60.0, 85.0, 180.0)
                || disc(0.0, -60.0, 85.0) && y <= -60.0
                || rect(-28.0, -170.0, 28.0, -100.0)
                || rect(-36.0, -190.0, 36.0, -165.0)
        }
        // A leaf: where two discs overlap, with a stem and a middle vein left out.
        Motif::Leaf => {
            let (u, v) = ((x + y) * std::f64::consts::FRAC_1_SQRT_2, (y - x) * std::f64::consts::FRAC_1_SQRT_2);
            let blade = (u.powi(2) + (v - 110.0).powi(2) <= 190.0f64.powi(2))
                && (u.powi(2) + (v + 110.0).powi(2) <= 190.0f64.powi(2));
            let vein = v.abs() < 4.0 && u.abs() < 140.0;
            let stem = v.abs() < 7.0 && (150.0..230.0).contains(&u);
            (blade && !vein) || stem
        }
        // A shirt: a body, two sleeves and a collar left open.
        Motif::Shirt => {
            let body = rect(-100.0, -130.0, 100.0, 170.0);
            let sleeve = (-130.0..-30.0).contains(&y) && x.abs() >= 100.0 && x.abs() <= 100.0 + (y + 130.0) * 0.8;
            let collar = disc(0.0, -130.0, 40.0);
            (body || sleeve) && !collar
        }
        // A vase: a round belly, a neck and a lip.
        Motif::Vase => {
            ((x / 140.0).powi(2) + ((y - 60.0) / 120.0).powi(2) <= 1.0)
                || rect(-45.0, -140.0, 45.0, -40.0)
                || rect(-70.0, -165.0, 70.0, -140.0)
                || rect(-80.0, 170.0, 80.0, 185.0)
        }
        Motif::Star => star_contains(x, y, 170.0),
    }
}

/// Whether a point (relative to the centre) is inside a five-pointed star of radius `r`.
fn star_contains(px: f64, py: f64, r: f64) -> bool {
    if px.abs() > r || py.abs() > r {
        return false;
    }
    let points: [(f64, f64); 10] = std::array::from_fn(|i| {
        let i = u32::try_from(i).unwrap_or(0);
        let radius = if i % 2 == 0 { r } else { r * 0.42 };
        let angle = std::f64::consts::PI * f64::from(i) / 5.0 - std::f64::consts::FRAC_PI_2;
        (radius * angle.cos(), radius * angle.sin())
    });
    let mut inside = false;
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let ((xi, yi), (xj, yj)) = (points[i], points[j]);
        if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// The gold OCOP star.
fn star(img: &mut RgbImage, cx: f64, cy: f64, r: f64) {
    let (left, top) = ((cx - r).max(0.0) as u32, (cy - r).max(0.0) as u32);
    let side = (2.0 * r) as u32 + 1;
    fill(img, (left, top, left + side, top + side), Rgb([255, 204, 64]), |x, y| star_contains(x - cx, y - cy, r));
}

/// One character of the 8×8 font, `scale` pixels a dot, with a shadow in `shadow`.
fn glyph(img: &mut RgbImage, c: char, left: u32, top: u32, scale: u32, colour: Rgb<u8>, shadow: Rgb<u8>) {
    use font8x8::UnicodeFonts as _;
    let Some(rows) = font8x8::BASIC_FONTS.get(c) else { return };
    for (offset, paint) in [(scale / 3, shadow), (0, colour)] {
        for (row, bits) in (0u32..).zip(rows) {
            for col in 0..8u32 {
                if bits & (1 << col) == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let (x, y) = (left + col * scale + dx + offset, top + row * scale + dy + offset);
                        if x < WIDTH && y < HEIGHT {
                            img.put_pixel(x, y, paint);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Motif, draw, initials, inside, of_group};

    #[test]
    fn initials_fold_vietnamese() {
        assert_eq!(initials("Trà hoa vàng Ba Chẽ"), "TH");
        assert_eq!(initials("Đặc sản"), "DS");
        assert_eq!(initials("  mật "), "M");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn each_group_has_its_shape_and_products_differ() {
        let groups = ["thuc-pham", "do-uong", "thao-duoc", "vai-may-mac", "luu-niem-noi-that-trang-tri", "khac"];
        let motifs: std::collections::HashSet<Motif> = groups.iter().map(|g| of_group(g).1).collect();
        assert_eq!(motifs.len(), groups.len());
        for &motif in &motifs {
            assert!(inside(motif, 0.0, 40.0), "{motif:?} covers its centre");
            assert!(!inside(motif, 290.0, 290.0), "{motif:?} stays in its box");
        }
        assert_ne!(draw(1, "do-uong", "Trà hoa vàng"), draw(1, "do-uong", "Mật ong"), "initials differ");
        assert_ne!(draw(1, "do-uong", "Trà"), draw(2, "do-uong", "Trà"), "shades differ");
        assert_ne!(draw(1, "do-uong", "Trà"), draw(1, "thuc-pham", "Trà"), "groups differ");
    }
}
