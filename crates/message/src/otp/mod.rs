//! Verification-code (OTP) extraction: [`extract`] finds the code a phone
//! would offer to autofill in an SMS, or says there is none.
//!
//! # How
//!
//! One pass over the text collects *candidates* and, only if there are
//! any, a second collects *keyword hits*; both live in fixed-size scratch
//! arrays of the thread's (made once, not cleared per call: only what a
//! call writes is read), so a call allocates nothing but the returned code.
//! Keyword tables are merged and bucketed (by their first two characters)
//! at compile time, with the pre-filter tables of the scan; the keyword
//! lists by first two (three, four) ASCII characters are derived from them
//! once, on first use: nothing is built per call, no regex.
//!
//! - **Scanning**: both passes go byte by byte and decode only non-ASCII
//!   characters. The candidate pass skips whole ASCII words on a byte table
//!   and non-ASCII characters that cannot be digits on their first byte.
//!   The keyword pass skips most positions on their first byte alone (no
//!   keyword starts with it, or only at a word start and this is inside a
//!   word); where the first two characters (folded) are ASCII, it tries the
//!   keywords starting with them and the third (and the fourth, for the
//!   longer lists), comparing the text in keyword form eight bytes at a
//!   time, against each keyword's ASCII prefix first; where a keyword's
//!   first three characters are known to agree, a character-by-character
//!   comparison starts after them; elsewhere it filters on the first
//!   character and a bit set of first-character pairs before trying the
//!   keywords of the buckets. The hits are those, in the order, of trying
//!   every keyword of the buckets at every position, which a property test
//!   checks against the former implementation (`reference.rs`).
//! - **Scoring** goes through the candidate–keyword pairs, but counts the
//!   sentence breaks between the two only when that keyword could beat the
//!   best score so far without any, and from the first byte that may be
//!   one; the token around a number is checked for URL and e-mail marks in
//!   one walk over its bytes.
//!
//! - **Numeric candidates**: a run of 4 to 8 digits, or two groups of 3 (or
//!   of 4) joined by one space or dash ("123-456" and "123 456" both give
//!   `123456`, as phones autofill them). Digit groups joined by `.`, `,`,
//!   `/`, `:`, other group sizes and longer chains of groups are amounts,
//!   dates, times, phone numbers or IBAN parts and never candidates; neither
//!   is a run touching a Latin, Greek or Cyrillic letter (`XX4821`, `1250р`,
//!   `SF1234567890123`, `BA2490`). Digits may touch CJK, Hangul, Thai, Arabic
//!   or Devanagari letters (`验证码482913，`, `590271입니다`).
//! - **Alphanumeric candidates** (`A7K9QZ`, `4VK2J`): 4 to 10 ASCII letters
//!   and digits, letters and digits interleaved (two switches at least, so
//!   not `SUMMER50` nor `Guest2024`), only right after a strong keyword and
//!   at most a connector ("Your code: A7K9QZ", "code is X4B9T2"). Lowercase
//!   letters only in tokens of 6 or more (a temporary password such as
//!   `Xk29Lp8q`); letters only (`RKXTV`) only in capitals, 5 or more, after
//!   a colon. Never in a promotional message, never a label (followed by a
//!   colon), never one group of a dashed code (`7KQ2-9XBM`).
//! - **Keywords** in about 30 languages (English, Spanish, Portuguese,
//!   French, German, Italian, Dutch, Swedish, Polish, Czech, Romanian,
//!   Turkish, Russian, Ukrainian, Greek, Hebrew, Arabic, Persian, Urdu, Hindi,
//!   Marathi, Bengali, Tamil, Telugu, Indonesian, Malay, Vietnamese, Thai,
//!   Chinese, Japanese, Korean): "code", "OTP", "PIN", "password", "TAN",
//!   "код", "пароль", "رمز", "验证码", "인증번호", "รหัส"... with a weight;
//!   weak ones ("verify", "confirm", "log in" in each language) only count
//!   right next to the number. "Promo code", "zip code", "confirmation
//!   number", "优惠码", "รหัสอ้างอิง"... cancel the "code" they contain.
//! - **Disqualifiers**: a number shortly after "call", "order", "tracking",
//!   "ref", "card", "ending", "尾号", "电话"... (unless a code keyword stands
//!   in between, or digits), right before a currency or unit ("р.", "MB",
//!   "บาท", "年", "%"), right after `*`, `#`, `№`, `+`, `@`, a currency sign
//!   or `...` (masked cards, order numbers, phone numbers, handles), inside
//!   a URL or e-mail address, or inside `【...】` (a Chinese sender name).
//!   "Account"-like words ("account", "لحساب", "طلب") give way when a code
//!   keyword comes first in the sentence and a connector leads to the
//!   number: "the code for your account is 123456".
//! - **Score**: each surviving candidate scores by its nearest code keyword,
//!   before or after it: the keyword's weight times a decay with the
//!   distance in characters, lowered by each sentence break in between and
//!   halved when another candidate stands closer. `G-123456` and `FB-12345`
//!   prefixes add to it, other letter prefixes (`INV-482913`) and year-like
//!   numbers (1900 to 2099) take away, and so does a promotional message. A
//!   message that is nothing but the number (maybe with the SMS Retriever
//!   marker `<#>` and an app hash) scores 50. The best candidate at or above
//!   [`THRESHOLD`] wins; ties go to the first.
//!
//! # Decisions
//!
//! - Arabic-Indic (`٠`-`٩`), Persian (`۰`-`۹`), Devanagari (`०`-`९`), Bengali,
//!   the other Indic scripts, Thai, Lao, Myanmar, Khmer, Mongolian, NKo and
//!   full-width (`０`-`９`) digits are recognized and **normalized to ASCII**
//!   in [`Otp::code`]: every service accepts ASCII digits, and that is what
//!   a customer copies or a phone autofills. [`Otp::span`] still points at
//!   the digits as written.
//! - A card or account "ending 1234" is not a code, nor is any number right
//!   after "ending", "card", "account", "尾号", "XX" or `*`.
//! - A promo, coupon, booking, tracking or reference code is not a
//!   verification code, even when called a "code".
//! - Alphanumeric codes keep their case; prefixes (`G-`, `FB-`) are dropped
//!   from the code, separators inside a joined code too.
//! - Only the first 32 candidates and 96 keyword hits of a message are
//!   considered; later ones are ignored (verification messages are far
//!   shorter than that).

