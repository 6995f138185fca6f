//! The message mix: what each submit_sm carries. GSM 7-bit or UCS-2 with
//! emoji, single or two parts (UDH with an 8-bit reference), to a known or
//! the unknown number, with or without a receipt requested. Choices come
//! from a small seeded generator, so a run is reproducible.

use inlet_message::gsm;

use super::args::LoadgenArgs;

/// The shares and addresses, shared by every session.
#[derive(Debug)]
pub(crate) struct Mix {
    ucs2: f64,
    multipart: f64,
    unknown: f64,
    receipt: f64,
    to: Vec<Vec<u8>>,
    unknown_to: Vec<u8>,
    /// Sender TON, NPI and address.
    pub(crate) from: (u8, u8, Vec<u8>),
}

impl Mix {
    /// The mix the command line asks for.
    pub(crate) fn new(args: &LoadgenArgs) -> Self {
        let digits = |n: &str| n.trim().trim_start_matches('+').as_bytes().to_vec();
        let from = args.from.trim();
        let from = if from
            .trim_start_matches('+')
            .bytes()
            .all(|b| b.is_ascii_digit())
        {
            (1, 1, digits(from))
        } else {
            (5, 0, from.as_bytes().to_vec())
        };
        Mix {
            ucs2: args.ucs2_share,
            multipart: args.multipart_share,
            unknown: args.unknown_share,
            receipt: args.receipt_share,
            to: args.to.iter().map(|t| digits(t)).collect(),
            unknown_to: digits(&args.unknown_to),
            from,
        }
    }
}

/// One message to send: its parts share the coding, recipient and receipt
/// request.
#[derive(Debug)]
pub(crate) struct Message {
    /// `data_coding`: 0 (GSM 7-bit, unpacked) or 8 (UCS-2).
    pub(crate) data_coding: u8,
    /// `esm_class`: 0x40 (UDHI) for parts, else 0.
    pub(crate) esm_class: u8,
    /// `registered_delivery`.
    pub(crate) registered_delivery: u8,
    /// Recipient digits.
    pub(crate) dest: Vec<u8>,
    /// `short_message` of each part (one or two).
    pub(crate) parts: Vec<Vec<u8>>,
}

/// Draws messages from a [`Mix`].
#[derive(Debug)]
pub(crate) struct Generator {
    state: u64,
    next_to: usize,
    reference: u8,
}

impl Generator {
    /// A generator for session `session` (its own seed).
    pub(crate) fn new(session: usize) -> Self {
        Generator {
            state: 0x9E37_79B9_7F4A_7C15
                ^ ((session as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03)),
            next_to: session,
            reference: session as u8,
        }
    }

    /// xorshift64*: enough for choosing shares.
    fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The next message; `allow_multipart` false when only one submit_sm
    /// remains to send.
    pub(crate) fn next(&mut self, mix: &Mix, allow_multipart: bool) -> Message {
        let ucs2 = self.unit() < mix.ucs2;
        let multipart = self.unit() < mix.multipart && allow_multipart;
        let unknown = self.unit() < mix.unknown;
        let receipt = self.unit() < mix.receipt;
        let code = self.next_u64() % 1_000_000;
        let dest = if unknown || mix.to.is_empty() {
            mix.unknown_to.clone()
        } else {
            self.next_to = (self.next_to + 1) % mix.to.len();
            mix.to[self.next_to].clone()
        };
        let (data_coding, parts) = match (ucs2, multipart) {
            (false, false) => (0, vec![septets(&format!("Your code is {code:06}"))]),
            (true, false) => (8, vec![ucs2_octets(&format!("Ваш код {code:06} 😀"))]),
            (false, true) => {
                let text = format!("Your code is {code:06}. ").repeat(10);
                self.reference = self.reference.wrapping_add(1);
                (0, two_parts(&septets(&text), 153, 1, self.reference))
            }
            (true, true) => {
                let text = format!("Код {code:06} 😀 ").repeat(9);
                self.reference = self.reference.wrapping_add(1);
                (8, two_parts(&ucs2_octets(&text), 134, 2, self.reference))
            }
        };
        Message {
            data_coding,
            esm_class: if parts.len() > 1 { 0x40 } else { 0 },
            registered_delivery: u8::from(receipt),
            dest,
            parts,
        }
    }
}

/// GSM 7-bit septets, one per octet. Every text here is in the default
/// alphabet; a character outside it becomes `?`.
fn septets(text: &str) -> Vec<u8> {
    gsm::encode(text, None, None).unwrap_or_else(|| {
        text.chars()
            .map(|c| if c.is_ascii() { c as u8 } else { b'?' })
            .collect()
    })
}

fn ucs2_octets(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

/// Splits `octets` into parts of at most `per_part` octets with a
/// concatenation UDH (8-bit reference), never splitting a GSM escape from
/// its character (`unit` 1) or a surrogate pair (`unit` 2). The texts used
/// here make two parts.
fn two_parts(octets: &[u8], per_part: usize, unit: usize, reference: u8) -> Vec<Vec<u8>> {
    let chunks = crate::split::chunks(octets, per_part, unit);
    let total = chunks.len() as u8;
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut ud = vec![0x05, 0x00, 0x03, reference, total, i as u8 + 1];
            ud.extend_from_slice(chunk);
            ud
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mix(ucs2: f64, multipart: f64, unknown: f64, receipt: f64) -> Mix {
        Mix {
            ucs2,
            multipart,
            unknown,
            receipt,
            to: vec![b"14035551234".to_vec()],
            unknown_to: b"19995550000".to_vec(),
            from: (5, 0, b"WhatsApp".to_vec()),
        }
    }

    #[test]
    fn every_kind_fits_its_parts() {
        let mut g = Generator::new(0);
        let m = g.next(&mix(0.0, 0.0, 0.0, 0.0), true);
        assert_eq!((m.data_coding, m.parts.len(), m.esm_class), (0, 1, 0));
        assert_eq!(m.dest, b"14035551234");
        let m = g.next(&mix(1.0, 0.0, 1.0, 1.0), true);
        assert_eq!((m.data_coding, m.parts.len()), (8, 1));
        assert_eq!(
            (m.dest.as_slice(), m.registered_delivery),
            (&b"19995550000"[..], 1)
        );
        for ucs2 in [0.0, 1.0] {
            let m = g.next(&mix(ucs2, 1.0, 0.0, 0.0), true);
            assert_eq!((m.parts.len(), m.esm_class), (2, 0x40));
            // 140 octets of UCS-2, or 159 unpacked septets (153 + UDH).
            let max = if m.data_coding == 8 { 140 } else { 159 };
            assert!(
                m.parts
                    .iter()
                    .all(|p| p.len() <= max && p[..3] == [5, 0, 3])
            );
            let m = g.next(&mix(ucs2, 1.0, 0.0, 0.0), false);
            assert_eq!(m.parts.len(), 1);
        }
    }

    #[test]
    fn shares_are_roughly_kept() {
        let mut g = Generator::new(3);
        let m = mix(0.25, 0.0, 0.0, 0.0);
        let ucs2 = (0..10_000)
            .filter(|_| g.next(&m, true).data_coding == 8)
            .count();
        assert!((2_000..3_000).contains(&ucs2), "{ucs2}");
    }
}
