//! Decoding Vietnamese typed with the input method off: Telex ("banhs ddaauj" → "bánh
//! đậu") and VNI ("mie61n" → "miến"). A word that is not such input comes back unchanged.

use unicode_normalization::UnicodeNormalization;

const TONES_TELEX: [(char, char); 5] =
    [('s', '\u{301}'), ('f', '\u{300}'), ('r', '\u{309}'), ('x', '\u{303}'), ('j', '\u{323}')];
const TONES_VNI: [(char, char); 5] =
    [('1', '\u{301}'), ('2', '\u{300}'), ('3', '\u{309}'), ('4', '\u{303}'), ('5', '\u{323}')];
const VOWELS: &str = "aăâeêioôơuưy";

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// Puts `tone` (a combining mark) on the right vowel of a syllable without tone marks.
fn place_tone(word: &str, tone: char) -> String {
    let chars: Vec<char> = word.chars().collect();
    let vowels: Vec<usize> = (0..chars.len()).filter(|&i| is_vowel(chars[i])).collect();
    let Some(&last) = vowels.last() else { return word.to_owned() };
    // "qu" and "gi" start a syllable: their u / i are not the nucleus.
    let nucleus: Vec<usize> = vowels
        .iter()
        .copied()
        .filter(|&i| {
            !(i == 1
                && ((chars[0] == 'q' && chars[1] == 'u') || (chars[0] == 'g' && chars[1] == 'i' && vowels.len() > 1)))
        })
        .collect();
    let nucleus = if nucleus.is_empty() { vec![last] } else { nucleus };
    let target = if let Some(&i) = nucleus.iter().find(|&&i| "ăâêôơư".contains(chars[i])) {
        // A vowel with its own mark carries the tone; in ươ it is the ơ.
        if chars[i] == 'ư' && nucleus.iter().any(|&j| chars[j] == 'ơ') {
            nucleus.iter().copied().find(|&j| chars[j] == 'ơ').unwrap_or(i)
        } else {
            i
        }
    } else if *nucleus.last().unwrap_or(&last) + 1 < chars.len() || nucleus.len() == 3 {
        // A final consonant follows (or three vowels): the tone sits on the last or middle vowel.
        if nucleus.len() == 3 { nucleus[1] } else { *nucleus.last().unwrap_or(&last) }
    } else if nucleus.len() >= 2 {
        // Open syllables with two vowels: the new style puts it on the second (hoà, thuý).
        let pair: String = nucleus.iter().map(|&i| chars[i]).collect();
        if matches!(pair.as_str(), "oa" | "oe" | "uy") { nucleus[1] } else { nucleus[0] }
    } else {
        nucleus[0]
    };
    let mut out = String::with_capacity(word.len() + 2);
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i == target {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// Consonants a Vietnamese syllable may start with, longest first.
const INITIALS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x",
];
/// Consonants it may end with, longest first.
const FINALS: [&str; 8] = ["ng", "nh", "ch", "c", "m", "n", "p", "t"];
/// Vowel groups (tone marks aside) a syllable may have; those ending in a glide take no
/// final consonant.
const NUCLEI: [&str; 34] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe", "oo", "ua", "uâ", "uê",
    "uô", "uơ", "ưa", "ươ", "uy", "uyê", "ia", "ya", "uya", "oă", "ôô", "uo", "ưo",
];
const GLIDED: [&str; 28] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu", "iêu", "yêu", "oai",
    "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uyu", "uai", "uau",
];

/// The syllable without its tone mark (hats, breve and horn kept), NFC.
fn toneless(s: &str) -> String {
    s.nfd().filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')).nfc().collect()
}

