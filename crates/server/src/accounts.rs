//! The accounts carriers bind with, resolved once at start.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use inlet_message::address::Country;
use inlet_message::normalize::Policy;
use inlet_message::text::TextPolicy;
use inlet_pdu::CommandStatus;

use crate::config::{AccountConfig, BindType, Password, UnroutedPolicy};
use crate::rate::RateLimit;

/// Why the accounts could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Two accounts share a `system_id`.
    #[error("accounts: system_id {0:?} is defined twice")]
    Duplicate(String),
    /// The password source could not be read.
    #[error("account {system_id:?}: password: {reason}")]
    Password {
        /// The account.
        system_id: String,
        /// What failed.
        reason: String,
    },
    /// `default_country` is not an ISO 3166 code inlet knows.
    #[error("account {system_id:?}: default_country {country:?} is unknown")]
    Country {
        /// The account.
        system_id: String,
        /// The value.
        country: String,
    },
    /// The `message_id` format cannot be served.
    #[error("account {system_id:?}: message_id: {reason}")]
    MessageId {
        /// The account.
        system_id: String,
        /// Why.
        reason: String,
    },
}

/// How an account's password is checked.
#[derive(Debug)]
enum Secret {
    /// Compared in constant time.
    Plain(String),
    /// An argon2 hash (PHC string, checked at start).
    Argon2(String),
}

/// One account, ready for binds.
#[derive(Debug)]
pub struct Account {
    /// Its configuration.
    pub config: AccountConfig,
    password: Secret,
    /// The normalization policy of its messages.
    pub policy: Policy,
    /// Binds held, shared with the account of the same system_id after a
    /// reload so `max_binds` counts the binds made before it.
    binds: Arc<AtomicUsize>,
    rate: Option<RateLimit>,
}

impl Account {
    /// Takes one message from the account's rate; `false` when over it.
    pub fn admit(&self) -> bool {
        self.rate
            .as_ref()
            .is_none_or(|r| r.try_take(std::time::Instant::now()))
    }

    /// Whether unrouted messages are refused.
    pub fn rejects_unrouted(&self) -> bool {
        self.config.unrouted == UnroutedPolicy::Reject
    }
}

/// Why a bind was refused: one status for unknown system_id and wrong
/// password, so system_ids cannot be probed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindRefusal {
    /// Unknown system_id or wrong password.
    Credentials,
    /// The account may not bind this way.
    BindType,
    /// The account has all its binds.
    TooManyBinds,
    /// The connection's source address is not in the account's allow-list.
    Address,
}

impl BindRefusal {
    /// The status of the bind_resp.
    pub const fn command_status(self) -> CommandStatus {
        match self {
            BindRefusal::Credentials => CommandStatus::ESME_RINVPASWD,
            BindRefusal::BindType | BindRefusal::TooManyBinds | BindRefusal::Address => {
                CommandStatus::ESME_RBINDFAIL
            }
        }
    }

    /// The metric label.
    pub const fn as_label(self) -> &'static str {
        match self {
            BindRefusal::Credentials => "credentials",
            BindRefusal::BindType => "bind_type",
            BindRefusal::TooManyBinds => "too_many_binds",
            BindRefusal::Address => "address",
        }
    }
}

/// A bind slot of an account, released when dropped.
#[derive(Debug)]
pub struct BindGuard {
    account: Arc<Account>,
}

impl BindGuard {
    /// The account bound.
    pub fn account(&self) -> &Arc<Account> {
        &self.account
    }
}

impl Drop for BindGuard {
    fn drop(&mut self) {
        self.account.binds.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Every account, by `system_id`.
#[derive(Debug)]
pub struct Accounts {
    /// Swapped whole by [`Accounts::reload`]; binds look it up without a lock.
    by_id: arc_swap::ArcSwap<HashMap<String, Arc<Account>>>,
    /// Argon2 checks running at once: a bind flood queues here instead of
    /// taking every core and the memory each check uses.
    hashing: tokio::sync::Semaphore,
    /// Credentials verified recently (a digest of system_id and password,
    /// and when), so a carrier rebinding does not pay argon2 every time.
    // std Mutex: map lookups, never held across an await.
    verified: std::sync::Mutex<HashMap<[u8; 32], std::time::Instant>>,
}

/// How long verified credentials are trusted without hashing again.
const VERIFIED_TTL: std::time::Duration = std::time::Duration::from_secs(60);
/// Most verified credentials remembered (cleared when full).
const VERIFIED_MAX: usize = 4096;
/// Argon2 checks allowed at once.
const HASHING_PERMITS: usize = 2;

/// Equal byte strings, compared in full whatever the first difference so
/// the time taken says nothing about where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Accounts {
    /// Resolves passwords and policies.
    ///
    /// # Errors
    /// An [`AccountError`] naming the account.
    pub fn new(configs: Vec<AccountConfig>) -> Result<Accounts, AccountError> {
        Ok(Accounts {
            by_id: arc_swap::ArcSwap::from_pointee(Accounts::build(configs, &HashMap::new())?),
            hashing: tokio::sync::Semaphore::new(HASHING_PERMITS),
            verified: std::sync::Mutex::new(HashMap::new()),
        })
    }

    /// Replaces every account (SIGHUP). Sessions already bound keep the
    /// settings they bound with until they rebind; bind counts carry over
    /// by system_id; credentials are checked afresh. On error nothing
    /// changes.
    ///
    /// # Errors
    /// An [`AccountError`] naming the account.
    pub fn reload(&self, configs: Vec<AccountConfig>) -> Result<usize, AccountError> {
        let accounts = Accounts::build(configs, &self.by_id.load())?;
        let count = accounts.len();
        self.by_id.store(Arc::new(accounts));
        self.verified
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
        Ok(count)
    }

    /// The system_ids configured, sorted.
    pub fn system_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.by_id.load().keys().cloned().collect();
        ids.sort();
        ids
    }