mod keywords;
#[cfg(test)]
mod reference;

use compact_str::CompactString;
use core::cell::RefCell;
use core::ops::Range;

use keywords::{
    ASCII_CLASS, ASCII_PAIRS, B_ALNUM, B_ANY, B_WIDE, B_WORD, Class, Kw, MAY_ANY, Mode, PairKw,
    SCAN_BYTE, STARTS, TABLE, fold, is_keyword_space, keyword_class,
};

/// A verification code found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Otp {
    /// The code as a phone would autofill it: ASCII digits (whatever digits
    /// the message used) without separators or `G-`-style prefix, or an
    /// alphanumeric code as written.
    pub code: CompactString,
    /// Byte range of the code in the message, as written: separators of a
    /// joined code ("123-456") included, a `G-` prefix excluded.
    pub span: Range<usize>,
    /// Confidence, 0 to 100: [`THRESHOLD`] is the least that is returned;
    /// 90 and above means a strong keyword right next to the code.
    pub score: u8,
}

/// The least score a candidate needs to be returned.
pub const THRESHOLD: u8 = 30;

/// Finds the verification code in `text`, if there is one.
///
/// ```
/// use inlet_message::otp::extract;
///
/// let otp = extract("G-123456 is your Google verification code.").expect("a code");
/// assert_eq!(otp.code, "123456");
/// assert_eq!(extract("Your WhatsApp code: 482-913").expect("a code").code, "482913");
/// assert_eq!(extract("Your code: A7K9QZ").expect("a code").code, "A7K9QZ");
/// assert_eq!(extract("Card ending 1234 debited USD 48.29 on 12/05/2024"), None);
/// ```
#[must_use]
pub fn extract(text: &str) -> Option<Otp> {
    // (Candidates and hits go to scratch arrays of the thread's rather
    // than to arrays on the stack: filling 3.5 KiB on every call was a
    // tenth of the time.)
    SCRATCH.with_borrow_mut(|(cands, hits)| {
        let n = find_candidates(text, cands);
        if n == 0 {
            return None;
        }
        judge(text, &mut cands[..n], hits)
    })
}

thread_local! {
    /// Scratch space for the candidates and keyword hits of [`extract`]:
    /// only what a call writes is read.
    static SCRATCH: RefCell<([Cand; MAX_CANDS], [Hit; MAX_HITS])> =
        const { RefCell::new(([Cand::EMPTY; MAX_CANDS], [Hit::EMPTY; MAX_HITS])) };
}

/// The rest of [`extract`], with the candidates found and space for the
/// keyword hits.
fn judge(text: &str, cands: &mut [Cand], hits: &mut [Hit; MAX_HITS]) -> Option<Otp> {
    let h = scan_keywords(text, hits);
    let hits = &mut hits[..h];
    resolve_overlaps(hits);
    let promo = hits.iter().any(|h| h.live && h.class == Class::Promo);

    for c in cands.iter_mut() {
        c.viable = is_viable(text, c, hits, promo);
    }

    let mut best: Option<(i32, usize)> = None;
    for i in 0..cands.len() {
        if !cands[i].viable {
            continue;
        }
        let s = score(text, i, cands, hits, promo);
        if s >= i32::from(THRESHOLD) && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    let (s, i) = best?;
    let c = &cands[i];
    Some(Otp {
        code: build_code(text, c),
        span: c.start..c.end,
        score: u8::try_from(s.clamp(0, 100)).unwrap_or(100),
    })
}

const MAX_CANDS: usize = 32;
const MAX_HITS: usize = 96;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// 4 to 8 digits.
    Digits,
    /// Two groups of 3 (or of 4) digits joined by a space or a dash.
    Joined,
    /// ASCII letters and digits.
    Alnum,
}

#[derive(Clone, Copy, Debug)]
struct Cand {
    start: usize,
    end: usize,
    kind: Kind,
    /// Prefix, length and year adjustments to the score.
    bonus: i32,
    viable: bool,
}

impl Cand {
    const EMPTY: Cand = Cand {
        start: 0,
        end: 0,
        kind: Kind::Digits,
        bonus: 0,
        viable: false,
    };
}

#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    class: Class,
    live: bool,
}

impl Hit {
    const EMPTY: Hit = Hit {
        start: 0,
        end: 0,
        class: Class::Promo,
        live: false,
    };

    fn weight(&self) -> Option<i32> {
        match self.class {
            Class::Pos(w) if self.live => Some(i32::from(w)),
            _ => None,
        }
    }
}

// ------------------------------------------------------------------ chars

/// The value of a decimal digit of any script we normalize.
#[inline]
fn digit_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return Some(c as u32 - '0' as u32);
    }
    let cp = c as u32;
    if cp < 0x0660 {
        return None;
    }
    // The zero of the digit block the code point's 16-block holds, if any.
    let zero = match cp >> 4 {
        0x066 => 0x0660, // Arabic-Indic
        0x06F => 0x06F0, // Extended Arabic-Indic (Persian, Urdu)
        0x07C => 0x07C0, // NKo
        0x096 => 0x0966, // Devanagari
        0x09E => 0x09E6, // Bengali
        0x0A6 => 0x0A66, // Gurmukhi
        0x0AE => 0x0AE6, // Gujarati
        0x0B6 => 0x0B66, // Oriya
        0x0BE => 0x0BE6, // Tamil
        0x0C6 => 0x0C66, // Telugu
        0x0CE => 0x0CE6, // Kannada
        0x0D6 => 0x0D66, // Malayalam
        0x0DE => 0x0DE6, // Sinhala Lith
        0x0E5 => 0x0E50, // Thai
        0x0ED => 0x0ED0, // Lao
        0x0F2 => 0x0F20, // Tibetan
        0x104 => 0x1040, // Myanmar
        0x109 => 0x1090, // Myanmar Shan
        0x17E => 0x17E0, // Khmer
        0x181 => 0x1810, // Mongolian
        0xFF1 => 0xFF10, // Full-width
        _ => return None,
    };
    (cp >= zero && cp < zero + 10).then(|| cp - zero)
}

