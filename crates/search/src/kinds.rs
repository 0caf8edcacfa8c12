//! Kinds of goods a shopper asks for by what they are rather than by name: "trái cây",
//! "hải sản khô", "bánh kẹo", "thuốc bổ", "đồ ăn vặt". No listing is called "trái cây"; a
//! mango, a pomelo and dried pineapple are. Each listing is given the kinds its name says
//! (the head noun, as Vietnamese names start with what the good is: "Rượu mơ" is a wine,
//! "Mơ sấy" a fruit) or its group says, and a kind typed in a query is one word that those
//! listings match.

use std::collections::HashMap;
use std::sync::OnceLock;

use ocop_core::text::fold;

pub(crate) struct Kind {
    /// The term listings of this kind carry in [`crate::document::Fields::kinds`].
    pub key: &'static str,
    /// How shoppers ask for it, with diacritics (typed bare, any folding of it matches).
    asked: &'static [&'static str],
    /// What a name starts with (after pack and gift words) when the good is of this kind:
    /// one syllable, or two where one alone says something else ("dưa hấu", not "dưa cải").
    heads: &'static [&'static str],
    /// Two-syllable starts that are not of this kind although their first syllable is.
    not: &'static [&'static str],
    /// Words or phrases that make a good of this kind wherever they stand in its name.
    anywhere: &'static [&'static str],
    /// Groups and subcategories (codes) whose listings are all of this kind.
    groups: &'static [&'static str],
    /// Heads count only for food, drink and herbs: "Vải lụa" is cloth, not lychee.
    food: bool,
}

/// The groups a food kind's heads count in.
pub(crate) const FOOD_GROUPS: [&str; 3] = ["thuc-pham", "do-uong", "thao-duoc"];

/// Fruit, fresh or dried: most of what a name can start with to be one.
const FRUIT: &[&str] = &[
    "xoài",
    "bưởi",
    "cam",
    "quýt",
    "chuối",
    "dứa",
    "thơm",
    "khóm",
    "dừa",
    "dưa hấu",
    "dưa lưới",
    "dưa lê",
    "thanh long",
    "vải",
    "nhãn",
    "long nhãn",
    "chôm chôm",
    "măng cụt",
    "sầu riêng",
    "mít",
    "ổi",
    "mận",
    "đào",
    "lê",
    "táo",
    "na",
    "mãng cầu",
    "hồng",
    "hồng xiêm",
    "bơ",
    "chanh",
    "nho",
    "dâu",
    "vú sữa",
    "roi",
    "mơ",
    "khế",
    "lựu",
    "sơ ri",
    "quất",
    "tắc",
    "bòn bon",
    "me",
    "trái",
    "quả",
    "thốt nốt",
    "gấc",
    "sim",
    "hạnh",
];

/// Confectionery: cakes, sweets, jams.
const SWEETS: &[&str] = &["bánh", "kẹo", "mứt", "mè xửng", "ô mai", "chè lam", "cốm", "kẹo lạc", "bim"];
/// Starts with "bánh" that are meals or noodles, not sweets.
const NOT_SWEETS: &[&str] = &[
    "bánh tráng",
    "bánh đa",
    "bánh phở",
    "bánh canh",
    "bánh hỏi",
    "bánh chưng",
    "bánh tét",
    "bánh mì",
    "bánh cuốn",
    "bánh giầy",
    "bánh giò",
];

/// Nuts and seeds.
const NUTS: &[&str] =
    &["hạt", "lạc", "đậu phộng", "óc chó", "hạnh nhân", "mắc ca", "điều", "hướng dương", "bí", "macca"];
const NOT_NUTS: &[&str] = &["hạt tiêu", "hạt giống", "hạt gốm", "bí đỏ", "bí xanh", "điều hòa"];

/// Seafood and river fish.
const SEAFOOD: &[&str] = &[
    "cá",
    "tôm",
    "mực",
    "cua",
    "ghẹ",
    "hàu",
    "ốc",
    "sò",
    "ngao",
    "nghêu",
    "sá sùng",
    "ruốc hàu",
    "ruốc tôm",
    "ruốc cá",
    "tép",
    "rong biển",
    "bề bề",
    "sứa",
    "hải sâm",
    "chả mực",
    "chả cá",
    "chả tôm",
    "khô cá",
    "khô mực",
    "khô tôm",
    "tôm khô",
    "mực khô",
    "cá khô",
    "bào ngư",
    "điệp",
    "tu hài",
    "ghẹ sữa",
];

