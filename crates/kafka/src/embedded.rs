//! An in-process Kafka cluster: librdkafka's mock cluster, on 127.0.0.1.
//!
//! It speaks the Kafka protocol on real sockets, so inlet's producer and
//! consumers use it exactly as they use a real cluster. It is **not
//! durable**: no persistence, no compaction, everything is gone when the
//! process ends. It serves `kafka.brokers = "embedded"` (trying inlet out)
//! and the tests, where it can inject faults ([`EmbeddedBroker::broker_down`],
//! [`EmbeddedBroker::request_errors`]).
//!
//! `rdkafka::mocking::MockCluster` is neither `Send` nor `Sync`, so one
//! dedicated thread owns it and [`EmbeddedBroker`] (which is both) talks to
//! that thread over a channel. Every call waits for the thread's answer;
//! each takes well under a millisecond. Dropping the handle stops the
//! cluster.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use rdkafka::mocking::MockCluster;
use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};

/// Why the embedded broker could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmbeddedError {
    /// librdkafka's mock cluster refused.
    #[error("embedded broker: {0}")]
    Mock(String),
    /// The thread owning the cluster is gone.
    #[error("embedded broker thread stopped")]
    Stopped,
}

type Reply<T> = mpsc::SyncSender<Result<T, EmbeddedError>>;

enum Command {
    BrokerDown(i32, Reply<()>),
    BrokerUp(i32, Reply<()>),
    CreateTopic(String, i32, Reply<()>),
    RequestErrors(RDKafkaApiKey, Vec<RDKafkaRespErr>, Reply<()>),
    ClearRequestErrors(RDKafkaApiKey, Reply<()>),
    RoundTripTime(i32, Duration, Reply<()>),
}

/// A running in-process mock cluster. Cheap to start (about a
/// millisecond); stops when dropped.
#[derive(Debug)]
pub struct EmbeddedBroker {
    commands: Option<mpsc::Sender<Command>>,
    thread: Option<JoinHandle<()>>,
    bootstrap: String,
    brokers: u32,
}

impl EmbeddedBroker {
    /// Starts a cluster of `brokers` brokers (ids `1..=brokers`) with the
    /// given topics and partition counts (replication: the number of
    /// brokers, at most 3).
    ///
    /// # Errors
    /// The cluster could not start or a topic could not be created.
    pub fn start(brokers: u32, topics: &[(&str, u32)]) -> Result<Self, EmbeddedError> {
        let count = i32::try_from(brokers.max(1))
            .map_err(|_| EmbeddedError::Mock(format!("{brokers} brokers")))?;
        let (ready_tx, ready_rx) = mpsc::sync_channel(1);
        let (commands, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("inlet-embedded-kafka".into())
            .spawn(move || own_cluster(count, &ready_tx, &rx))
            .map_err(|e| EmbeddedError::Mock(format!("cannot start its thread: {e}")))?;
        let bootstrap = ready_rx.recv().map_err(|_| EmbeddedError::Stopped)??;
        let broker = Self {
            commands: Some(commands),
            thread: Some(thread),
            bootstrap,
            brokers: brokers.max(1),
        };
        for (topic, partitions) in topics {
            broker.create_topic(topic, *partitions)?;
        }
        Ok(broker)
    }

    /// The bootstrap servers (`127.0.0.1:port,...`).
    #[must_use]
    pub fn bootstrap_servers(&self) -> String {
        self.bootstrap.clone()
    }

    /// The number of brokers.
    #[must_use]
    pub fn brokers(&self) -> u32 {
        self.brokers
    }

    /// Creates a topic (replication: the number of brokers, at most 3).
    ///
    /// # Errors
    /// The mock cluster refused (a bad name or partition count).
    pub fn create_topic(&self, topic: &str, partitions: u32) -> Result<(), EmbeddedError> {
        let partitions = i32::try_from(partitions.max(1))
            .map_err(|_| EmbeddedError::Mock(format!("{partitions} partitions")))?;
        self.call(|reply| Command::CreateTopic(topic.to_owned(), partitions, reply))
    }

    /// Takes broker `id` (1-based) down: it closes its connections and
    /// refuses new ones until [`broker_up`](Self::broker_up).
    ///
    /// # Errors
    /// No such broker.
    pub fn broker_down(&self, id: i32) -> Result<(), EmbeddedError> {
        self.call(|reply| Command::BrokerDown(id, reply))
    }

    /// Brings broker `id` back up.
    ///
    /// # Errors
    /// No such broker.
    pub fn broker_up(&self, id: i32) -> Result<(), EmbeddedError> {
        self.call(|reply| Command::BrokerUp(id, reply))
    }

    /// Takes every broker down.
    ///
    /// # Errors
    /// As [`broker_down`](Self::broker_down).
    pub fn all_down(&self) -> Result<(), EmbeddedError> {
        (1..=self.brokers_i32()).try_for_each(|id| self.broker_down(id))
    }

    /// Brings every broker back up.
    ///
    /// # Errors
    /// As [`broker_up`](Self::broker_up).
    pub fn all_up(&self) -> Result<(), EmbeddedError> {
        (1..=self.brokers_i32()).try_for_each(|id| self.broker_up(id))
    }

    /// Makes the next requests of kind `api` fail, one error each, in
    /// order (e.g. `Produce` with `NOT_ENOUGH_REPLICAS`).
    ///
    /// # Errors
    /// The thread is gone.
    pub fn request_errors(
        &self,
        api: RDKafkaApiKey,
        errors: &[RDKafkaRespErr],
    ) -> Result<(), EmbeddedError> {
        self.call(|reply| Command::RequestErrors(api, errors.to_vec(), reply))
    }

    /// Forgets the errors set by [`request_errors`](Self::request_errors).
    ///
    /// # Errors
    /// The thread is gone.
    pub fn clear_request_errors(&self, api: RDKafkaApiKey) -> Result<(), EmbeddedError> {
        self.call(|reply| Command::ClearRequestErrors(api, reply))
    }

    /// Delays every response of broker `id` by `delay`.
    ///
    /// # Errors
    /// No such broker.
    pub fn round_trip_time(&self, id: i32, delay: Duration) -> Result<(), EmbeddedError> {
        self.call(|reply| Command::RoundTripTime(id, delay, reply))
    }

    fn brokers_i32(&self) -> i32 {
        i32::try_from(self.brokers).unwrap_or(i32::MAX)
    }

    fn call<T>(&self, command: impl FnOnce(Reply<T>) -> Command) -> Result<T, EmbeddedError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.commands
            .as_ref()
            .ok_or(EmbeddedError::Stopped)?
            .send(command(reply))
            .map_err(|_| EmbeddedError::Stopped)?;
        answer.recv().map_err(|_| EmbeddedError::Stopped)?
    }
}

