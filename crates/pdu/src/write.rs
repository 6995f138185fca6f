//! Writes SMPP field types into a `BytesMut`, checking each against its
//! field's limits. The first error sticks and the PDU is discarded, so body
//! writers stay straight-line code.

use bytes::{BufMut, BytesMut};

use crate::error::EncodeError;
use crate::{Address, Field, Tlvs};

pub(crate) struct Writer<'b> {
    buf: &'b mut BytesMut,
    error: Option<EncodeError>,
}

impl<'b> Writer<'b> {
    pub(crate) fn new(buf: &'b mut BytesMut) -> Self {
        Writer { buf, error: None }
    }

    pub(crate) fn finish(self) -> Result<(), EncodeError> {
        self.error.map_or(Ok(()), Err)
    }

    fn fail(&mut self, e: EncodeError) {
        self.error.get_or_insert(e);
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.put_u8(v);
    }

    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.put_u32(v);
    }

    /// A C-octet string of at most `max` octets, NUL included.
    pub(crate) fn c_octet_string(&mut self, field: Field, max: usize, s: &[u8]) {
        if s.len() >= max {
            self.fail(EncodeError::CStringTooLong {
                field,
                len: s.len(),
                max,
            });
        } else if s.contains(&0) {
            self.fail(EncodeError::NulInCString { field });
        }
        self.buf.put_slice(s);
        self.buf.put_u8(0);
    }

    pub(crate) fn address(&mut self, fields: [Field; 3], max: usize, a: &Address<'_>) {
        self.u8(a.ton);
        self.u8(a.npi);
        self.c_octet_string(fields[2], max, a.addr);
    }

    /// `sm_length` and `short_message`.
    pub(crate) fn short_message(&mut self, sm: &[u8]) {
        match u8::try_from(sm.len()) {
            Ok(len) => self.u8(len),
            Err(_) => self.fail(EncodeError::TooLong {
                field: Field::ShortMessage,
                len: sm.len(),
            }),
        }
        self.buf.put_slice(sm);
    }

    /// A 1-octet count of items.
    pub(crate) fn count(&mut self, field: Field, n: usize) {
        match u8::try_from(n) {
            Ok(n) => self.u8(n),
            Err(_) => self.fail(EncodeError::TooLong { field, len: n }),
        }
    }

    /// Runs an encoder that writes to the buffer itself, keeping its error.
    pub(crate) fn nested(&mut self, f: impl FnOnce(&mut BytesMut) -> Result<(), EncodeError>) {
        if let Err(e) = f(self.buf) {
            self.fail(e);
        }
    }

    pub(crate) fn raw(&mut self, octets: &[u8]) {
        self.buf.put_slice(octets);
    }

    pub(crate) fn tlvs(&mut self, tlvs: &Tlvs<'_>) {
        self.buf.reserve(tlvs.encoded_len());
        self.buf.put_slice(tlvs.as_bytes());
    }
}
