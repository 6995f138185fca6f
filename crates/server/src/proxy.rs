//! The PROXY protocol (HAProxy, versions 1 and 2): a load balancer in
//! front of inlet says which address the carrier connected from, so
//! allow-lists and lockouts see the carrier, not the balancer.
//!
//! Written here rather than taken from a crate: the header is a short,
//! fixed format, read with exact-length reads so not one octet of the SMPP
//! stream behind it is consumed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use tokio::io::{AsyncRead, AsyncReadExt};

/// The version 2 signature.
const V2_SIGNATURE: [u8; 12] = *b"\r\n\r\n\0\r\nQUIT\n";
/// The longest version 1 line (spec: 107 octets with CRLF).
const V1_MAX: usize = 107;

/// Why a PROXY header was refused (the connection is closed).
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// Not a PROXY header at all.
    #[error("connection did not start with a PROXY protocol header")]
    Missing,
    /// A header that does not parse.
    #[error("malformed PROXY protocol header: {0}")]
    Malformed(&'static str),
    /// Reading failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Reads a PROXY header (v1 or v2) from the start of `io`. Returns the
/// client's address, or `None` for a header that carries none (v1
/// `UNKNOWN`, v2 `LOCAL` or an unsupported family): then the connection's
/// own address stands.
///
/// # Errors
/// [`ProxyError`] when the stream does not start with a valid header.
pub async fn read_header<S: AsyncRead + Unpin>(
    io: &mut S,
) -> Result<Option<SocketAddr>, ProxyError> {
    let mut start = [0u8; 5];
    io.read_exact(&mut start).await?;
    if &start == b"PROXY" {
        return read_v1(io).await;
    }
    if start == V2_SIGNATURE[..5] {
        return read_v2(io).await;
    }
    Err(ProxyError::Missing)
}

async fn read_v1<S: AsyncRead + Unpin>(io: &mut S) -> Result<Option<SocketAddr>, ProxyError> {
    let mut line = Vec::with_capacity(V1_MAX);
    line.extend_from_slice(b"PROXY");
    loop {
        let b = io.read_u8().await?;
        line.push(b);
        if line.ends_with(b"\r\n") {
            break;
        }
        if line.len() >= V1_MAX {
            return Err(ProxyError::Malformed("v1 line too long"));
        }
    }
    parse_v1(&line)
}

/// Parses a whole v1 line, CRLF included.
pub(crate) fn parse_v1(line: &[u8]) -> Result<Option<SocketAddr>, ProxyError> {
    let text =
        std::str::from_utf8(line).map_err(|_| ProxyError::Malformed("v1 line is not ASCII"))?;
    let text = text
        .strip_suffix("\r\n")
        .ok_or(ProxyError::Malformed("v1 line without CRLF"))?;
    let mut parts = text.split(' ');
    if parts.next() != Some("PROXY") {
        return Err(ProxyError::Malformed("v1 line without PROXY"));
    }
    match parts.next() {
        Some("UNKNOWN") => Ok(None),
        Some(family @ ("TCP4" | "TCP6")) => {
            let src: IpAddr = parts
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or(ProxyError::Malformed("v1 source address"))?;
            let _dst: IpAddr = parts
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or(ProxyError::Malformed("v1 destination address"))?;
            let port: u16 = parts
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or(ProxyError::Malformed("v1 source port"))?;
            let _dport: u16 = parts
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or(ProxyError::Malformed("v1 destination port"))?;
            if parts.next().is_some() || (family == "TCP4") != src.is_ipv4() {
                return Err(ProxyError::Malformed("v1 fields"));
            }
            Ok(Some(SocketAddr::new(src, port)))
        }
        _ => Err(ProxyError::Malformed("v1 protocol family")),
    }
}

async fn read_v2<S: AsyncRead + Unpin>(io: &mut S) -> Result<Option<SocketAddr>, ProxyError> {
    let mut rest = [0u8; 11];
    io.read_exact(&mut rest).await?;
    if rest[..7] != V2_SIGNATURE[5..] {
        return Err(ProxyError::Missing);
    }
    let (ver_cmd, family) = (rest[7], rest[8]);
    let len = usize::from(u16::from_be_bytes([rest[9], rest[10]]));
    let mut body = vec![0u8; len];
    io.read_exact(&mut body).await?;
    parse_v2(ver_cmd, family, &body)
}

/// Parses a v2 header's command, family and address block.
pub(crate) fn parse_v2(
    ver_cmd: u8,
    family: u8,
    body: &[u8],
) -> Result<Option<SocketAddr>, ProxyError> {
    if ver_cmd >> 4 != 2 {
        return Err(ProxyError::Malformed("v2 version"));
    }
    match ver_cmd & 0x0F {
        0 => return Ok(None), // LOCAL: the balancer's own health check
        1 => {}
        _ => return Err(ProxyError::Malformed("v2 command")),
    }
    match family {
        // TCP over IPv4: src 4, dst 4, src port 2, dst port 2.
        0x11 => {
            let b = body
                .get(..12)
                .ok_or(ProxyError::Malformed("v2 IPv4 block"))?;
            let ip = Ipv4Addr::new(b[0], b[1], b[2], b[3]);
            Ok(Some(SocketAddr::new(
                IpAddr::V4(ip),
                u16::from_be_bytes([b[8], b[9]]),
            )))
        }
        // TCP over IPv6: src 16, dst 16, src port 2, dst port 2.
        0x21 => {
            let b = body
                .get(..36)
                .ok_or(ProxyError::Malformed("v2 IPv6 block"))?;
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&b[..16]);
            let ip = Ipv6Addr::from(octets);
            Ok(Some(SocketAddr::new(
                IpAddr::V6(ip),
                u16::from_be_bytes([b[32], b[33]]),
            )))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(bytes: &[u8]) -> (Result<Option<SocketAddr>, ProxyError>, Vec<u8>) {
        let mut io = bytes;
        let r = read_header(&mut io).await;
        (r, io.to_vec())
    }

    #[tokio::test]
    async fn v1_and_v2_leave_the_stream_behind_untouched() {
        let (r, rest) =
            read(b"PROXY TCP4 203.0.113.7 198.51.100.1 56324 2775\r\n\x00\x00\x00\x10").await;
        assert_eq!(
            r.expect("valid").map(|a| a.to_string()).as_deref(),
            Some("203.0.113.7:56324")
        );
        assert_eq!(rest, b"\x00\x00\x00\x10");
        let (r, _) = read(b"PROXY TCP6 2001:db8::1 2001:db8::2 4000 2775\r\n").await;
        assert_eq!(
            r.expect("valid").map(|a| a.ip().to_string()).as_deref(),
            Some("2001:db8::1")
        );
        let (r, _) = read(b"PROXY UNKNOWN\r\n").await;
        assert!(r.expect("valid").is_none());

        let mut v2 = V2_SIGNATURE.to_vec();
        v2.extend_from_slice(&[
            0x21, 0x11, 0, 12, 203, 0, 113, 9, 10, 0, 0, 1, 0xDB, 0xC4, 0x0A, 0xD7,
        ]);
        v2.extend_from_slice(b"smpp");
        let (r, rest) = read(&v2).await;
        assert_eq!(
            r.expect("valid").map(|a| a.to_string()).as_deref(),
            Some("203.0.113.9:56260")
        );
        assert_eq!(rest, b"smpp");
        // LOCAL: no address.
        let mut local = V2_SIGNATURE.to_vec();
        local.extend_from_slice(&[0x20, 0x00, 0, 0]);
        assert!(read(&local).await.0.expect("valid").is_none());
    }

    #[tokio::test]
    async fn refuses_what_is_not_a_header() {
        assert!(matches!(
            read(b"\x00\x00\x00\x10\x00\x00\x00\x15").await.0,
            Err(ProxyError::Missing)
        ));
        assert!(matches!(
            read(b"PROXY TCP4 203.0.113.7 nope 1 2\r\n").await.0,
            Err(ProxyError::Malformed(_))
        ));
        assert!(matches!(
            read(&[b'P'; 200]).await.0,
            Err(ProxyError::Missing)
        ));
        let long = [b"PROXY ".as_slice(), &[b'x'; 200]].concat();
        assert!(matches!(read(&long).await.0, Err(ProxyError::Malformed(_))));
        assert!(matches!(
            read(b"PROXY TCP4 1.2.3.4").await.0,
            Err(ProxyError::Io(_))
        ));
    }
}
