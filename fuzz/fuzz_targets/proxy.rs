//! The PROXY protocol v1/v2 header reader (what a load balancer, or
//! anyone who can reach a PROXY listener, sends first): arbitrary input
//! never panics, never reads past a v1 line's 107 octets or a v2 header's
//! announced length, and an address it accepts came from the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = data;
    // Reading from a byte slice never waits, so a trivial executor runs it.
    let result = futures::executor::block_on(inlet_server::read_proxy_header(&mut input));
    let consumed = data.len() - input.len();
    if data.starts_with(b"PROXY") {
        assert!(
            consumed <= 107,
            "a v1 line is at most 107 octets: {consumed}"
        );
    } else if data.len() >= 16 && data.starts_with(b"\r\n\r\n\0\r\nQUIT\n") {
        let announced = usize::from(u16::from_be_bytes([data[14], data[15]]));
        assert!(consumed <= 16 + announced, "{consumed} > 16 + {announced}");
    }
    // A v2 address accepted is the header's own octets.
    if let Ok(Some(std::net::SocketAddr::V4(addr))) = result
        && !data.starts_with(b"PROXY")
    {
        let octets = addr.ip().octets();
        assert!(
            data.windows(4).any(|w| w == octets),
            "{addr} not in the input"
        );
    }
});
