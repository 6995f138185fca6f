//! Every PDU through `tokio::io::duplex(n)` for small `n`: the codec must
//! reassemble frames whatever size the reads come in.

use bytes::Bytes;
use futures_util::StreamExt;
use inlet_pdu::{FrameCodec, FrameError, Pdu};
use tokio::io::AsyncWriteExt;
use tokio_util::codec::FramedRead;

/// Three frames of every command (long ones among them).
fn corpus() -> Vec<Vec<u8>> {
    inlet_pdu::arbitrary::corpus(3)
}

#[tokio::test]
async fn every_pdu_survives_reads_of_any_small_size() {
    let frames = corpus();
    let stream: Vec<u8> = frames.concat();
    for n in [1, 2, 3, 5, 7, 16, 17, 64] {
        let (mut client, server) = tokio::io::duplex(n);
        let writer = {
            let stream = stream.clone();
            tokio::spawn(async move {
                client.write_all(&stream).await.expect("write");
                client.shutdown().await.expect("shutdown");
            })
        };
        let mut reader = FramedRead::new(server, FrameCodec::new());
        for expected in &frames {
            let frame: Bytes = reader.next().await.expect("a frame").expect("valid frame");
            assert_eq!(&frame[..], &expected[..], "duplex({n})");
            Pdu::decode(&frame).expect("decodes");
        }
        assert!(reader.next().await.is_none(), "clean end with duplex({n})");
        writer.await.expect("writer");
    }
}

#[tokio::test]
async fn a_stream_cut_inside_a_frame_is_an_error_not_a_hang() {
    let frames = corpus();
    let cut = &frames[0][..frames[0].len() - 1];
    let (mut client, server) = tokio::io::duplex(3);
    let cut = cut.to_vec();
    tokio::spawn(async move {
        client.write_all(&cut).await.expect("write");
        client.shutdown().await.expect("shutdown");
    });
    let mut reader = FramedRead::new(server, FrameCodec::new());
    match reader.next().await {
        Some(Err(FrameError::UnexpectedEof { .. })) => {}
        other => panic!("expected UnexpectedEof, got {other:?}"),
    }
}

#[tokio::test]
async fn an_overlong_command_length_is_refused_before_the_body() {
    let (mut client, server) = tokio::io::duplex(8);
    tokio::spawn(async move {
        // Claims 1 MiB, sends only the header.
        let mut header = vec![0x00, 0x10, 0x00, 0x00, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9];
        header.extend_from_slice(&[0; 16]);
        client.write_all(&header).await.expect("write");
    });
    let mut reader = FramedRead::new(server, FrameCodec::new());
    match reader.next().await {
        Some(Err(FrameError::TooLong {
            command_length: 0x0010_0000,
            max: 65536,
            ..
        })) => {}
        other => panic!("expected TooLong, got {other:?}"),
    }
}