#[inline]
fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Scripts written without spaces between words: a keyword may start or end
/// anywhere in them, and digits may touch them.
fn is_nospace(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1100..=0x11FF // Hangul Jamo
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3FFFF // CJK extensions
    )
}

/// Letters that glue to digits into one token (`XX4821`, `1250р`): Latin,
/// Greek, Cyrillic, Armenian, and the underscore.
fn blocks_digits(c: char) -> bool {
    c == '_'
        || (c.is_alphabetic() && {
            let cp = c as u32;
            cp < 0x0590 || (0x1E00..0x2000).contains(&cp)
        })
}

fn is_word_start(prev: Option<char>) -> bool {
    prev.is_none_or(|p| {
        if p.is_ascii() {
            !p.is_ascii_alphanumeric()
        } else {
            is_nospace(p) || !(is_common_letter(p) || p.is_alphanumeric())
        }
    })
}

fn is_word_end(next: Option<char>) -> bool {
    next.is_none_or(|n| {
        if n.is_ascii() {
            !n.is_ascii_alphabetic()
        } else {
            is_nospace(n) || !(is_common_letter(n) || n.is_alphabetic())
        }
    })
}

/// Letters of the busiest non-Latin blocks, without a Unicode table lookup:
/// basic Cyrillic and Arabic letters. (`false` means "look it up".)
#[inline]
fn is_common_letter(c: char) -> bool {
    matches!(c as u32, 0x0410..=0x044F | 0x0620..=0x064A)
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Separators inside one number: thousands and decimal separators, date
/// and time separators, phone-number spacing.
fn is_chain_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}'
            | '\u{202f}'
            | '\u{2009}'
            | '-'
            | '\u{2010}'
            | '\u{2011}'
            | '–'
            | '.'
            | ','
            | '/'
            | ':'
            | '\''
            | '٫'
            | '٬'
    )
}

/// Separators that may join two 3-digit halves of one code.
fn is_join_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '-' | '\u{2010}' | '\u{2011}'
    )
}

/// CJK units of time right after a number ("5分钟"): the number before the
/// separator is not part of it.
fn is_cjk_time_unit(c: char) -> bool {
    matches!(
        c,
        '分' | '秒' | '小' | '天' | '時' | '时' | '日' | '분' | '초'
    )
}

/// Characters that, right before a number, make it something else: masked
/// cards (`*4821`, `...5678`), order numbers (`#`, `№`), phone numbers
/// (`+`), handles and addresses (`@`, `/`), amounts (currency signs), a
/// percentage written first (`%30`).
const DISQ_BEFORE: &[char] = &[
    '*', '#', '№', '+', '@', '/', '\\', '$', '€', '£', '¥', '₹', '₽', '₺', '₩', '…', '.', '_', '&',
    '%', '~',
];

/// Characters that, right after a number, make it something else.
const DISQ_AFTER: &[char] = &[
    '%', '°', '€', '$', '£', '¥', '₹', '₽', '₺', '₩', '元', '円', '원', '年', '月', '@', '/', '\\',
    '_', '*', '+', '#', '№',
];

// ------------------------------------------------------------- candidates

/// Collects candidates into `out`; returns how many.
fn find_candidates(text: &str, out: &mut [Cand; MAX_CANDS]) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < text.len() && n < MAX_CANDS {
        let b = bytes[i];
        if b < 0x80 {
            let t = TOKEN_BYTE[usize::from(b)];
            if t == 0 {
                i += 1;
                continue;
            }
            // An ASCII token: letters and digits together make one token.
            // (What it holds is all that counts, not how many of each.)
            let mut j = i;
            let mut seen = 0;
            while let Some(&b) = bytes.get(j) {
                let t = TOKEN_BYTE[usize::from(b)];
                if t == 0 {
                    break;
                }
                seen |= t;
                j += 1;
            }
            let lower = seen & T_LOWER != 0;
            let len = j - i;
            if seen & (T_LOWER | T_UPPER) != 0 {
                // Letters: most words fail the length and case rules of
                // `alnum_candidate` already.
                let no_digit = seen & T_DIGIT == 0;
                let plain_word = !(4..=10).contains(&len)
                    || (no_digit && (lower || len < 5))
                    || (lower && len < 6);
                if !plain_word && let Some(c) = alnum_candidate(text, i, j, lower) {
                    out[n] = c;
                    n += 1;
                }
                i = j;
                continue;
            }
        } else if !matches!(b, 0xD9 | 0xDB | 0xDF | 0xE0 | 0xE1 | 0xEF) {
            // No digit of another script starts with this byte (they are
            // in U+0660..U+0669, U+06F0..U+06F9, U+07C0..U+07C9,
            // U+0966..U+1819 and U+FF10..U+FF19): skip the character.
            i += match b {
                ..0xE0 => 2,
                0xE0..0xF0 => 3,
                _ => 4,
            };
            continue;
        }
        let Some(c) = char_at(text, i) else { break };
        if is_digit(c) {
            let (end, cand) = digit_chain(text, i);
            if let Some(cand) = cand {
                out[n] = cand;
                n += 1;
            }
            i = end;
        } else {
            i += c.len_utf8();
        }
    }
    n
}

/// [`TOKEN_BYTE`] of an ASCII digit.
const T_DIGIT: u8 = 1;
/// [`TOKEN_BYTE`] of an ASCII lowercase letter.
const T_LOWER: u8 = 2;
/// [`TOKEN_BYTE`] of an ASCII capital.
const T_UPPER: u8 = 4;