    fn build(
        configs: Vec<AccountConfig>,
        previous: &HashMap<String, Arc<Account>>,
    ) -> Result<HashMap<String, Arc<Account>>, AccountError> {
        let mut by_id = HashMap::new();
        for config in configs {
            let system_id = config.system_id.clone();
            let password = match &config.password {
                Password::Argon2(hash) => {
                    argon2::PasswordHash::new(hash).map_err(|e| AccountError::Password {
                        system_id: system_id.clone(),
                        reason: format!("not an argon2 PHC hash: {e}"),
                    })?;
                    Secret::Argon2(hash.clone())
                }
                Password::InsecurePlain(p) => Secret::Plain(p.clone()),
                Password::Env(var) => {
                    Secret::Plain(std::env::var(var).map_err(|e| AccountError::Password {
                        system_id: system_id.clone(),
                        reason: format!("environment variable {var}: {e}"),
                    })?)
                }
                Password::File(path) => Secret::Plain(
                    std::fs::read_to_string(path)
                        .map(|s| s.trim_end_matches(['\r', '\n']).to_owned())
                        .map_err(|e| AccountError::Password {
                            system_id: system_id.clone(),
                            reason: format!("{path}: {e}"),
                        })?,
                ),
            };
            config
                .message_id
                .check()
                .map_err(|reason| AccountError::MessageId {
                    system_id: system_id.clone(),
                    reason,
                })?;
            let country = Country::from_iso(&config.default_country).ok_or_else(|| {
                AccountError::Country {
                    system_id: system_id.clone(),
                    country: config.default_country.clone(),
                }
            })?;
            let policy = Policy {
                country,
                text: TextPolicy {
                    dcs0: config.dcs0,
                    gsm_packed: config.gsm_packed,
                },
            };
            let rate = config
                .max_messages_per_second
                .map(|r| RateLimit::new(r, std::time::Instant::now()));
            let account = Account {
                config,
                password,
                policy,
                binds: previous
                    .get(&system_id)
                    .map_or_else(|| Arc::new(AtomicUsize::new(0)), |a| a.binds.clone()),
                rate,
            };
            if by_id.insert(system_id.clone(), Arc::new(account)).is_some() {
                return Err(AccountError::Duplicate(system_id));
            }
        }
        Ok(by_id)
    }

    /// Checks `password` against an argon2 `hash`: from the cache of recent
    /// successes, else on the blocking pool under the hashing semaphore.
    async fn verify_hash(&self, system_id: &str, hash: &str, password: &[u8]) -> bool {
        use sha2::Digest;
        let key: [u8; 32] = sha2::Sha256::new()
            .chain_update(system_id.as_bytes())
            .chain_update([0])
            .chain_update(password)
            .finalize()
            .into();
        let lock = || {
            self.verified
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if lock()
            .get(&key)
            .is_some_and(|at| at.elapsed() < VERIFIED_TTL)
        {
            return true;
        }
        let Ok(_permit) = self.hashing.acquire().await else {
            return false;
        };
        let (hash, password) = (hash.to_owned(), password.to_vec());
        let ok = tokio::task::spawn_blocking(move || {
            use argon2::PasswordVerifier;
            argon2::PasswordHash::new(&hash).is_ok_and(|h| {
                argon2::Argon2::default()
                    .verify_password(&password, &h)
                    .is_ok()
            })
        })
        .await
        .unwrap_or(false);
        if ok {
            let mut verified = lock();
            if verified.len() >= VERIFIED_MAX {
                verified.clear();
            }
            verified.insert(key, std::time::Instant::now());
        }
        ok
    }

    /// Checks a bind and takes a bind slot.
    ///
    /// # Errors
    /// Why the bind is refused.
    pub async fn bind(
        &self,
        system_id: &[u8],
        password: &[u8],
        bind_type: BindType,
        source: std::net::IpAddr,
    ) -> Result<BindGuard, BindRefusal> {
        let account = std::str::from_utf8(system_id)
            .ok()
            .and_then(|id| self.by_id.load().get(id).cloned())
            .ok_or(BindRefusal::Credentials)?;
        let same = match &account.password {
            Secret::Plain(expected) => constant_time_eq(expected.as_bytes(), password),
            Secret::Argon2(hash) => {
                self.verify_hash(&account.config.system_id, hash, password)
                    .await
            }
        };
        if !same {
            return Err(BindRefusal::Credentials);
        }
        let allowed = &account.config.allowed_sources;
        if !allowed.is_empty() && !allowed.iter().any(|c| c.contains(source)) {
            return Err(BindRefusal::Address);
        }
        if !account.config.bind_types.contains(&bind_type) {
            return Err(BindRefusal::BindType);
        }
        let taken = account.binds.fetch_add(1, Ordering::AcqRel);
        if taken >= account.config.max_binds {
            account.binds.fetch_sub(1, Ordering::AcqRel);
            return Err(BindRefusal::TooManyBinds);
        }
        Ok(BindGuard {
            account: account.clone(),
        })
    }
}