/// Tonics: what shoppers buy to build someone up.
const TONICS: &[&str] = &[
    "sâm",
    "nhân sâm",
    "hồng sâm",
    "cao sâm",
    "đông trùng",
    "ba kích",
    "linh chi",
    "nấm linh chi",
    "yến",
    "yến sào",
    "tổ yến",
    "hà thủ ô",
    "tam thất",
    "đinh lăng",
    "nhung hươu",
    "cao sâm",
    "cao ban long",
    "sâm cau",
    "ngũ gia bì",
];
const TONICS_ANYWHERE: &[&str] =
    &["đông trùng", "linh chi", "yến sào", "tổ yến", "hà thủ ô", "tam thất", "nhung hươu", "ba kích", "sâm ngọc linh"];

/// Herbs and herbal goods.
const HERBS_ANYWHERE: &[&str] = &[
    "atiso",
    "actiso",
    "tim sen",
    "đinh lăng",
    "ba kích",
    "linh chi",
    "giảo cổ lam",
    "cà gai leo",
    "hà thủ ô",
    "sâm",
    "đông trùng",
    "kim tiền thảo",
    "diệp hạ châu",
    "xạ đen",
    "trinh nữ hoàng cung",
    "thảo dược",
    "thảo mộc",
    "dược liệu",
    "lá vối",
    "khổ qua rừng",
    "cỏ ngọt",
    "hoa cúc",
    "tía tô",
    "tam thất",
];

/// Spices and condiments beyond the spice subcategory.
const SPICES: &[&str] = &[
    "tiêu",
    "hồ tiêu",
    "hạt tiêu",
    "quế",
    "hồi",
    "hoa hồi",
    "thảo quả",
    "muối",
    "ớt",
    "sả",
    "gừng",
    "nghệ",
    "tỏi",
    "riềng",
    "mắc khén",
    "nước mắm",
    "mắm",
    "tương",
    "nước tương",
    "hành",
    "tiêu đen",
    "tiêu đỏ",
];

/// Vegetables, mushrooms and roots.
const VEGETABLES: &[&str] = &[
    "rau",
    "củ",
    "măng",
    "nấm",
    "cải",
    "bắp cải",
    "su su",
    "su hào",
    "cà rốt",
    "khoai",
    "khoai lang",
    "khoai tây",
    "khoai môn",
    "bí đỏ",
    "bí xanh",
    "bầu",
    "mướp",
    "hành",
    "tỏi",
    "đậu",
    "ngô",
    "bắp",
    "cà chua",
    "dưa chuột",
];

/// Ceramics, wherever the name says it.
const CERAMICS_ANYWHERE: &[&str] = &[
    "gốm",
    "sứ",
    "bát tràng",
    "chu đậu",
    "phù lãng",
    "men lam",
    "men rạn",
    "men hỏa biến",
    "men ngọc",
    "men màu",
    "ấm chén",
    "ấm trà",
    "bàu trúc",
    "thanh hà",
];

/// Crafts, wherever the name says how the thing was made.
const CRAFTS_ANYWHERE: &[&str] = &[
    "thêu",
    "đan lát",
    "tre đan",
    "mây đan",
    "cói đan",
    "dệt",
    "sơn mài",
    "mây tre",
    "cói",
    "thổ cẩm",
    "gốm",
    "chạm",
    "khảm",
    "nón lá",
    "lụa",
    "tơ tằm",
    "gỗ",
    "thủ công",
    "mỹ nghệ",
    "điêu khắc",
    "tò he",
    "tranh",
];

/// Dried, smoked or sun-cured goods.
const DRIED_ANYWHERE: &[&str] = &["khô", "gác bếp", "sấy khô", "phơi khô", "hong khói"];