/// Whether `word` (lower case) reads as one Vietnamese syllable: an initial, a vowel group
/// and a final that go together. Used to choose between a word as typed and its Telex or
/// VNI reading, so "coffee", "arabica" or "ocop" are not turned into something else.
pub fn is_syllable(word: &str) -> bool {
    let plain = toneless(word);
    let mut rest = plain.as_str();
    if let Some(initial) = INITIALS.iter().find(|i| rest.starts_with(**i)) {
        // "gi" and "qu" keep their vowel when nothing else follows: gì, gin, quy.
        let after = &rest[initial.len()..];
        let vowel_follows = after.chars().next().is_some_and(is_vowel);
        if vowel_follows || !matches!(*initial, "gi" | "qu") {
            rest = after;
        } else {
            rest = &rest[1..];
        }
    }
    let final_len = FINALS.iter().find(|f| rest.ends_with(**f) && rest.len() > f.len()).map_or(0, |f| f.len());
    let (nucleus, final_) = rest.split_at(rest.len() - final_len);
    if nucleus.is_empty() || !nucleus.chars().all(is_vowel) {
        return false;
    }
    if final_.is_empty() { NUCLEI.contains(&nucleus) || GLIDED.contains(&nucleus) } else { NUCLEI.contains(&nucleus) }
}

fn hat(c: char) -> Option<char> {
    match c {
        'a' => Some('â'),
        'e' => Some('ê'),
        'o' => Some('ô'),
        _ => None,
    }
}

fn horn(c: char) -> Option<char> {
    match c {
        'a' => Some('ă'),
        'o' => Some('ơ'),
        'u' => Some('ư'),
        _ => None,
    }
}

/// A hook or breve asked for after the vowels were typed (Telex "nuocw", "muaw"; VNI
/// "nuoc7"): on ươ for uo, on u for other groups with u (not after q), else on o, else a.
fn horn_nucleus(out: &mut [char], breve_only: bool) {
    let vowels: Vec<usize> = (0..out.len()).filter(|&i| is_vowel(out[i])).collect();
    let after_q = |i: usize| i > 0 && out[i - 1] == 'q';
    if breve_only {
        if let Some(&i) = vowels.iter().find(|&&i| out[i] == 'a') {
            out[i] = 'ă';
        }
        return;
    }
    if let Some(w) = vowels.windows(2).find(|w| out[w[0]] == 'u' && out[w[1]] == 'o' && w[1] == w[0] + 1) {
        out[w[0]] = 'ư';
        out[w[1]] = 'ơ';
    } else if let Some(&i) = vowels.iter().find(|&&i| out[i] == 'u' && !after_q(i)) {
        out[i] = 'ư';
    } else if let Some(&i) = vowels.iter().find(|&&i| out[i] == 'o') {
        out[i] = 'ơ';
    } else if let Some(&i) = vowels.iter().find(|&&i| out[i] == 'a') {
        out[i] = 'ă';
    }
}

/// ưo and uơ before more letters are ươ (Telex "ruwouj", "huowng"; what input methods do).
fn settle_uo(out: &mut [char]) {
    for i in 0..out.len().saturating_sub(2) {
        if matches!((out[i], out[i + 1]), ('ư', 'o') | ('u', 'ơ')) {
            out[i] = 'ư';
            out[i + 1] = 'ơ';
        }
    }
    if out.len() >= 2 && out[out.len() - 2] == 'ư' && out[out.len() - 1] == 'o' {
        let n = out.len();
        out[n - 1] = 'ơ';
    }
}

/// Telex typed with the input method off: dd → đ, aa/ee/oo → â/ê/ô (also typed after the
/// final, "tana" → tân), w → ă/ơ/ư (after the vowel, after the final, or alone as ư), and a
/// tone key (s f r x j; z clears) anywhere after the first vowel ("masm", "mams").
fn telex(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut tone = None;
    let mut changed = false;
    let mut i = 0;
    if chars.starts_with(&['d', 'd']) {
        out.push('đ');
        i = 2;
        changed = true;
    }
    let mut late_horn = false;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let seen_vowel = out.iter().any(|&v| is_vowel(v));
        if seen_vowel && let Some(&(_, mark)) = TONES_TELEX.iter().find(|(k, _)| *k == c) {
            tone = Some(mark);
            changed = true;
            continue;
        }
        if seen_vowel && c == 'z' {
            tone = None;
            changed = true;
            continue;
        }
        if c == 'w' {
            changed = true;
            match out.last().copied() {
                Some(last) if horn(last).is_some() => {
                    let n = out.len();
                    let before = if n >= 2 { Some(out[n - 2]) } else { None };
                    // "uow" is ươ; "uaw" is ưa (mưa), except after q (quăng); "uouw" is ươu.
                    if last == 'o' && before == Some('u') {
                        out[n - 2] = 'ư';
                        out[n - 1] = 'ơ';
                    } else if last == 'a' && before == Some('u') && !(n >= 3 && out[n - 3] == 'q') {
                        out[n - 2] = 'ư';
                    } else if last == 'u' && before.is_some_and(is_vowel) {
                        horn_nucleus(&mut out, false);
                    } else {
                        out[n - 1] = horn(last).unwrap_or(last);
                    }
                }
                _ if !seen_vowel => out.push('ư'),
                _ => late_horn = true,
            }
            continue;
        }
        if let Some(hatted) = hat(c) {
            if out.last() == Some(&c) {
                let n = out.len();
                out[n - 1] = hatted;
                changed = true;
                continue;
            }
            // The same vowel again after the final consonant: a hat on the vowel typed.
            if seen_vowel
                && out.last().is_some_and(|l| !is_vowel(*l))
                && let Some(j) = out.iter().rposition(|&v| v == c)
            {
                out[j] = hatted;
                changed = true;
                continue;
            }
        }
        out.push(c);
    }
    if !changed {
        return None;
    }
    if late_horn {
        horn_nucleus(&mut out, false);
    }
    settle_uo(&mut out);
    let body: String = out.into_iter().collect();
    Some(match tone {
        Some(mark) => place_tone(&body, mark),
        None => body,
    })
}

