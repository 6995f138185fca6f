//! TLS listeners over real TCP on 127.0.0.1: self-signed certificates from
//! rcgen written to PEM files, a tokio-rustls client trusting them, SMPP
//! frames over the TLS stream.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use inlet_pdu::{Address, Bind, Body, CommandId, CommandStatus, FrameCodec, Pdu, SubmitSm};
use inlet_server::{ReloadableTls, ServerConfig, TlsConfig, TlsError};
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_util::codec::Framed;

mod common;

use common::{Harness, start_tls};

/// A directory of its own under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("inlet-tls-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn files(&self) -> TlsConfig {
        TlsConfig {
            cert_file: self.0.join("cert.pem"),
            key_file: self.0.join("key.pem"),
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A self-signed certificate for localhost and 127.0.0.1, written to the
/// files; its DER.
fn write_cert(files: &TlsConfig) -> CertificateDer<'static> {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .expect("certificate");
    std::fs::write(&files.cert_file, certified.cert.pem()).expect("write cert");
    std::fs::write(&files.key_file, certified.signing_key.serialize_pem()).expect("write key");
    certified.cert.der().clone()
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A client trusting `roots`, speaking only `version`.
fn connector(
    roots: &[CertificateDer<'static>],
    version: &'static rustls::SupportedProtocolVersion,
) -> TlsConnector {
    let mut store = rustls::RootCertStore::empty();
    for root in roots {
        store.add(root.clone()).expect("trust anchor");
    }
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&[version])
        .expect("versions")
        .with_root_certificates(store)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

async fn connect_tls(h: &Harness, connector: &TlsConnector) -> TlsStream<TcpStream> {
    let tcp = TcpStream::connect(h.addr).await.expect("connect");
    let name = ServerName::try_from("localhost").expect("server name");
    tokio::time::timeout(Duration::from_secs(5), connector.connect(name, tcp))
        .await
        .expect("handshake in time")
        .expect("handshake")
}

fn peer_cert(stream: &TlsStream<TcpStream>) -> CertificateDer<'static> {
    stream
        .get_ref()
        .1
        .peer_certificates()
        .and_then(|certs| certs.first())
        .expect("a server certificate")
        .clone()
        .into_owned()
}

/// The next frame, or `None` when the server closed (or sent no SMPP).
async fn recv<S: AsyncRead + AsyncWrite + Unpin>(
    framed: &mut Framed<S, FrameCodec>,
) -> Option<bytes::Bytes> {
    match tokio::time::timeout(Duration::from_secs(5), framed.next()).await {
        Ok(Some(Ok(frame))) => Some(frame),
        Ok(_) => None,
        Err(_) => panic!("no answer within 5 s"),
    }
}

async fn send<S: AsyncRead + AsyncWrite + Unpin>(framed: &mut Framed<S, FrameCodec>, pdu: Pdu<'_>) {
    framed
        .send(pdu.to_bytes().expect("encodes"))
        .await
        .expect("send");
}

fn bind_pdu() -> Pdu<'static> {
    Pdu::new(
        1,
        Body::BindTransceiver(Bind {
            system_id: b"carrier",
            password: b"secret",
            interface_version: 0x34,
            ..Bind::default()
        }),
    )
}

/// Binds as "carrier" and submits a routed message: both ESME_ROK.
async fn bind_and_submit<S: AsyncRead + AsyncWrite + Unpin>(stream: S) {
    let mut framed = Framed::new(stream, FrameCodec::new());
    send(&mut framed, bind_pdu()).await;
    let resp = recv(&mut framed).await.expect("bind_resp");
    let pdu = Pdu::decode(&resp).expect("decodes");
    assert_eq!(
        (pdu.command_id(), pdu.command_status),
        (CommandId::BIND_TRANSCEIVER_RESP, CommandStatus::ESME_ROK)
    );
    let submit = Pdu::new(
        2,
        Body::SubmitSm(SubmitSm {
            source: Address::new(5, 0, b"WhatsApp"),
            dest: Address::new(1, 1, b"447700900123"),
            short_message: b"Your WhatsApp code is 482-913",
            ..SubmitSm::default()
        }),
    );
    send(&mut framed, submit).await;
    let resp = recv(&mut framed).await.expect("submit_sm_resp");
    let pdu = Pdu::decode(&resp).expect("decodes");
    assert_eq!(
        (pdu.command_id(), pdu.command_status, pdu.sequence_number),
        (CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 2)
    );
}

#[tokio::test]
async fn bind_and_submit_over_tls_12_and_13_then_reload() {
    let dir = TempDir::new("reload");
    let files = dir.files();
    let first = write_cert(&files);
    let tls = Arc::new(ReloadableTls::load(&files).expect("loads"));
    let h = start_tls(ServerConfig::default(), tls.clone()).await;

    for version in [&rustls::version::TLS13, &rustls::version::TLS12] {
        let stream = connect_tls(&h, &connector(std::slice::from_ref(&first), version)).await;
        assert_eq!(peer_cert(&stream), first);
        assert_eq!(stream.get_ref().1.protocol_version(), Some(version.version));
        bind_and_submit(stream).await;
    }
    assert_eq!(h.publisher.messages().len(), 2);

    // A renewed certificate: new connections see it without a restart,
    // and a session opened before the reload carries on.
    let both = |second: &CertificateDer<'static>| vec![first.clone(), second.clone()];
    let before = connect_tls(
        &h,
        &connector(std::slice::from_ref(&first), &rustls::version::TLS13),
    )
    .await;
    let second = write_cert(&files);
    assert_ne!(first, second);
    tls.reload().expect("reloads");
    let after = connect_tls(&h, &connector(&both(&second), &rustls::version::TLS13)).await;
    assert_eq!(peer_cert(&after), second);
    bind_and_submit(after).await;
    bind_and_submit(before).await;

    // A client trusting only the old certificate is now refused.
    let tcp = TcpStream::connect(h.addr).await.expect("connect");
    let name = ServerName::try_from("localhost").expect("server name");
    let old_only = connector(&[first], &rustls::version::TLS13);
    assert!(old_only.connect(name, tcp).await.is_err());
}

