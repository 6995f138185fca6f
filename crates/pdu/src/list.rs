//! Counted lists inside a body (submit_multi's destinations, its
//! unsuccessful SMEs): a 1-octet count followed by that many items.
//!
//! A decoded list is kept as its checked wire octets and parsed again when
//! iterated, so decoding does not allocate; a list built to be sent borrows a
//! slice of items.

use std::fmt;

use bytes::BytesMut;

use crate::error::EncodeError;
use crate::parse::{PResult, u8_};
use crate::write::Writer;
use crate::{DecodeError, Field};

/// An item of a counted list: how it reads and writes itself.
pub trait WireItem<'a>: Sized + Copy {
    /// Parses one item.
    ///
    /// # Errors
    /// The [`DecodeError`] of the first bad field.
    fn parse(i: &'a [u8]) -> Result<(&'a [u8], Self), DecodeError>;
    /// Appends the encoded item.
    ///
    /// # Errors
    /// An [`EncodeError`] when a field does not fit its limits.
    fn encode(&self, dst: &mut BytesMut) -> Result<(), EncodeError>;
}

/// A counted list of `T`, borrowed from the frame or from a slice.
#[derive(Clone, Copy)]
pub struct WireList<'a, T> {
    repr: Repr<'a, T>,
}

#[derive(Clone, Copy)]
enum Repr<'a, T> {
    Wire { count: u8, raw: &'a [u8] },
    Slice(&'a [T]),
}

impl<'a, T: WireItem<'a>> WireList<'a, T> {
    /// A list of the given items, to encode.
    pub const fn from_slice(items: &'a [T]) -> Self {
        WireList {
            repr: Repr::Slice(items),
        }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        match self.repr {
            Repr::Wire { count, .. } => usize::from(count),
            Repr::Slice(items) => items.len(),
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items in order.
    pub fn iter(&self) -> ListIter<'a, T> {
        ListIter { repr: self.repr }
    }

    /// Parses a count octet (reported as `count_field` when missing) and that
    /// many items.
    pub(crate) fn parse(count_field: Field, i: &'a [u8]) -> PResult<'a, Self> {
        let (i, count) = u8_(i, count_field)?;
        let mut rest = i;
        for _ in 0..count {
            rest = T::parse(rest).map_err(nom::Err::Error)?.0;
        }
        let raw = &i[..i.len() - rest.len()];
        Ok((
            rest,
            WireList {
                repr: Repr::Wire { count, raw },
            },
        ))
    }

    pub(crate) fn write(&self, count_field: Field, w: &mut Writer<'_>) {
        match self.repr {
            Repr::Wire { count, raw } => {
                w.u8(count);
                w.raw(raw);
            }
            Repr::Slice(items) => {
                w.count(count_field, items.len());
                for item in items {
                    w.nested(|dst| item.encode(dst));
                }
            }
        }
    }
}

impl<'a, T: WireItem<'a> + PartialEq> PartialEq for WireList<'a, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<'a, T: WireItem<'a> + Eq> Eq for WireList<'a, T> {}

impl<'a, T: WireItem<'a>> Default for WireList<'a, T> {
    fn default() -> Self {
        WireList::from_slice(&[])
    }
}

impl<'a, T: WireItem<'a> + fmt::Debug> fmt::Debug for WireList<'a, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over a [`WireList`].
#[derive(Clone)]
pub struct ListIter<'a, T> {
    repr: Repr<'a, T>,
}

impl<'a, T: WireItem<'a>> Iterator for ListIter<'a, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match &mut self.repr {
            Repr::Wire { count, raw } => {
                if *count == 0 {
                    return None;
                }
                // Checked when the list was decoded; an error here can only
                // come from a list that was not, and ends it.
                match T::parse(raw) {
                    Ok((rest, item)) => {
                        *count -= 1;
                        *raw = rest;
                        Some(item)
                    }
                    Err(_) => {
                        *count = 0;
                        None
                    }
                }
            }
            Repr::Slice(items) => {
                let (first, rest) = items.split_first()?;
                *items = rest;
                Some(*first)
            }
        }
    }
}
