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

fn telex(word: &str) -> Option<String> {
    let mut body = word.to_owned();
    let mut tone = None;
    if let Some(last) = body.chars().last()
        && body.chars().count() > 1
        && let Some(&(_, mark)) = TONES_TELEX.iter().find(|(k, _)| *k == last)
        && body.chars().any(is_vowel)
    {
        tone = Some(mark);
        body.pop();
    }
    let mut out = body.replace("dd", "đ").replace("uow", "ươ").replace("aa", "â").replace("ee", "ê").replace("oo", "ô");
    out = out.replace("aw", "ă").replace("ow", "ơ").replace("uw", "ư").replace('w', "ư");
    if out == word {
        return None;
    }
    Some(match tone {
        Some(mark) => place_tone(&out, mark),
        None => out,
    })
}

fn vni(word: &str) -> Option<String> {
    if !word.chars().any(|c| c.is_ascii_digit()) || !word.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = String::new();
    let mut tone = None;
    for c in word.chars() {
        let previous = out.pop();
        match (previous, c) {
            (Some('a'), '6') => out.push('â'),
            (Some('e'), '6') => out.push('ê'),
            (Some('o'), '6') => out.push('ô'),
            (Some('a'), '8') => out.push('ă'),
            (Some('o'), '7') => out.push('ơ'),
            (Some('u'), '7') => out.push('ư'),
            (Some('d'), '9') => out.push('đ'),
            (p, d) if TONES_VNI.iter().any(|(k, _)| *k == d) => {
                out.extend(p);
                tone = TONES_VNI.iter().find(|(k, _)| *k == d).map(|(_, m)| *m);
            }
            (p, ch) => {
                out.extend(p);
                out.push(ch);
            }
        }
    }
    if out.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(match tone {
        Some(mark) => place_tone(&out, mark),
        None => out,
    })
}

/// The word as Vietnamese when it looks typed in Telex or VNI; `None` otherwise. Only plain
/// ASCII words are decoded: a word with diacritics was typed with the input method on.
pub fn decode(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if !lower.is_ascii() || lower.len() < 2 {
        return None;
    }
    vni(&lower).or_else(|| telex(&lower)).filter(|d| *d != lower)
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
        for word in ["tra", "mien", "dong", "ocop", "4", "500g", "trà"] {
            assert_eq!(decode(word), None, "{word}");
        }
    }
}