#[tokio::test]
async fn a_failed_reload_keeps_the_current_certificate() {
    let dir = TempDir::new("failed-reload");
    let files = dir.files();
    let cert = write_cert(&files);
    let tls = Arc::new(ReloadableTls::load(&files).expect("loads"));
    let h = start_tls(ServerConfig::default(), tls.clone()).await;

    std::fs::write(&files.key_file, "not a key\n").expect("garble key");
    let err = tls.reload().expect_err("garbled key");
    assert!(matches!(err, TlsError::Key { .. }), "{err:?}");

    let stream = connect_tls(
        &h,
        &connector(std::slice::from_ref(&cert), &rustls::version::TLS13),
    )
    .await;
    assert_eq!(peer_cert(&stream), cert);
    bind_and_submit(stream).await;
}

#[tokio::test]
async fn plain_smpp_on_a_tls_port_does_not_bind() {
    let dir = TempDir::new("plain");
    let files = dir.files();
    write_cert(&files);
    let tls = Arc::new(ReloadableTls::load(&files).expect("loads"));
    let h = start_tls(ServerConfig::default(), tls).await;

    let tcp = TcpStream::connect(h.addr).await.expect("connect");
    let mut framed = Framed::new(tcp, FrameCodec::new());
    send(&mut framed, bind_pdu()).await;
    // The server closes (at most after a TLS alert, which is no SMPP frame).
    match recv(&mut framed).await {
        None => {}
        Some(frame) => panic!("an answer to a plain bind on a TLS port: {frame:?}"),
    }
    assert!(h.publisher.messages().is_empty());
}

#[tokio::test]
async fn a_slow_handshake_is_closed_at_the_bind_deadline() {
    let dir = TempDir::new("slow");
    let files = dir.files();
    write_cert(&files);
    let tls = Arc::new(ReloadableTls::load(&files).expect("loads"));
    let config = ServerConfig {
        bind_timeout_secs: 1,
        ..ServerConfig::default()
    };
    let h = start_tls(config, tls).await;

    // Connects and says nothing: no ClientHello.
    let tcp = TcpStream::connect(h.addr).await.expect("connect");
    let mut framed = Framed::new(tcp, FrameCodec::new());
    assert!(
        recv(&mut framed).await.is_none(),
        "closed after the deadline"
    );
}

#[test]
fn missing_and_garbled_files_are_named() {
    let dir = TempDir::new("errors");
    let files = dir.files();

    // Nothing written yet: the certificate file is missing.
    let err = ReloadableTls::load(&files).expect_err("missing cert");
    let text = err.to_string();
    assert!(matches!(err, TlsError::Certificate { .. }), "{err:?}");
    assert!(
        text.contains(&files.cert_file.display().to_string()),
        "{text}"
    );

    // A certificate but no key file.
    write_cert(&files);
    std::fs::remove_file(&files.key_file).expect("remove key");
    let err = ReloadableTls::load(&files).expect_err("missing key");
    let text = err.to_string();
    assert!(matches!(err, TlsError::Key { .. }), "{err:?}");
    assert!(
        text.contains(&files.key_file.display().to_string()),
        "{text}"
    );

    // A garbled key: no private key in it.
    std::fs::write(&files.key_file, "-----BEGIN CERTIFICATE-----\nnope\n").expect("garble");
    let err = ReloadableTls::load(&files).expect_err("garbled key");
    let text = err.to_string();
    assert!(matches!(err, TlsError::Key { .. }), "{err:?}");
    assert!(
        text.contains(&files.key_file.display().to_string()),
        "{text}"
    );

    // A valid PEM file with no private key in it.
    std::fs::copy(&files.cert_file, &files.key_file).expect("cert as key");
    let err = ReloadableTls::load(&files).expect_err("no key");
    let text = err.to_string();
    assert!(matches!(err, TlsError::Key { .. }), "{err:?}");
    assert!(text.contains("no PEM private key"), "{text}");

    // A key that is not the certificate's: both files named.
    let other = TempDir::new("errors-other");
    write_cert(&other.files());
    std::fs::copy(other.files().key_file, &files.key_file).expect("copy key");
    let err = ReloadableTls::load(&files).expect_err("mismatched key");
    let text = err.to_string();
    assert!(matches!(err, TlsError::Pair { .. }), "{err:?}");
    assert!(
        text.contains(&files.key_file.display().to_string()),
        "{text}"
    );
    assert!(text.contains("not the certificate's"), "{text}");
}