/// What an ASCII letter or digit is, 0 for any other byte.
static TOKEN_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            T_DIGIT
        } else if c.is_ascii_lowercase() {
            T_LOWER
        } else if c.is_ascii_uppercase() {
            T_UPPER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// An ASCII token with letters: a candidate when it has 4 to 10 characters,
/// letters and digits interleaved (at least two switches between them) or
/// at least 5 capitals only, and either no lowercase letter or (a temporary
/// password such as "Xk29Lp8q") 6 characters or more.
fn alnum_candidate(text: &str, start: usize, end: usize, lower: bool) -> Option<Cand> {
    let token = &text.as_bytes()[start..end];
    let digits = token.iter().filter(|b| b.is_ascii_digit()).count();
    let len = token.len();
    // Letter/digit switches: random codes interleave ("A7K9QZ": 4), words
    // with a number do not ("SUMMER50", "Guest2024": 1).
    let switches = token
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count();
    if !(4..=10).contains(&len)
        || (digits == 0 && (lower || len < 5))
        || (digits > 0 && switches < 2)
        || (lower && len < 6)
    {
        return None;
    }
    if char_before(text, start).is_some_and(|c| blocks_digits(c) || is_digit(c))
        || char_at(text, end).is_some_and(|c| blocks_digits(c) || is_digit(c))
    {
        return None;
    }
    // One group of a dashed code ("7KQ2-9XBM", "ABC-123"): not the code.
    let glued = |dash: Option<char>, next: Option<char>| {
        matches!(dash, Some('-' | '\u{2010}' | '\u{2011}'))
            && next.is_some_and(|c| c.is_ascii_alphanumeric())
    };
    let after = char_at(text, end);
    let before = char_before(text, start);
    if glued(after, after.and_then(|d| char_at(text, end + d.len_utf8())))
        || glued(
            before,
            before.and_then(|d| char_before(text, start - d.len_utf8())),
        )
    {
        return None;
    }
    Some(Cand {
        start,
        end,
        kind: Kind::Alnum,
        bonus: 0,
        viable: false,
    })
}

/// Reads the chain of digit groups starting at `start`; returns where it
/// ends and the candidate it makes, if any.
fn digit_chain(text: &str, start: usize) -> (usize, Option<Cand>) {
    let (mut end, n1) = digit_run(text, start);
    let mut groups = 1;
    let mut n2 = 0;
    let mut sep1 = ' ';
    let mut prev_n = n1;
    while let Some(sep) = char_at(text, end) {
        if !is_chain_sep(sep) {
            break;
        }
        let after = end + sep.len_utf8();
        if !char_at(text, after).is_some_and(is_digit) {
            break;
        }
        let (run_end, n) = digit_run(text, after);
        let next = char_at(text, run_end);
        // "验证码：482913,5分钟内有效", "code 482913 10 min": the code is not
        // the integer part of what follows.
        if next.is_some_and(is_cjk_time_unit)
            || (matches!(sep, ',' | '.') && prev_n >= 4 && n == 1)
            || (sep.is_whitespace() && prev_n >= 5 && n <= 2)
        {
            break;
        }
        groups += 1;
        if groups == 2 {
            n2 = n;
            sep1 = sep;
        }
        prev_n = n;
        end = run_end;
    }

    if char_before(text, start).is_some_and(blocks_digits)
        || char_at(text, end).is_some_and(blocks_digits)
    {
        return (end, None);
    }
    let kind = if groups == 1 && (4..=8).contains(&n1) {
        Kind::Digits
    } else if groups == 2 && ((n1 == 3 && n2 == 3) || (n1 == 4 && n2 == 4)) && is_join_sep(sep1) {
        Kind::Joined
    } else {
        return (end, None);
    };

    let mut bonus = 0;
    match letter_prefix(text, start) {
        Some("G" | "FB") => bonus += 20,
        Some(_) => bonus -= 30,
        None => {}
    }
    if kind == Kind::Joined || n1 == 6 {
        bonus += 3;
    }
    if kind == Kind::Digits && n1 == 4 {
        let value = text[start..end]
            .chars()
            .filter_map(digit_value)
            .fold(0, |v, d| v * 10 + d);
        if (1900..=2099).contains(&value) {
            bonus -= 25;
        }
    }
    (
        end,
        Some(Cand {
            start,
            end,
            kind,
            bonus,
            viable: false,
        }),
    )
}

/// End and length of the run of digits at `start`.
fn digit_run(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut n = 0;
    while let Some(&b) = bytes.get(end) {
        // ASCII bytes without decoding.
        let len = if b.is_ascii_digit() {
            1
        } else if b < 0x80 {
            break;
        } else {
            match char_at(text, end) {
                Some(c) if is_digit(c) => c.len_utf8(),
                _ => break,
            }
        };
        end += len;
        n += 1;
    }
    (end, n)
}

/// `G` in "G-123456": 1 to 3 ASCII capitals, a dash, then the number.
fn letter_prefix(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].strip_suffix('-')?;
    let letters = head
        .bytes()
        .rev()
        .take_while(u8::is_ascii_uppercase)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let at = head.len() - letters;
    if char_before(text, at).is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(&head[at..])
}

// --------------------------------------------------------------- keywords

