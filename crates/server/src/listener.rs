//! The accept loop: one task per connection, tracked, stopped by the
//! shutdown token.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::warn;

use crate::Server;

/// Accepts connections on `listener` until `shutdown`, then waits for the
/// sessions to end. Accept errors (out of file descriptors...) back off
/// instead of ending the server.
pub async fn run(server: Arc<Server>, listener: TcpListener, shutdown: CancellationToken) {
    let sessions = TaskTracker::new();
    let mut backoff = Duration::from_millis(5);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    backoff = Duration::from_millis(5);
                    let _ = stream.set_nodelay(true);
                    sessions.spawn(crate::session::run(server.clone(), stream, peer, shutdown.clone()));
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