/// VNI: 1–5 tones (0 clears), 6 a hat, 7 a hook, 8 a breve, 9 đ, each right after its
/// letter or later in the syllable ("mat65", "nuoc71").
fn vni(word: &str) -> Option<String> {
    if !word.chars().any(|c| c.is_ascii_digit()) || !word.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out: Vec<char> = Vec::with_capacity(word.len());
    let mut tone = None;
    for c in word.chars() {
        let last = out.last().copied();
        match c {
            '1'..='5' if out.iter().any(|&v| is_vowel(v)) => {
                tone = TONES_VNI.iter().find(|(k, _)| *k == c).map(|(_, m)| *m);
            }
            '0' if out.iter().any(|&v| is_vowel(v)) => tone = None,
            '6' => {
                if let Some(h) = last.and_then(hat) {
                    let n = out.len();
                    out[n - 1] = h;
                } else if let Some(j) = out.iter().rposition(|&v| hat(v).is_some()) {
                    out[j] = hat(out[j]).unwrap_or(out[j]);
                } else {
                    return None;
                }
            }
            '7' => {
                let n = out.len();
                match last {
                    Some('o') if n >= 2 && out[n - 2] == 'u' => {
                        out[n - 2] = 'ư';
                        out[n - 1] = 'ơ';
                    }
                    Some(l @ ('o' | 'u')) => out[n - 1] = horn(l).unwrap_or(l),
                    Some('ơ' | 'ư') => {}
                    _ if out.iter().any(|&v| matches!(v, 'o' | 'u')) => horn_nucleus(&mut out, false),
                    _ => return None,
                }
            }
            '8' => {
                if last == Some('a') {
                    let n = out.len();
                    out[n - 1] = 'ă';
                } else if out.contains(&'a') {
                    horn_nucleus(&mut out, true);
                } else {
                    return None;
                }
            }
            '9' => match out.iter().position(|&d| d == 'd') {
                Some(j) => out[j] = 'đ',
                None => return None,
            },
            _ if c.is_ascii_digit() => return None,
            _ => out.push(c),
        }
    }
    settle_uo(&mut out);
    let body: String = out.into_iter().collect();
    Some(match tone {
        Some(mark) => place_tone(&body, mark),
        None => body,
    })
}

/// Letters a syllable typed with the input method off (or half on) may hold: ASCII and the
/// vowels with a hat, breve or hook, but no tone mark yet.
fn undecided(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphanumeric() || "ăâêôơưđ".contains(c))
}