const KINDS: &[Kind] = &[
    Kind {
        key: "traicay",
        asked: &["trái cây", "hoa quả", "quả tươi", "trái cây tươi", "hoa trái"],
        heads: FRUIT,
        not: &["hồng trà", "hồng sâm"],
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "banhkeo",
        asked: &["bánh kẹo", "bánh mứt kẹo", "bánh mứt", "kẹo bánh", "đồ ngọt", "mứt kẹo"],
        heads: SWEETS,
        not: NOT_SWEETS,
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "anvat",
        asked: &["ăn vặt", "đồ ăn vặt", "quà vặt", "ăn chơi", "đồ nhắm", "snack", "đồ nhậu", "mồi nhậu", "món nhậu"],
        heads: &[
            "kẹo",
            "mứt",
            "ô mai",
            "mè xửng",
            "hạt",
            "cơm cháy",
            "khoai",
            "lạc",
            "đậu phộng",
            "khô gà",
            "khô bò",
            "khô heo",
            "bim",
            "snack",
            "nem chua",
            "mắc ca",
            "hạt điều",
            "bánh pía",
            "bánh đậu xanh",
            "bánh cáy",
            "bánh khô mè",
            "chà bông",
            "rong biển",
        ],
        not: NOT_NUTS,
        // Fruit dried to chew on is a snack too: see `of_listing`.
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "hat",
        asked: &["hạt dinh dưỡng", "các loại hạt"],
        heads: NUTS,
        not: NOT_NUTS,
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "haisan",
        asked: &["hải sản", "thủy sản", "thủy hải sản", "đồ biển", "thuỷ sản", "thuỷ hải sản"],
        heads: SEAFOOD,
        not: &[],
        anywhere: &[],
        groups: &["thuy-hai-san"],
        food: true,
    },
    Kind {
        key: "dokho",
        asked: &["đồ khô", "hàng khô", "thực phẩm khô"],
        heads: &[],
        not: &[],
        anywhere: DRIED_ANYWHERE,
        groups: &[],
        food: false,
    },
    Kind {
        key: "bo",
        asked: &[
            "thuốc bổ",
            "bồi bổ",
            "bổ dưỡng",
            "đồ bổ",
            "tẩm bổ",
            "tăng cường sức khỏe",
            "tăng cường sức khoẻ",
            "thực phẩm chức năng",
        ],
        heads: TONICS,
        not: &["cao lầu", "cao su"],
        anywhere: TONICS_ANYWHERE,
        groups: &["thuc-pham-chuc-nang"],
        food: true,
    },
    Kind {
        key: "thaoduoc",
        asked: &["thảo dược", "thảo mộc", "dược liệu", "cây thuốc", "lá thuốc", "thuốc nam", "đông y"],
        heads: &[],
        not: &[],
        anywhere: HERBS_ANYWHERE,
        groups: &["thao-duoc"],
        food: false,
    },
    Kind {
        key: "giavi",
        asked: &["gia vị", "đồ gia vị"],
        heads: SPICES,
        not: &["muối chua", "tiêu đề"],
        anywhere: &[],
        groups: &["gia-vi"],
        food: true,
    },
    Kind {
        key: "raucu",
        asked: &["rau củ", "rau quả", "rau sạch", "rau củ quả"],
        heads: VEGETABLES,
        not: &["nấm linh", "khoai deo"],
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "nuoccham",
        asked: &["nước chấm", "đồ chấm", "nước sốt"],
        heads: &["nước mắm", "mắm", "tương", "nước tương", "xì dầu", "nước chấm", "muối tôm", "muối ớt", "sốt"],
        not: &[],
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "ruouthuoc",
        asked: &["rượu thuốc", "rượu ngâm", "rượu bổ", "rượu ngâm thuốc"],
        heads: &[
            "rượu ba kích",
            "rượu sâm",
            "rượu đinh lăng",
            "rượu táo mèo",
            "rượu chuối hột",
            "rượu hà thủ ô",
            "rượu nhung",
            "rượu mật nhân",
            "rượu đông trùng",
            "rượu linh chi",
            "rượu tắc kè",
            "rượu ngâm",
            "rượu thuốc",
            "rượu sim",
            "rượu mơ",
            "rượu thảo dược",
            "rượu nấm",
        ],
        not: &[],
        anywhere: &[],
        groups: &[],
        food: true,
    },
    Kind {
        key: "trangtri",
        asked: &[
            "trang trí",
            "đồ trang trí",
            "trang trí nhà cửa",
            "đồ trang trí nhà cửa",
            "trang trí nội thất",
            "decor",
            "đồ decor",
            "nội thất",
        ],
        heads: &["tranh", "bình gốm", "bình hoa", "lọ hoa", "đèn", "chậu", "tượng", "mâm", "bình hút lộc"],
        not: &[],
        anywhere: &["trang trí"],
        groups: &["trang-tri", "noi-that"],
        food: false,
    },
    Kind {
        key: "gomsu",
        asked: &["gốm sứ", "đồ gốm", "đồ sứ", "đồ gốm sứ", "hàng gốm"],
        heads: &[],
        not: &[],
        anywhere: CERAMICS_ANYWHERE,
        groups: &[],
        food: false,
    },
    Kind {
        key: "thucong",
        asked: &["thủ công", "thủ công mỹ nghệ", "đồ thủ công", "hàng thủ công", "mỹ nghệ", "đồ mỹ nghệ", "handmade"],
        heads: &[],
        not: &[],
        anywhere: CRAFTS_ANYWHERE,
        groups: &["vai-may-mac", "luu-niem-noi-that-trang-tri"],
        food: false,
    },
    Kind {
        key: "douong",
        asked: &["đồ uống", "thức uống", "nước uống", "giải khát", "nước giải khát"],
        heads: &["trà", "chè", "cà phê", "rượu", "nước ép", "sữa", "bia"],
        not: &["chè lam"],
        anywhere: &[],
        groups: &["do-uong"],
        food: true,
    },
    Kind {
        key: "lamdep",
        asked: &["làm đẹp", "dưỡng da", "chăm sóc da", "mỹ phẩm"],
        heads: &["tinh dầu", "xà phòng", "xà bông", "dầu gội", "dầu dừa", "son môi"],
        not: &[],
        anywhere: &["tinh dầu", "xà phòng", "xà bông", "dầu gội", "mỹ phẩm"],
        groups: &["my-pham"],
        food: false,
    },
    Kind {
        key: "dulich",
        asked: &["du lịch", "tham quan", "trải nghiệm", "nghỉ dưỡng", "lưu trú", "du lịch trải nghiệm"],
        heads: &["tour", "homestay", "gói", "vé"],
        not: &[],
        anywhere: &["homestay", "tour", "tham quan", "trải nghiệm"],
        groups: &["dich-vu-du-lich-nong-thon"],
        food: false,
    },
];