/// Records every keyword occurrence into `out`; returns how many.
///
/// The same hits, in the same order, as trying the keywords of the buckets
/// of the first two characters at every position (see [`TABLE`]), but most
/// positions are skipped on their first byte ([`SCAN_BYTE`]: no keyword
/// starts with it, or only at a word start and this is inside a word).
/// Where the first two characters (in keyword form) are ASCII, the keywords
/// to try come from [`ASCII_PAIRS`], by the first three, and are compared
/// eight bytes at a time; elsewhere [`STARTS`] skips most positions and the
/// rest go through the buckets.
fn scan_keywords(text: &str, out: &mut [Hit; MAX_HITS]) -> usize {
    let pairs = &*ASCII_PAIRS;
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    // Whether the character before `i` makes `i` a word start: yes, no,
    // or not known without a closer look (a non-ASCII character).
    let mut after = WordStart::Yes;
    while i < bytes.len() {
        if after == WordStart::No {
            // Inside a word: only keywords matching anywhere may start.
            while let Some(&b) = bytes.get(i) {
                if SCAN_BYTE[usize::from(b)] & (B_ALNUM | B_ANY | B_WIDE) != B_ALNUM {
                    break;
                }
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let t = SCAN_BYTE[usize::from(b)];
        let wanted = if after == WordStart::No {
            B_ANY | B_WIDE
        } else {
            B_ANY | B_WORD | B_WIDE
        };
        let before = after;
        if t & B_WIDE == 0 {
            after = if t & B_ALNUM != 0 {
                WordStart::No
            } else {
                WordStart::Yes
            };
        }
        if t & wanted == 0 {
            i += 1;
            continue;
        }
        let (k0, next) = if t & B_WIDE == 0 {
            (char::from(ASCII_CLASS[usize::from(b)]), i + 1)
        } else {
            let Some(c) = char_at(text, i) else { break };
            after = if is_common_letter(c) {
                WordStart::No
            } else {
                WordStart::Unknown
            };
            // `fold`, not `keyword_class`: no keyword starts with a space,
            // and where one may start, what follows looks at the text again.
            let k = fold(c);
            if !k.is_ascii() && !STARTS.wide_first(k) {
                i += c.len_utf8();
                continue;
            }
            (k, i + c.len_utf8())
        };
        let (k1, next2) = class_at(text, next);
        let full = if k0.is_ascii() && k1.is_ascii() {
            if !pairs.has(k0 as u8, k1 as u8) {
                // No keyword starts with these two: no need for the third.
                i = next;
                continue;
            }
            let (k2, next3) = class_at(text, next2);
            let k3 = || class_at(text, next3).0;
            let (list, heads, flags) = pairs.get(k0 as u8, k1 as u8, k2, k3);
            match word_start_if_needed(text, i, before, flags) {
                Some(word_start) => {
                    let window = [k0, k1, k2];
                    let ends = [next, next2, next3];
                    let list = (list, heads);
                    match_list(text, i, word_start, (window, ends), list, out, &mut n).is_none()
                }
                None => false,
            }
        } else {
            let flags = STARTS.flags(k0, k1);
            match word_start_if_needed(text, i, before, flags) {
                Some(word_start) => keywords_at(text, i, word_start, out, &mut n).is_none(),
                None => false,
            }
        };
        if full {
            return MAX_HITS;
        }
        i = next;
    }
    n
}

/// The character at byte `at` in keyword form (`'\0'` past the end) and
/// where the next one starts.
#[inline(always)]
fn class_at(text: &str, at: usize) -> (char, usize) {
    match text.as_bytes().get(at) {
        None => ('\0', at),
        Some(&b) if b < 0x80 => (char::from(ASCII_CLASS[usize::from(b)]), at + 1),
        Some(_) => char_at(text, at).map_or(('\0', at), |c| (keyword_class(c), at + c.len_utf8())),
    }
}

/// What the character before a position says of it being a word start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordStart {
    Yes,
    No,
    Unknown,
}

/// Whether byte `at` is a word start, if `flags` ([`MAY_ANY`],
/// [`keywords::MAY_WORD`]) leave a keyword a chance there; `None` if they do not.
#[inline(always)]
fn word_start_if_needed(text: &str, at: usize, before: WordStart, flags: u8) -> Option<bool> {
    if flags == 0 {
        return None;
    }
    let word_start = match before {
        WordStart::Yes => true,
        WordStart::No => false,
        WordStart::Unknown => is_word_start(char_before(text, at)),
    };
    (flags & MAY_ANY != 0 || word_start).then_some(word_start)
}

/// Records the keywords of `list` that match at byte `at` (where the first
/// three characters in keyword form are `window`, the first two ASCII,
/// ending at `ends`) into `out` after its first `n`; `None` when `out` is
/// full (and a keyword was left out).
fn match_list(
    text: &str,
    at: usize,
    word_start: bool,
    (window, ends): ([char; 3], [usize; 3]),
    (list, heads): (&[PairKw], &[[u64; 2]]),
    out: &mut [Hit; MAX_HITS],
    n: &mut usize,
) -> Option<()> {
    // Up to eight bytes of text in keyword form, as long as they are
    // ASCII.
    let mut word = 0u64;
    let mut ascii = 0;
    for (j, &b) in text.as_bytes()[at..].iter().take(8).enumerate() {
        if b >= 0x80 {
            break;
        }
        word |= u64::from(ASCII_CLASS[usize::from(b)]) << (8 * j);
        ascii += 1;
    }
    // The bytes of `word` that hold text.
    let text_mask = if ascii == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * ascii)) - 1
    };
    for (k, &[prefix, mask]) in list.iter().zip(heads) {
        // Its first bytes against the text's, where these are ASCII: both
        // ways below fail when they differ.
        if (word ^ prefix) & mask & text_mask != 0 {
            continue;
        }
        if !word_start && k.kw.mode != Mode::Any {
            continue;
        }
        let len = usize::from(k.ascii_len);
        let end = if len != 0 && ascii >= len.min(8) {
            // Text bytes in keyword form equal to such a keyword: a match
            // (`match_at`), its first three characters included.
            if word & k.mask != k.prefix {
                continue;
            }
            if len <= 8 {
                at + len
            } else {
                // The first eight bytes are a match already.
                match match_at(text, at + 8, &k.kw.text[8..]) {
                    Some(end) => end,
                    None => continue,
                }
            }
        } else {
            // Its ASCII prefix against the ASCII text bytes: most keywords
            // fail there, before a character-by-character comparison.
            let m = k.mask & text_mask;
            if word & m != k.prefix & m || !heads_agree(&k.kw, window, word_start) {
                continue;
            }
            match match_rest(text, &k.kw, ends) {
                Some(end) => end,
                None => continue,
            }
        };
        record(text, at, end, &k.kw, out, n)?;
    }
    Some(())
}