impl Drop for EmbeddedBroker {
    fn drop(&mut self) {
        // Closing the channel ends the thread, which drops the cluster.
        self.commands = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The owning thread: starts the cluster, reports its address, then serves
/// commands until the handle is dropped.
fn own_cluster(
    brokers: i32,
    ready: &mpsc::SyncSender<Result<String, EmbeddedError>>,
    commands: &mpsc::Receiver<Command>,
) {
    let cluster = match MockCluster::new(brokers) {
        Ok(cluster) => cluster,
        Err(e) => {
            let _ = ready.send(Err(EmbeddedError::Mock(e.to_string())));
            return;
        }
    };
    let _ = ready.send(Ok(cluster.bootstrap_servers()));
    let mock =
        |r: rdkafka::error::KafkaResult<()>| r.map_err(|e| EmbeddedError::Mock(e.to_string()));
    while let Ok(command) = commands.recv() {
        // A failed send means the caller stopped waiting: nothing to do.
        let _ = match command {
            Command::BrokerDown(id, reply) => reply.send(mock(cluster.broker_down(id))),
            Command::BrokerUp(id, reply) => reply.send(mock(cluster.broker_up(id))),
            Command::CreateTopic(topic, partitions, reply) => {
                let replication = brokers.min(3);
                reply.send(mock(cluster.create_topic(&topic, partitions, replication)))
            }
            Command::RequestErrors(api, errors, reply) => {
                cluster.request_errors(api, &errors);
                reply.send(Ok(()))
            }
            Command::ClearRequestErrors(api, reply) => {
                cluster.clear_request_errors(api);
                reply.send(Ok(()))
            }
            Command::RoundTripTime(id, delay, reply) => {
                reply.send(mock(cluster.broker_round_trip_time(id, delay)))
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_on_loopback_and_stops() {
        let broker = EmbeddedBroker::start(3, &[("a", 2)]).expect("start");
        let servers = broker.bootstrap_servers();
        assert_eq!(servers.split(',').count(), 3, "{servers}");
        assert!(
            servers.split(',').all(|s| s.starts_with("127.0.0.1:")),
            "{servers}"
        );
        broker.create_topic("b", 1).expect("topic");
        broker.broker_down(2).expect("down");
        broker.broker_up(2).expect("up");
        broker.all_down().expect("all down");
        broker.all_up().expect("all up");
        assert!(broker.broker_down(9).is_err());
        let addr = servers.split(',').next().expect("one").to_owned();
        drop(broker);
        // The listeners are closed once the handle is dropped.
        assert!(std::net::TcpStream::connect(addr).is_err());
    }
}
