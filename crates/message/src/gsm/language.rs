//! National language identifiers of 3GPP TS 23.038 §6.2.1.2.4 and the
//! choice of tables they select.

use std::fmt;

use super::tables::{self, Table};

/// A national language of 3GPP TS 23.038 Annex A, with its language
/// identifier as the discriminant (the value carried by the UDH information
/// elements 0x24, national language single shift, and 0x25, national
/// language locking shift).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum NationalLanguage {
    /// Turkish (identifier 1): locking and single shift tables.
    Turkish = 1,
    /// Spanish (identifier 2): single shift table only; 23.038 defines no
    /// Spanish locking shift table (A.3.2 is void).
    Spanish = 2,
    /// Portuguese (identifier 3).
    Portuguese = 3,
    /// Bengali (identifier 4).
    Bengali = 4,
    /// Gujarati (identifier 5).
    Gujarati = 5,
    /// Hindi (identifier 6).
    Hindi = 6,
    /// Kannada (identifier 7).
    Kannada = 7,
    /// Malayalam (identifier 8).
    Malayalam = 8,
    /// Oriya (identifier 9).
    Oriya = 9,
    /// Punjabi (identifier 10).
    Punjabi = 10,
    /// Tamil (identifier 11).
    Tamil = 11,
    /// Telugu (identifier 12).
    Telugu = 12,
    /// Urdu (identifier 13).
    Urdu = 13,
}

impl NationalLanguage {
    /// Every national language, in identifier order.
    pub const ALL: [Self; 13] = [
        Self::Turkish,
        Self::Spanish,
        Self::Portuguese,
        Self::Bengali,
        Self::Gujarati,
        Self::Hindi,
        Self::Kannada,
        Self::Malayalam,
        Self::Oriya,
        Self::Punjabi,
        Self::Tamil,
        Self::Telugu,
        Self::Urdu,
    ];

    /// The language with this 23.038 identifier, `None` for 0 (reserved)
    /// and for identifiers 23.038 does not define.
    pub const fn from_id(id: u8) -> Option<Self> {
        Some(match id {
            1 => Self::Turkish,
            2 => Self::Spanish,
            3 => Self::Portuguese,
            4 => Self::Bengali,
            5 => Self::Gujarati,
            6 => Self::Hindi,
            7 => Self::Kannada,
            8 => Self::Malayalam,
            9 => Self::Oriya,
            10 => Self::Punjabi,
            11 => Self::Tamil,
            12 => Self::Telugu,
            13 => Self::Urdu,
            _ => return None,
        })
    }

    /// The 23.038 language identifier.
    pub const fn id(self) -> u8 {
        self as u8
    }

    /// The lowercase English name, as written in the record's
    /// `language_shift` field (e.g. `"turkish"`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Turkish => "turkish",
            Self::Spanish => "spanish",
            Self::Portuguese => "portuguese",
            Self::Bengali => "bengali",
            Self::Gujarati => "gujarati",
            Self::Hindi => "hindi",
            Self::Kannada => "kannada",
            Self::Malayalam => "malayalam",
            Self::Oriya => "oriya",
            Self::Punjabi => "punjabi",
            Self::Tamil => "tamil",
            Self::Telugu => "telugu",
            Self::Urdu => "urdu",
        }
    }

    /// The language's locking shift table (Annex A.3); `None` for Spanish,
    /// which has none.
    pub const fn locking_table(self) -> Option<&'static Table> {
        Some(match self {
            Self::Turkish => &tables::TURKISH_LOCKING,
            Self::Spanish => return None,
            Self::Portuguese => &tables::PORTUGUESE_LOCKING,
            Self::Bengali => &tables::BENGALI_LOCKING,
            Self::Gujarati => &tables::GUJARATI_LOCKING,
            Self::Hindi => &tables::HINDI_LOCKING,
            Self::Kannada => &tables::KANNADA_LOCKING,
            Self::Malayalam => &tables::MALAYALAM_LOCKING,
            Self::Oriya => &tables::ORIYA_LOCKING,
            Self::Punjabi => &tables::PUNJABI_LOCKING,
            Self::Tamil => &tables::TAMIL_LOCKING,
            Self::Telugu => &tables::TELUGU_LOCKING,
            Self::Urdu => &tables::URDU_LOCKING,
        })
    }

    /// The language's single shift table (Annex A.2).
    pub const fn single_shift_table(self) -> &'static Table {
        match self {
            Self::Turkish => &tables::TURKISH_SINGLE,
            Self::Spanish => &tables::SPANISH_SINGLE,
            Self::Portuguese => &tables::PORTUGUESE_SINGLE,
            Self::Bengali => &tables::BENGALI_SINGLE,
            Self::Gujarati => &tables::GUJARATI_SINGLE,
            Self::Hindi => &tables::HINDI_SINGLE,
            Self::Kannada => &tables::KANNADA_SINGLE,
            Self::Malayalam => &tables::MALAYALAM_SINGLE,
            Self::Oriya => &tables::ORIYA_SINGLE,
            Self::Punjabi => &tables::PUNJABI_SINGLE,
            Self::Tamil => &tables::TAMIL_SINGLE,
            Self::Telugu => &tables::TELUGU_SINGLE,
            Self::Urdu => &tables::URDU_SINGLE,
        }
    }
}

impl fmt::Display for NationalLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The locking table in force: the language's locking shift table, or the
/// default alphabet when no language is given or the language has no locking
/// table (Spanish). 23.038 §6.2.1.2.4: a receiver that does not support the
/// requested locking shift uses the default alphabet.
pub const fn locking_table(language: Option<NationalLanguage>) -> &'static Table {
    match language {
        Some(language) => match language.locking_table() {
            Some(table) => table,
            None => &tables::DEFAULT,
        },
        None => &tables::DEFAULT,
    }
}

/// The single shift table in force: the language's single shift table, or
/// the default alphabet extension table when no language is given.
pub const fn single_shift_table(language: Option<NationalLanguage>) -> &'static Table {
    match language {
        Some(language) => language.single_shift_table(),
        None => &tables::DEFAULT_EXTENSION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for (i, language) in NationalLanguage::ALL.iter().enumerate() {
            let id = u8::try_from(i + 1).expect("small");
            assert_eq!(language.id(), id);
            assert_eq!(NationalLanguage::from_id(id), Some(*language));
        }
        assert_eq!(NationalLanguage::from_id(0), None);
        for id in 14..=u8::MAX {
            assert_eq!(NationalLanguage::from_id(id), None);
        }
    }

    #[test]
    fn names() {
        assert_eq!(NationalLanguage::Turkish.name(), "turkish");
        assert_eq!(NationalLanguage::Urdu.to_string(), "urdu");
        for language in NationalLanguage::ALL {
            assert_eq!(language.name(), format!("{language:?}").to_lowercase());
        }
    }

    #[test]
    fn spanish_locking_falls_back_to_default() {
        assert!(NationalLanguage::Spanish.locking_table().is_none());
        assert!(std::ptr::eq(
            locking_table(Some(NationalLanguage::Spanish)),
            &tables::DEFAULT
        ));
        assert!(std::ptr::eq(locking_table(None), &tables::DEFAULT));
        assert!(std::ptr::eq(
            single_shift_table(None),
            &tables::DEFAULT_EXTENSION
        ));
    }
}
