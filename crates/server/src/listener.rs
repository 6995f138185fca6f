//! The accept loop, shared by plain TCP and TLS listeners: connection
//! permits (in all, taken before accept; per source address), one task per
//! connection, tracked, stopped by the shutdown token.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

use crate::Server;
use crate::tls::ReloadableTls;

/// Open connections per source address.
#[derive(Default)]
struct PerIp {
    // std Mutex: a map update, never held across an await.
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection's place in [`PerIp`], given back when dropped.
struct IpPermit {
    per_ip: Arc<PerIp>,
    ip: IpAddr,
}

impl PerIp {
    fn try_take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<IpPermit> {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(ip).or_insert(0);
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(IpPermit {
            per_ip: self.clone(),
            ip,
        })
    }
}

impl Drop for IpPermit {
    fn drop(&mut self) {
        let mut open = self
            .per_ip
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// One accepted connection: its PROXY header when configured, its
/// per-address permit, its TLS handshake on a TLS listener, then the
/// session. The PROXY header and the handshake share one deadline, the
/// bind deadline counted from accept; the session then gives the bind its
/// own.
async fn serve(
    server: Arc<Server>,
    mut stream: tokio::net::TcpStream,
    peer: std::net::SocketAddr,
    tls: Option<Arc<ReloadableTls>>,
    proxy: bool,
    per_ip: Arc<PerIp>,
    shutdown: CancellationToken,
) {
    let deadline = tokio::time::Instant::now() + server.config.bind_timeout();
    let peer = if proxy {
        let header =
            tokio::time::timeout_at(deadline, crate::proxy::read_header(&mut stream)).await;
        match header {
            Ok(Ok(Some(client))) => client,
            Ok(Ok(None)) => peer,
            Ok(Err(e)) => {
                info!(%peer, error = %e, "PROXY header refused: closing");
                return;
            }
            Err(_) => {
                info!(%peer, "no PROXY header in time: closing");
                return;
            }
        }
    } else {
        peer
    };
    let Some(_ip_permit) = per_ip.try_take(peer.ip(), server.config.max_connections_per_ip) else {
        info!(%peer, "too many connections from this address: closing");
        return;
    };
    let Some(tls) = tls else {
        crate::session::run(server, stream, peer, shutdown).await;
        return;
    };
    // The configuration current at accept: a reload applies to the next
    // connection.
    let acceptor = TlsAcceptor::from(tls.current());
    let handshake = tokio::select! {
        () = shutdown.cancelled() => return,
        handshake = tokio::time::timeout_at(deadline, acceptor.accept(stream)) => handshake,
    };
    match handshake {
        Ok(Ok(stream)) => crate::session::run(server, stream, peer, shutdown).await,
        Ok(Err(e)) => info!(%peer, error = %e, "TLS handshake failed: closing"),
        Err(_) => info!(%peer, "no TLS handshake in time: closing"),
    }
}

/// Accepts connections on `listener` until `shutdown`, then waits for the
/// sessions to end. A connection permit is taken before each accept, so at
/// the cap the server stops accepting rather than accepting and dropping;
/// a source address over its own cap is closed at once. Accept errors
/// (out of file descriptors...) back off instead of ending the server.
pub async fn run(server: Arc<Server>, listener: TcpListener, shutdown: CancellationToken) {
    let proxy = server.config.proxy_protocol;
    accept_loop(server, listener, None, proxy, shutdown).await;
}

/// [`run`] for a TLS listener: each connection does its TLS handshake
/// (after its PROXY header when configured, within the bind deadline)
/// before its session. The handshake uses `tls` as it is at accept, so
/// [`ReloadableTls::reload`] applies to new connections. Permits and
/// per-address caps count per listener.
pub async fn run_tls(
    server: Arc<Server>,
    listener: TcpListener,
    tls: Arc<ReloadableTls>,
    shutdown: CancellationToken,
) {
    let proxy = server.config.proxy_protocol;
    accept_loop(server, listener, Some(tls), proxy, shutdown).await;
}

/// [`run`] or [`run_tls`] (with `tls`), with the PROXY protocol on or off
/// for this listener whatever `server.proxy_protocol` says: one listener
/// behind a load balancer, another reached directly.
pub async fn run_listener(
    server: Arc<Server>,
    listener: TcpListener,
    tls: Option<Arc<ReloadableTls>>,
    proxy_protocol: bool,
    shutdown: CancellationToken,
) {
    accept_loop(server, listener, tls, proxy_protocol, shutdown).await;
}

/// The loop behind [`run`], [`run_tls`] and [`run_listener`].
async fn accept_loop(
    server: Arc<Server>,
    listener: TcpListener,
    tls: Option<Arc<ReloadableTls>>,
    proxy: bool,
    shutdown: CancellationToken,
) {
    let sessions = TaskTracker::new();
    let permits = Arc::new(Semaphore::new(server.config.max_connections.max(1)));
    let per_ip = Arc::new(PerIp::default());
    let mut backoff = Duration::from_millis(5);
    loop {
        let permit = tokio::select! {
            () = shutdown.cancelled() => break,
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    backoff = Duration::from_millis(5);
                    let _ = stream.set_nodelay(true);
                    let (server, tls, per_ip, shutdown) =
                        (server.clone(), tls.clone(), per_ip.clone(), shutdown.clone());
                    // The PROXY header and the TLS handshake are done in the
                    // connection's own task: a slow client must not hold
                    // the accept loop.
                    sessions.spawn(async move {
                        serve(server, stream, peer, tls, proxy, per_ip, shutdown).await;
                        drop(permit);
                    });
                }
                Err(e) => {
                    warn!(error = %e, "accept failed; backing off");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                }
            },
        }
    }
    sessions.close();
    sessions.wait().await;
}
