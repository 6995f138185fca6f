//! TLS for listeners: rustls with the ring provider, TLS 1.2 and 1.3, the
//! certificate chain and private key read from PEM files. The current
//! rustls configuration sits behind an [`ArcSwap`], so a renewed
//! certificate is picked up by [`ReloadableTls::reload`] and applies to new
//! connections without a restart; open sessions keep the one they
//! negotiated with.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::Deserialize;

/// Where a TLS listener's certificate and key are.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM file with the certificate chain, leaf first, then any
    /// intermediates.
    pub cert_file: PathBuf,
    /// PEM file with the private key of the leaf certificate (PKCS#8,
    /// PKCS#1 or SEC1).
    pub key_file: PathBuf,
}

/// Why a TLS configuration could not be loaded. Each error names the file
/// and what is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate file could not be read or holds no usable
    /// certificate.
    #[error("TLS certificate file {}: {reason}", path.display())]
    Certificate {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The key file could not be read or holds no usable private key.
    #[error("TLS key file {}: {reason}", path.display())]
    Key {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// rustls refused the pair (the key does not match the certificate, an
    /// unsupported key type...).
    #[error(
        "TLS certificate file {} with key file {}: {reason}",
        cert.display(),
        key.display()
    )]
    Pair {
        /// The certificate file.
        cert: PathBuf,
        /// The key file.
        key: PathBuf,
        /// What rustls said.
        reason: String,
    },
}

/// A listener's TLS configuration, reloadable from its files.
pub struct ReloadableTls {
    files: TlsConfig,
    current: ArcSwap<rustls::ServerConfig>,
}

impl std::fmt::Debug for ReloadableTls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReloadableTls")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

impl ReloadableTls {
    /// Reads the certificate chain and key named by `files`.
    pub fn load(files: &TlsConfig) -> Result<ReloadableTls, TlsError> {
        let config = server_config(files)?;
        Ok(ReloadableTls {
            files: files.clone(),
            current: ArcSwap::from(config),
        })
    }

    /// Reads the files again. On success new connections use the new
    /// certificate; on error the previous one stays in use.
    pub fn reload(&self) -> Result<(), TlsError> {
        let config = server_config(&self.files)?;
        self.current.store(config);
        Ok(())
    }

    /// The files this configuration is read from.
    pub fn files(&self) -> &TlsConfig {
        &self.files
    }

    /// The rustls configuration new connections are accepted with.
    pub fn current(&self) -> Arc<rustls::ServerConfig> {
        self.current.load_full()
    }
}

/// A rustls server configuration from the files: ring provider, TLS 1.3
/// and 1.2, no client certificates.
fn server_config(files: &TlsConfig) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let certs = read_certs(&files.cert_file)?;
    let key = read_key(&files.key_file)?;
    let pair_error = |e: rustls::Error| TlsError::Pair {
        cert: files.cert_file.clone(),
        key: files.key_file.clone(),
        reason: match e {
            rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch) => {
                "the private key is not the certificate's".into()
            }
            e => e.to_string(),
        },
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(pair_error)?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(pair_error)?;
    Ok(Arc::new(config))
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let error = |reason: String| TlsError::Certificate {
        path: path.to_owned(),
        reason,
    };
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| error(pem_reason(&e)))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error(pem_reason(&e)))?;
    if certs.is_empty() {
        return Err(error("no PEM CERTIFICATE section found".into()));
    }
    Ok(certs)
}

fn read_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    PrivateKeyDer::from_pem_file(path).map_err(|e| TlsError::Key {
        path: path.to_owned(),
        reason: match e {
            pem::Error::NoItemsFound => {
                "no PEM private key section (PKCS#8, PKCS#1 or SEC1) found".into()
            }
            e => pem_reason(&e),
        },
    })
}

fn pem_reason(e: &pem::Error) -> String {
    match e {
        pem::Error::Io(e) => e.to_string(),
        pem::Error::MissingSectionEnd { end_marker } => format!(
            "not valid PEM: a {} section has no END line",
            String::from_utf8_lossy(end_marker)
        ),
        pem::Error::IllegalSectionStart { line } => format!(
            "not valid PEM: bad BEGIN line \"{}\"",
            String::from_utf8_lossy(line)
        ),
        e => format!("not valid PEM: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_are_named() {
        let files = TlsConfig {
            cert_file: "/nonexistent/inlet/cert.pem".into(),
            key_file: "/nonexistent/inlet/key.pem".into(),
        };
        let err = ReloadableTls::load(&files).expect_err("no such file");
        let text = err.to_string();
        assert!(text.contains("/nonexistent/inlet/cert.pem"), "{text}");
    }
}
