//! Fuzz target `frame`: the framing codec `FrameCodec` on an arbitrary byte
//! stream delivered in arbitrary pieces.
//!
//! The input is split (with `arbitrary::Unstructured`) into a maximum frame
//! length (16..=4096), a chunk-size script (up to 32 sizes of 1..=256
//! octets, used in a cycle) and the byte stream (the rest). The stream is
//! appended to a `BytesMut` chunk by chunk; after each chunk
//! `Decoder::decode` is called until it returns `Ok(None)` or an error, and
//! at the end `Decoder::decode_eof` until `Ok(None)` or an error, as
//! `FramedRead` does (no runtime needed). Checks that
//! - nothing panics;
//! - every frame is exactly its `command_length` octets, between 16 and the
//!   maximum, and the frames concatenated are a prefix of the stream (the
//!   whole stream when no error is returned);
//! - decoding stops at the first error, and the error describes the stream
//!   at the end of the last frame (the `command_length` read there, the
//!   maximum, the octets buffered; a `sequence_number` it reports is the
//!   one in the stream, and with the stream in one piece it is reported
//!   exactly when the 16-octet header is there);
//! - the same stream in one piece gives the same frames and the same error
//!   (up to that `sequence_number`, which is only known once the header
//!   has arrived): chunking does not change the result.
//!
//! Run (from the repository root):
//!   scripts/fuzz 60 frame
//! or by hand:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run frame --release -- -max_total_time=60
//! Reproduce a crash:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run frame --release fuzz/artifacts/frame/crash-...

#![no_main]

use arbitrary::Unstructured;
use bytes::{Bytes, BytesMut};
use inlet_pdu::{FrameCodec, FrameError};
use libfuzzer_sys::fuzz_target;
use tokio_util::codec::Decoder;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let max_len: u32 = u.int_in_range(16..=4096).unwrap_or(16);
    let script_len: usize = u.int_in_range(0..=32).unwrap_or(0);
    let script: Vec<usize> = (0..script_len)
        .map(|_| u.int_in_range(1..=256usize).unwrap_or(1))
        .collect();
    let stream = u.take_rest();

    let codec = FrameCodec::with_max_len(max_len);
    assert_eq!(codec.max_len(), max_len);

    let whole = run(codec, stream, &[stream.len().max(1)]);
    check(&whole, stream, max_len, true);
    if !script.is_empty() {
        let chunked = run(codec, stream, &script);
        check(&chunked, stream, max_len, false);
        assert_eq!(
            chunked.frames, whole.frames,
            "chunking changes the frames (script {script:?})"
        );
        assert_eq!(
            chunked.error.as_ref().map(normalize),
            whole.error.as_ref().map(normalize),
            "chunking changes the error (script {script:?}): {:?} in pieces, {:?} in one",
            chunked.error,
            whole.error,
        );
    }
});

/// What the decoder made of a stream.
struct Run {
    frames: Vec<Bytes>,
    error: Option<FrameError>,
}

/// Feeds `stream` to `codec` in chunks of the sizes in `script` (cycled),
/// decoding after each, then signals the end of the stream.
fn run(mut codec: FrameCodec, stream: &[u8], script: &[usize]) -> Run {
    let mut frames = Vec::new();
    let mut buf = BytesMut::new();
    let mut fed = 0;
    for &size in script.iter().cycle() {
        if fed >= stream.len() {
            break;
        }
        let end = (fed + size).min(stream.len());
        buf.extend_from_slice(&stream[fed..end]);
        fed = end;
        loop {
            match codec.decode(&mut buf) {
                Ok(Some(frame)) => frames.push(frame),
                Ok(None) => break,
                Err(e) => {
                    return Run {
                        frames,
                        error: Some(e),
                    };
                }
            }
        }
    }
    loop {
        match codec.decode_eof(&mut buf) {
            Ok(Some(frame)) => frames.push(frame),
            Ok(None) => {
                assert!(
                    buf.is_empty(),
                    "decode_eof ends with {} octets buffered",
                    buf.len()
                );
                return Run {
                    frames,
                    error: None,
                };
            }
            Err(e) => {
                return Run {
                    frames,
                    error: Some(e),
                };
            }
        }
    }
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes(b[..4].try_into().expect("4 octets"))
}

/// Checks a run against the stream it was given.
fn check(run: &Run, stream: &[u8], max_len: u32, one_piece: bool) {
    let mut at = 0;
    for (i, frame) in run.frames.iter().enumerate() {
        assert!(frame.len() >= 16, "frame {i} is {} octets", frame.len());
        let command_length = be32(frame);
        assert_eq!(
            usize::try_from(command_length).ok(),
            Some(frame.len()),
            "frame {i} is not its command_length"
        );
        assert!(command_length <= max_len, "frame {i} exceeds the maximum");
        assert_eq!(
            stream.get(at..at + frame.len()),
            Some(&frame[..]),
            "frame {i} is not the stream at offset {at}"
        );
        at += frame.len();
    }
    let rest = &stream[at..];
    let Some(error) = &run.error else {
        assert!(
            rest.is_empty(),
            "no error but {} octets not framed",
            rest.len()
        );
        return;
    };
    let check_seq = |sequence_number: &Option<u32>| match sequence_number {
        Some(s) => assert_eq!(
            rest.get(12..16).map(be32),
            Some(*s),
            "wrong sequence_number in {error:?}"
        ),
        None => assert!(
            !(one_piece && rest.len() >= 16),
            "no sequence_number in {error:?} with the header there"
        ),
    };
    match error {
        FrameError::TooShort {
            command_length,
            sequence_number,
        } => {
            assert_eq!(rest.get(..4).map(be32), Some(*command_length), "{error:?}");
            assert!(*command_length < 16, "{error:?}");
            check_seq(sequence_number);
        }
        FrameError::TooLong {
            command_length,
            max,
            sequence_number,
        } => {
            assert_eq!(rest.get(..4).map(be32), Some(*command_length), "{error:?}");
            assert_eq!(*max, max_len, "{error:?}");
            assert!(*command_length > max_len, "{error:?}");
            check_seq(sequence_number);
        }
        FrameError::UnexpectedEof { buffered } => {
            assert_eq!(*buffered, rest.len(), "{error:?}");
            assert!(*buffered > 0, "{error:?}");
            if rest.len() >= 4 {
                let command_length = be32(rest);
                assert!(
                    (16..=max_len).contains(&command_length)
                        && usize::try_from(command_length).is_ok_and(|l| l > rest.len()),
                    "{error:?} with command_length {command_length} there"
                );
            }
        }
        FrameError::Encode(_) | FrameError::Io(_) => panic!("decoding returned {error:?}"),
    }
}

/// An error without the `sequence_number` (which depends on how much of
/// the header had arrived when the length was checked).
fn normalize(e: &FrameError) -> (&'static str, u32, u32, usize) {
    match e {
        FrameError::TooShort { command_length, .. } => ("too_short", *command_length, 0, 0),
        FrameError::TooLong {
            command_length,
            max,
            ..
        } => ("too_long", *command_length, *max, 0),
        FrameError::UnexpectedEof { buffered } => ("eof", 0, 0, *buffered),
        other => (other.as_label(), 0, 0, 0),
    }
}