/// Words a name may start with before it says what the good is ("Hộp quà …", "Set …").
const PACKS: &[&str] =
    &["hộp", "set", "giỏ", "combo", "túi", "hũ", "lọ", "chai", "lốc", "thùng", "khay", "quà", "tặng", "biếu", "bộ"];

/// Where a name says what the good is: after the pack words and sizes it may start with.
fn head_start(syllables: &[String]) -> usize {
    syllables
        .iter()
        .position(|s| !PACKS.contains(&s.as_str()) && !s.chars().any(|c| c.is_ascii_digit()))
        .unwrap_or(syllables.len())
}

/// What a name says the good is: its first syllable and its first two glued, with their
/// marks ("Hộp quà Nước mắm Phú Quốc" → "nước", "nướcmắm"), pack words skipped. Goods
/// sharing them are the same good or its kin (nước mắm of another place, nấm of another
/// sort); marks kept, as "mâm" is no kin of "mắm".
pub(crate) fn heads(syllables: &[String]) -> Vec<String> {
    let head = &syllables[head_start(syllables)..];
    let mut out: Vec<String> = head.first().cloned().into_iter().collect();
    out.extend(head.get(..2).map(|two| two.concat()));
    out
}

/// Whether the syllables `at` start with `phrase` (words split on spaces).
fn starts(at: &[String], phrase: &str) -> bool {
    let mut at = at.iter();
    phrase.split(' ').all(|w| at.next().is_some_and(|s| s == w))
}