/// Records the keywords starting at byte `at` into `out` after its first
/// `n`, trying those of the buckets of the first two characters there in
/// keyword form ([`TABLE`]); `None` when `out` is full (and a keyword was
/// left out).
fn keywords_at(
    text: &str,
    at: usize,
    word_start: bool,
    out: &mut [Hit; MAX_HITS],
    n: &mut usize,
) -> Option<()> {
    // Keyword forms of the character at `at` and the two after it, and
    // where they end.
    let mut ahead = text[at..].chars();
    let mut window = ['\0'; 3];
    let mut ends = [at; 3];
    let mut end = at;
    for j in 0..3 {
        if let Some(c) = ahead.next() {
            window[j] = keyword_class(c);
            end += c.len_utf8();
        }
        ends[j] = end;
    }
    let two = TABLE.bucket(window[0], window[1], word_start);
    let one = TABLE.bucket(window[0], '\0', word_start);
    for kw in two.iter().chain(one) {
        if !heads_agree(kw, window, word_start) {
            continue;
        }
        if let Some(end) = match_rest(text, kw, ends) {
            record(text, at, end, kw, out, n)?;
        }
    }
    Some(())
}

/// [`match_at`] for `kw` where the first characters of the text in keyword
/// form, ending at `ends`, agree with its head ([`heads_agree`]): those are
/// a match already, the comparison goes on after them.
#[inline]
fn match_rest(text: &str, kw: &Kw, ends: [usize; 3]) -> Option<usize> {
    let known = kw.head.iter().take_while(|&&h| h != '\0').count();
    let skip: usize = kw.head[..known].iter().map(|h| h.len_utf8()).sum();
    match_at(text, ends[known.max(1) - 1], &kw.text[skip..])
}

/// Whether `kw` may start where the first three characters in keyword
/// form are `window`, at a word start or not.
#[inline(always)]
fn heads_agree(kw: &Kw, window: [char; 3], word_start: bool) -> bool {
    let [k0, k1, k2] = kw.head;
    k0 == window[0]
        && (k1 == '\0' || k1 == window[1])
        && (k2 == '\0' || k2 == window[2])
        && (word_start || kw.mode == Mode::Any)
}

/// Records `kw`, found at `at..end`, as the `n`-th hit if its end is one
/// (a whole word must end there); `None` when `out` is full.
#[inline(always)]
fn record(
    text: &str,
    at: usize,
    end: usize,
    kw: &Kw,
    out: &mut [Hit; MAX_HITS],
    n: &mut usize,
) -> Option<()> {
    if kw.mode == Mode::Word && !is_word_end(char_at(text, end)) {
        return Some(());
    }
    if *n == MAX_HITS {
        return None;
    }
    // A stem ("verif") stands for its whole word ("verification"):
    // distances are measured from the word's end.
    let end = if kw.mode == Mode::Start {
        word_end(text, end)
    } else {
        end
    };
    out[*n] = Hit {
        start: at,
        end,
        class: kw.class,
        live: true,
    };
    *n += 1;
    Some(())
}

/// The end of the word going on at byte `at`.
fn word_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while let Some(&b) = bytes.get(end) {
        if b < 0x80 {
            // `is_word_end` of an ASCII character.
            if !b.is_ascii_alphabetic() {
                break;
            }
            end += 1;
        } else {
            let Some(c) = char_at(text, end) else { break };
            if is_word_end(Some(c)) {
                break;
            }
            end += c.len_utf8();
        }
    }
    end
}

/// Where `kw` (folded) ends if it matches `text` at byte `at`.
#[inline]
fn match_at(text: &str, at: usize, kw: &str) -> Option<usize> {
    let mut rest = text.get(at..)?.chars();
    let mut end = at;
    for k in kw.chars() {
        let c = rest.next()?;
        let ok = if let Ok(b) = u8::try_from(c)
            && b < 0x80
        {
            // `is_keyword_space` and `fold` of an ASCII character.
            if k == ' ' {
                ASCII_CLASS[usize::from(b)] == b' '
            } else {
                char::from(b.to_ascii_lowercase()) == k
            }
        } else if k == ' ' {
            is_keyword_space(c)
        } else {
            // Keywords are folded: `c == k` means `fold(c) == k`.
            c == k || fold(c) == k
        };
        if !ok {
            return None;
        }
        end += c.len_utf8();
    }
    Some(end)
}