/// The word as Vietnamese when it looks typed in Telex or VNI; `None` otherwise. Each
/// syllable is decoded on its own and the reading is kept only when it is a Vietnamese
/// syllable and the word as typed is not one, so "coffee", "arabica" or "ST25" stay as they
/// are, while "banhs", "MAATJ", "masm", "nuocw", "tana", "mâtj" or "mie61n" decode.
pub fn decode(word: &str) -> Option<String> {
    let lower: String = word.nfc().collect::<String>().to_lowercase();
    if lower.chars().count() < 2 || !undecided(&lower) {
        return None;
    }
    let reading = vni(&lower).or_else(|| telex(&lower))?;
    (reading != lower && is_syllable(&reading) && !is_syllable(&lower)).then_some(reading)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn telex_words_become_vietnamese() {
        for (typed, meant) in [
            ("banhs", "bánh"),
            ("ddaauj", "đậu"),
            ("ddaaux", "đẫu"),
            ("mieens", "miến"),
            ("nuwowcs", "nước"),
            ("maws", "mắ"),
            ("mawms", "mắm"),
            ("hoaf", "hoà"),
            ("truwowngf", "trường"),
            ("quys", "quý"),
        ] {
            assert_eq!(decode(typed).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn vni_words_become_vietnamese() {
        assert_eq!(decode("mie61n").as_deref(), Some("miến"));
        assert_eq!(decode("d9a65u").as_deref(), Some("đậu"));
        assert_eq!(decode("nu7o71c").as_deref(), Some("nước"));
    }

    #[test]
    fn plain_words_stay_as_they_are() {
        for word in ["tra", "mien", "dong", "ocop", "4", "500g", "trà", "hoa", "xoong", "sen"] {
            assert_eq!(decode(word), None, "{word}");
        }
    }

    #[test]
    fn tone_keys_in_the_middle_or_at_the_end() {
        for (typed, meant) in [("masm", "mám"), ("mams", "mám"), ("mawsm", "mắm"), ("mawms", "mắm"), ("bacj", "bạc")]
        {
            assert_eq!(decode(typed).as_deref(), Some(meant), "{typed}");
        }
        assert_eq!(decode("hoafz").as_deref(), Some("hoa"), "z clears the tone");
    }

    #[test]
    fn dd_uow_and_doubled_vowels() {
        for (typed, meant) in [
            ("ddaauj", "đậu"),
            ("ddwowngf", "đường"),
            ("ddanf", "đàn"),
            ("nuwowcs", "nước"),
            ("nuocws", "nước"),
            ("ruwouj", "rượu"),
            ("ruouwj", "rượu"),
            ("buwowir", "bưởi"),
            ("duwaf", "dừa"),
            ("duaw", "dưa"),
            ("mwts", "mứt"),
            ("tana", "tân"),
            ("ruoocs", "ruốc"),
            ("taay", "tây"),
            ("mawcs", "mắc"),
            ("quawngs", "quắng"),
        ] {
            assert_eq!(decode(typed).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn upper_case_and_half_typed_syllables() {
        assert_eq!(decode("MAATJ").as_deref(), Some("mật"));
        assert_eq!(decode("Ddanf").as_deref(), Some("đàn"));
        assert_eq!(decode("RUNGF").as_deref(), Some("rùng"));
        // The input method was on for the hat, off for the tone.
        assert_eq!(decode("mâtj").as_deref(), Some("mật"));
        assert_eq!(decode("mật"), None, "already marked");
    }

    #[test]
    fn english_words_and_brand_names_are_not_mangled() {
        for word in ["coffee", "arabica", "robusta", "oolong", "vinamilk", "st25", "ri6", "combo", "cafe", "organic"] {
            assert_eq!(decode(word), None, "{word}");
        }
    }

    #[test]
    fn vni_marks_after_the_vowel_or_later() {
        for (typed, meant) in [
            ("ma65t", "mật"),
            ("mat65", "mật"),
            ("mu75c", "mực"),
            ("d9u7o7ng2", "đường"),
            ("nuoc71", "nước"),
            ("Ba81c", "bắc"),
            ("ru7o7u5", "rượu"),
        ] {
            assert_eq!(decode(typed).as_deref(), Some(meant), "{typed}");
        }
    }

    #[test]
    fn syllables_are_told_from_other_words() {
        for s in ["mắm", "nghiêng", "quý", "gì", "khuya", "hoà", "thuở", "xoong", "ươi", "gia"] {
            assert!(super::is_syllable(s), "{s}");
        }
        for s in ["coffee", "banhs", "mieens", "ocop", "st25", "tana", "arabica"] {
            assert!(!super::is_syllable(s), "{s}");
        }
    }
}