/// Whether `phrase` stands anywhere in `syllables`.
fn contains(syllables: &[String], phrase: &str) -> bool {
    (0..syllables.len()).any(|i| starts(&syllables[i..], phrase))
}

/// The kinds of a listing, from its name's syllables (lower case, with diacritics), group
/// and subcategory codes.
pub(crate) fn of_listing(syllables: &[String], group: &str, subcategory: Option<&str>) -> Vec<&'static str> {
    let start = head_start(syllables);
    let names = names();
    let (mut head, mut not, mut anywhere) = ([false; KINDS.len()], [false; KINDS.len()], [false; KINDS.len()]);
    for (i, syllable) in syllables.iter().enumerate() {
        for (kind, phrase, part) in names.get(syllable.as_str()).into_iter().flatten() {
            let here = starts(&syllables[i..], phrase);
            match part {
                Part::Head if here && i == start => head[*kind] = true,
                Part::Not if here && i == start => not[*kind] = true,
                Part::Anywhere if here => anywhere[*kind] = true,
                _ => {}
            }
        }
    }
    let mut kinds: Vec<&'static str> = KINDS
        .iter()
        .enumerate()
        .filter(|(i, k)| {
            (head[*i] && !not[*i] && (!k.food || FOOD_GROUPS.contains(&group)))
                || anywhere[*i]
                || k.groups.iter().any(|g| *g == group || Some(*g) == subcategory)
        })
        .map(|(_, k)| k.key)
        .collect();
    // Fruit dried to chew on ("Xoài sấy dẻo", "Mít sấy") is a snack as well.
    if kinds.contains(&"traicay")
        && !kinds.contains(&"anvat")
        && (contains(syllables, "sấy") || contains(syllables, "mứt"))
    {
        kinds.push("anvat");
    }
    kinds
}

/// Which part of a kind a phrase of a name is.
#[derive(Clone, Copy)]
enum Part {
    Head,
    Not,
    Anywhere,
}

/// First syllable → (index in [`KINDS`], phrase, part).
type Names = HashMap<&'static str, Vec<(usize, &'static str, Part)>>;

/// Every phrase of [`KINDS`] that a name may hold, by its first syllable: a listing is
/// looked up syllable by syllable instead of tried against every phrase.
fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = Names::new();
        for (i, k) in KINDS.iter().enumerate() {
            let parts = [(k.heads, Part::Head), (k.not, Part::Not), (k.anywhere, Part::Anywhere)];
            for (phrases, part) in parts {
                for phrase in phrases {
                    let first = phrase.split(' ').next().unwrap_or(phrase);
                    names.entry(first).or_default().push((i, phrase, part));
                }
            }
        }
        names
    })
}

/// Phrases looked for in what a shopper typed, each with a tag: matched syllable by
/// syllable as typed, or, where a syllable was typed bare, against the phrase folded.
/// Split and folded once, so a query costs comparisons only.
pub(crate) struct Phrases<T: 'static> {
    phrases: Vec<(T, Vec<&'static str>, Vec<String>)>,
}

impl<T: Copy> Phrases<T> {
    pub(crate) fn new(phrases: impl IntoIterator<Item = (T, &'static str)>) -> Self {
        let mut phrases: Vec<_> = phrases
            .into_iter()
            .map(|(tag, p)| (tag, p.split(' ').collect::<Vec<_>>(), p.split(' ').map(fold).collect::<Vec<_>>()))
            .collect();
        // The longest way of asking wins.
        phrases.sort_by_key(|(_, words, _)| std::cmp::Reverse(words.len()));
        Self { phrases }
    }

    /// The tag and length of the longest phrase starting at `typed[i]`; `folded` is
    /// `typed` folded.
    pub(crate) fn at(&self, typed: &[String], folded: &[String], i: usize) -> Option<(T, usize)> {
        self.phrases.iter().find_map(|(tag, words, bare)| {
            let n = words.len();
            let (t, f) = (typed.get(i..i + n)?, folded.get(i..i + n)?);
            let same = (0..n).all(|j| t[j] == words[j] || (t[j] == f[j] && f[j] == bare[j]));
            same.then_some((*tag, n))
        })
    }
}

fn asked() -> &'static Phrases<&'static str> {
    static ASKED: OnceLock<Phrases<&'static str>> = OnceLock::new();
    ASKED.get_or_init(|| Phrases::new(KINDS.iter().flat_map(|k| k.asked.iter().map(|a| (k.key, *a)))))
}

/// A kind asked for in a query, and the words it was asked with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub key: &'static str,
    pub typed: Vec<String>,
}