/// "Promo code" cancels the "code" it contains; "رقم التعريف الشخصي" (PIN)
/// cancels the "رقم" (number) it starts with.
fn resolve_overlaps(hits: &mut [Hit]) {
    let overlaps = |a: &Hit, b: &Hit| a.start < b.end && b.start < a.end;
    for i in 0..hits.len() {
        for j in 0..hits.len() {
            if i == j || !overlaps(&hits[i], &hits[j]) {
                continue;
            }
            match (hits[i].class, hits[j].class) {
                (Class::NegCode, Class::Pos(_))
                | (Class::Pos(_), Class::NegPrefix | Class::NegContext) => {
                    hits[j].live = false;
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------- scoring

/// Sentence breaks in `gap` (runs of them count once).
fn breaks(gap: &str) -> u32 {
    let bytes = gap.as_bytes();
    // Up to the first byte that may be (or start) a break, nothing counts:
    // start there.
    let Some(mut i) = bytes
        .iter()
        .position(|&b| b >= 0x80 || BREAK_BYTE[usize::from(b)] >= BB_BREAK)
    else {
        return 0;
    };
    let mut n = 0;
    let mut in_break = false;
    while let Some(&b) = bytes.get(i) {
        // ASCII bytes without decoding.
        let (brk, space, len) = if b < 0x80 {
            match BREAK_BYTE[usize::from(b)] {
                BB_OTHER => {
                    in_break = false;
                    i += 1;
                    continue;
                }
                BB_SPACE => (false, true, 1),
                BB_BREAK => (true, false, 1),
                // `.` or `;`: a break when whitespace follows.
                _ => {
                    let brk = match bytes.get(i + 1) {
                        Some(&n) if n < 0x80 => n.is_ascii_whitespace() || n == 0x0B,
                        Some(_) => gap[i + 1..].chars().next().is_some_and(char::is_whitespace),
                        None => false,
                    };
                    (brk, false, 1)
                }
            }
        } else {
            let Some(c) = gap[i..].chars().next() else {
                break;
            };
            let brk = matches!(c, '。' | '！' | '？' | '।' | '؟');
            (brk, c.is_whitespace(), c.len_utf8())
        };
        if brk {
            if !in_break {
                n += 1;
            }
            in_break = true;
        } else if !space {
            in_break = false;
        }
        i += len;
    }
    n
}

/// [`BREAK_BYTE`]: any other ASCII character.
const BB_OTHER: u8 = 0;
/// [`BREAK_BYTE`]: whitespace (`char::is_whitespace`).
const BB_SPACE: u8 = 1;
/// [`BREAK_BYTE`]: a sentence break.
const BB_BREAK: u8 = 2;
/// [`BREAK_BYTE`]: a sentence break if whitespace follows.
const BB_BEFORE_SPACE: u8 = 3;

/// What an ASCII character is to [`breaks`].
static BREAK_BYTE: [u8; 128] = {
    let mut t = [BB_OTHER; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\n' | b'\r' | b'!' | b'?' => BB_BREAK,
            b'.' | b';' => BB_BEFORE_SPACE,
            // `char::is_whitespace`: the ASCII whitespace and a vertical tab.
            c if c.is_ascii_whitespace() || c == 0x0B => BB_SPACE,
            _ => BB_OTHER,
        };
        b += 1;
    }
    t
};

/// The number of characters in `s`: its bytes that do not continue a
/// character.
#[inline]
fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// Whether the number at `start..end` is part of a URL, an e-mail address
/// or a path.
fn in_url(text: &str, start: usize, end: usize) -> bool {
    // The token around the number: printable ASCII and digits of any
    // script (ASCII bytes without decoding).
    let bytes = text.as_bytes();
    let is_tok = |c: char| !c.is_whitespace() && (c.is_ascii_graphic() || is_digit(c));
    let mut s = start;
    while s > 0 {
        let b = bytes[s - 1];
        if b < 0x80 {
            if !b.is_ascii_graphic() {
                break;
            }
            s -= 1;
            continue;
        }
        let Some(c) = char_before(text, s) else { break };
        if !is_tok(c) {
            break;
        }
        s -= c.len_utf8();
    }
    let mut e = end;
    while let Some(&b) = bytes.get(e) {
        if b < 0x80 {
            if !b.is_ascii_graphic() {
                break;
            }
            e += 1;
            continue;
        }
        let Some(c) = char_at(text, e) else { break };
        if !is_tok(c) {
            break;
        }
        e += c.len_utf8();
    }
    // One walk for what `contains` would look for: "://", "www.", '@',
    // '/' with a letter, '?' with '='.
    let tok = &bytes[s..e];
    let mut seen = 0u8;
    for (j, &b) in tok.iter().enumerate() {
        seen |= match b {
            b'@' => return true,
            b':' if tok[j + 1..].starts_with(b"//") => return true,
            b'w' if tok[j + 1..].starts_with(b"ww.") => return true,
            b'/' => U_SLASH,
            b'?' => U_QUERY,
            b'=' => U_EQUALS,
            b if b.is_ascii_alphabetic() => U_LETTER,
            _ => 0,
        };
    }
    seen & (U_SLASH | U_LETTER) == U_SLASH | U_LETTER
        || seen & (U_QUERY | U_EQUALS) == U_QUERY | U_EQUALS
}

/// What [`in_url`] saw in a token: a slash, a letter, a `?`, a `=`.
const U_SLASH: u8 = 1;
const U_LETTER: u8 = 2;
const U_QUERY: u8 = 4;
const U_EQUALS: u8 = 8;

fn is_viable(text: &str, c: &Cand, hits: &[Hit], promo: bool) -> bool {
    if in_url(text, c.start, c.end) {
        return false;
    }
    let before = char_before(text, c.start);
    let after = char_at(text, c.end);
    if before.is_some_and(|b| DISQ_BEFORE.contains(&b))
        || after.is_some_and(|a| DISQ_AFTER.contains(&a))
        || (before == Some('【') && after == Some('】'))
    {
        return false;
    }
    if c.kind == Kind::Alnum {
        return !promo && !matches!(after, Some(':' | '：')) && alnum_link(text, c, hits).is_some();
    }
    for h in hits.iter().filter(|h| h.live) {
        match h.class {
            Class::NegPrefix | Class::NegContext if h.end <= c.start => {
                let gap = &text[h.end..c.start];
                if gap.chars().nth(14).is_none()
                    && !gap.chars().any(is_digit)
                    && breaks(gap) == 0
                    && !hits
                        .iter()
                        .any(|p| p.weight().is_some() && p.start >= h.end && p.end <= c.start)
                    && !(h.class == Class::NegContext && code_is_for(text, h, gap, hits))
                {
                    return false;
                }
            }
            Class::NegSuffix if h.start >= c.end => {
                let gap = &text[c.end..h.start];
                if gap.chars().nth(2).is_none() && gap.chars().all(char::is_whitespace) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// "The code for your account is 123456", "كود التحقق لحساب سناب شات: 739201":
/// a strong keyword before the context word `h` in the same sentence, and a
/// connector between it and the number.
fn code_is_for(text: &str, h: &Hit, gap: &str, hits: &[Hit]) -> bool {
    let keyword_first = hits.iter().any(|p| {
        p.weight().is_some_and(|w| w >= 90)
            && p.end <= h.start
            && text[p.end..h.start].chars().nth(60).is_none()
            && breaks(&text[p.end..h.start]) == 0
    });
    keyword_first
        && (gap.contains(':')
            || gap.contains('：')
            || gap
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| CONNECTORS.iter().any(|k| eq_folded(w, k))))
}

/// Whether `word` folds to `folded`.
fn eq_folded(word: &str, folded: &str) -> bool {
    word.chars().count() == folded.chars().count()
        && word.chars().zip(folded.chars()).all(|(a, b)| fold(a) == b)
}

/// Words allowed between a keyword and an alphanumeric code.
const CONNECTORS: &[&str] = &[
    "is",
    "es",
    "est",
    "ist",
    "lautet",
    "é",
    "è",
    "e",
    "är",
    "er",
    "jest",
    "to",
    "adalah",
    "ialah",
    "là",
    "la",
    "是",
    "为",
    "為",
    "คือ",
    "هو",
    "هي",
    "است",
    "ہے",
    "है",
    "это",
    "je",
    "este",
    "είναι",
    "הוא",
];

/// Words that are not codes even in capitals after "code:".
const NOT_CODES: &[&str] = &[
    "CODE", "HERE", "BELOW", "ABOVE", "SENT", "VALID", "INVALID", "EXPIRED", "NONE", "NULL",
    "TEST", "HTTP", "HTTPS", "PLEASE", "IGNORE", "NEVER", "STOP", "HELP", "SMS", "VERIFY",
    "CONFIRM",
];

/// Score of an alphanumeric candidate from the strong keyword right before
/// it, if there is one.
fn alnum_link(text: &str, c: &Cand, hits: &[Hit]) -> Option<i32> {
    let token = &text[c.start..c.end];
    let letters_only = !token.bytes().any(|b| b.is_ascii_digit());
    hits.iter()
        .filter(|h| h.weight().is_some_and(|w| w >= 90) && h.end <= c.start)
        .filter_map(|h| {
            let colon = connector_gap(&text[h.end..c.start])?;
            let caps_keyword = {
                let kw = &text[h.start..h.end];
                kw.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !kw.chars().any(char::is_lowercase)
            };
            if letters_only && (!colon || caps_keyword || NOT_CODES.contains(&token)) {
                return None;
            }
            Some(if colon { 90 } else { 85 })
        })
        .max()
}

/// `Some(has_colon)` when `gap` holds only separators and connector words.
fn connector_gap(gap: &str) -> Option<bool> {
    if gap.chars().nth(16).is_some() {
        return None;
    }
    let is_sep = |c: char| c.is_whitespace() || matches!(c, ':' | '：' | '-' | '–' | '—' | '=');
    for word in gap.split(is_sep).filter(|w| !w.is_empty()) {
        if !CONNECTORS.iter().any(|k| eq_folded(word, k)) {
            return None;
        }
    }
    Some(gap.contains(':') || gap.contains('：'))
}

fn score(text: &str, i: usize, cands: &[Cand], hits: &[Hit], promo: bool) -> i32 {
    let c = &cands[i];
    if c.kind == Kind::Alnum {
        return alnum_link(text, c, hits).unwrap_or(0);
    }
    let mut best = 0;
    for h in hits {
        let Some(weight) = h.weight() else { continue };
        let gap = if h.end <= c.start {
            h.end..c.start
        } else if h.start >= c.end {
            c.end..h.start
        } else {
            continue;
        };
        // (`char_count` rather than `chars().take(161).count()`: past 160
        // the answer is the same.)
        let distance = match char_count(&text[gap.clone()]) {
            0..=3 => 100,
            4..=15 => 90,
            16..=40 => 70,
            41..=80 => 50,
            81..=160 => 30,
            _ => continue,
        };
        // (With no break and no closer candidate, it would score
        // `weight * distance / 100` at most: nothing to see when that does
        // not beat the best so far.)
        if weight * distance / 100 <= best {
            continue;
        }
        let sentences = match breaks(&text[gap.clone()]) {
            0 => 100,
            1 => 60,
            _ => 40,
        };
        let mut s = weight * distance * sentences / 10_000;
        let closer = cands
            .iter()
            .enumerate()
            .any(|(j, d)| j != i && d.viable && d.start >= gap.start && d.end <= gap.end);
        if closer {
            s /= 2;
        }
        best = best.max(s);
    }
    if best == 0 && is_bare(text, c) {
        best = BARE;
    }
    if best == 0 {
        return 0;
    }
    best + c.bonus - if promo { 20 } else { 0 }
}

/// Score of a message that is nothing but a number.
const BARE: i32 = 50;

/// Whether the message is only the number: maybe the SMS Retriever marker
/// "<#>" before it, punctuation, and an 11-character app hash after it
/// ("<#> 482913\nFA+9qCX9VSu").
fn is_bare(text: &str, c: &Cand) -> bool {
    if c.kind == Kind::Alnum {
        return false;
    }
    let head = text[..c.start].trim();
    let head = head.strip_prefix("<#>").unwrap_or(head);
    head.chars()
        .all(|ch| ch.is_whitespace() || ch.is_ascii_punctuation())
        && text[c.end..].split_whitespace().all(|w| {
            w.chars().all(|ch| ch.is_ascii_punctuation())
                || (w.len() == 11
                    && w.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
        })
}

/// The code of a candidate: normalized digits, or the alphanumeric token.
fn build_code(text: &str, c: &Cand) -> CompactString {
    let written = &text[c.start..c.end];
    if c.kind == Kind::Alnum || (c.kind == Kind::Digits && written.is_ascii()) {
        // The code as written (a run of ASCII digits, or letters and
        // digits): nothing to leave out or translate.
        return CompactString::new(written);
    }
    // The ASCII digits gathered in a buffer and made a string once
    // (pushing them one by one re-checked the inline length each time);
    // a numeric code has at most 8 digits.
    let mut digits = [0_u8; 16];
    let mut n = 0;
    let mut gather = |d: u8| {
        if let Some(slot) = digits.get_mut(n) {
            *slot = b'0' + d;
            n += 1;
        }
    };
    if written.is_ascii() {
        // ASCII digits as they are, separators left out.
        written
            .bytes()
            .filter(u8::is_ascii_digit)
            .for_each(|b| gather(b - b'0'));
    } else {
        written
            .chars()
            .filter_map(digit_value)
            .for_each(|d| gather(d as u8));
    }
    std::str::from_utf8(&digits[..n]).map_or_else(|_| CompactString::default(), CompactString::new)
}