/// Splits the kinds asked for off a query's words (the longest way of asking wins).
pub(crate) fn extract(tokens: &[String]) -> (Vec<String>, Vec<Asked>) {
    let folded: Vec<String> = tokens.iter().map(|t| fold(t)).collect();
    let mut rest = Vec::with_capacity(tokens.len());
    let mut kinds: Vec<Asked> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match asked().at(tokens, &folded, i) {
            Some((key, n)) => {
                if !kinds.iter().any(|k| k.key == key) {
                    kinds.push(Asked { key, typed: tokens[i..i + n].to_vec() });
                }
                i += n;
            }
            None => {
                rest.push(tokens[i].clone());
                i += 1;
            }
        }
    }
    (rest, kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syl(s: &str) -> Vec<String> {
        crate::query::syllables(s)
    }

    #[test]
    fn a_name_says_its_kind_by_what_it_starts_with() {
        assert_eq!(of_listing(&syl("Xoài cát Hòa Lộc"), "thuc-pham", Some("nong-san")), vec!["traicay"]);
        assert!(of_listing(&syl("Dứa sấy dẻo Tân Phước"), "thuc-pham", None).contains(&"anvat"));
        assert!(!of_listing(&syl("Rượu mơ Yên Tử"), "do-uong", Some("co-con")).contains(&"traicay"));
        assert!(!of_listing(&syl("Dưa cải muối chua"), "thuc-pham", None).contains(&"traicay"));
        assert!(of_listing(&syl("Hộp quà chè Tân Cương"), "do-uong", Some("tra")).contains(&"douong"));
        assert!(of_listing(&syl("Sá sùng khô Quan Lạn"), "thuc-pham", None).contains(&"haisan"));
        assert!(of_listing(&syl("Sá sùng khô Quan Lạn"), "thuc-pham", None).contains(&"dokho"));
        assert!(!of_listing(&syl("Cà phê phin giấy"), "do-uong", None).contains(&"haisan"));
        assert!(!of_listing(&syl("Bánh tráng Củ Chi"), "thuc-pham", None).contains(&"banhkeo"));
        assert!(of_listing(&syl("Bánh đậu xanh Hải Dương"), "thuc-pham", None).contains(&"banhkeo"));
    }

    #[test]
    fn a_name_says_what_good_it_is_first() {
        assert_eq!(heads(&syl("Hộp quà Nước mắm Phú Quốc")), ["nước", "nướcmắm"]);
        assert_eq!(heads(&syl("Mâm đồng chạm khắc")), ["mâm", "mâmđồng"]);
        assert_eq!(heads(&syl("Set 2 chai Rượu")), ["rượu"]);
        assert!(heads(&syl("Hộp 500g")).is_empty());
    }

    #[test]
    fn kinds_asked_for_come_off_the_words() {
        let keys = |q: &str| {
            let (rest, kinds) = extract(&syl(q));
            (rest, kinds.into_iter().map(|k| k.key).collect::<Vec<_>>())
        };
        assert_eq!(keys("hải sản khô"), (syl("khô"), vec!["haisan"]));
        assert_eq!(keys("trai cay say"), (syl("say"), vec!["traicay"]));
        assert_eq!(keys("đồ ăn vặt"), (vec![], vec!["anvat"]));
        assert_eq!(keys("mật ong"), (syl("mật ong"), vec![]));
        // Typed with other marks it is another word: "hải sạn" is not seafood.
        assert_eq!(keys("hải sạn").1, Vec::<&str>::new());
        assert_eq!(extract(&syl("Hải Sản tươi")).1[0].typed, syl("hải sản"));
    }
}
