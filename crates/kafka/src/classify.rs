//! From librdkafka's errors to the three kinds a carrier can be told about.
//!
//! The whole policy is the one `match` in [`classify_code`]; keep it the
//! only place that decides. The rule: only a record that can never be
//! accepted, whatever an operator does, is [`PublishError::Rejected`]
//! (the carrier gets a permanent error and drops the message). Anything an
//! operator can fix (a broker down, a topic missing, an ACL, a quota, a
//! compression type the broker refuses) is [`PublishError::Temporary`], so
//! the carrier retries and nothing is lost. Codes this crate does not know
//! are temporary for the same reason.

use inlet_message::publish::PublishError;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};

/// Classifies an error from enqueueing a record or from its delivery
/// report.
#[must_use]
pub fn classify(error: &KafkaError) -> PublishError {
    match error.rdkafka_error_code() {
        Some(code) => classify_code(code, &error.to_string()),
        // Errors without a librdkafka code (a client being dropped, a
        // configuration or string problem) are not the record's fault.
        None => PublishError::Temporary(error.to_string()),
    }
}

/// Classifies a librdkafka error code; `detail` goes into the error's text.
#[must_use]
pub fn classify_code(code: RDKafkaErrorCode, detail: &str) -> PublishError {
    use RDKafkaErrorCode as C;
    match code {
        // The local producer queue (queue_max_messages / queue_max_kbytes)
        // is full: throttle the carrier, at once.
        C::QueueFull => PublishError::Backpressure,

        // The record itself can never be accepted.
        C::MessageSizeTooLarge      // larger than message.max.bytes (checked locally too)
        | C::InvalidMessageSize     // broker: record size invalid
        | C::MessageBatchTooLarge   // broker: a batch holding only this record is too large
        | C::InvalidRecord          // broker: the record fails the broker's validation
        | C::KeySerialization       // cannot encode the key
        | C::ValueSerialization     // cannot encode the value
        => PublishError::Rejected(format!("{detail} ({code:?})")),

        // Temporary, listed so that the policy is reviewable:
        // - time: message.timeout.ms elapsed, request or operation timeouts;
        C::MessageTimedOut
        | C::RequestTimedOut
        | C::OperationTimedOut
        | C::TimedOutQueue
        // - transport: connection lost, all brokers down, DNS, TLS, SASL;
        | C::BrokerTransportFailure
        | C::AllBrokersDown
        | C::Resolve
        | C::SSL
        | C::Authentication
        | C::SaslAuthenticationFailed
        | C::NetworkException
        | C::BrokerNotAvailable
        // - leadership and replication: not enough in-sync replicas for
        //   acks=all, leader moving, broker storage trouble;
        | C::NotEnoughReplicas
        | C::NotEnoughReplicasAfterAppend
        | C::ISRInsufficient
        | C::LeaderNotAvailable
        | C::NotLeaderForPartition
        | C::ReplicaNotAvailable
        | C::FencedLeaderEpoch
        | C::KafkaStorageError
        // - topics an operator must create or fix;
        | C::UnknownTopicOrPartition
        | C::UnknownTopic
        | C::UnknownPartition
        | C::InvalidTopic
        | C::PolicyViolation
        // - authorization and quotas;
        | C::TopicAuthorizationFailed
        | C::ClusterAuthorizationFailed
        | C::TransactionalIdAuthorizationFailed
        | C::ThrottlingQuotaExceeded
        // - broker features an operator must enable;
        | C::UnsupportedCompressionType
        | C::UnsupportedForMessageFormat
        | C::UnsupportedVersion
        // - the idempotent producer: fatal errors (the producer is rebuilt
        //   behind the same handle) and records purged from its queues;
        | C::Fatal
        | C::OutOfOrderSequenceNumber
        | C::UnknownProducerId
        | C::InvalidProducerEpoch
        | C::ProducerFenced
        | C::GaplessGuarantee
        | C::Inconsistent
        | C::PurgeQueue
        | C::PurgeInflight
        | C::BrokerDestroy
        | C::DestroyBroker
        // - CRC mismatch on the way: a resend can succeed.
        | C::InvalidMessage
        | C::BadMessage => PublishError::Temporary(format!("{detail} ({code:?})")),

        // Everything else: an operator may be able to fix it, so the
        // carrier retries rather than losing the message.
        _ => PublishError::Temporary(format!("{detail} ({code:?})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let kind = |code| classify_code(code, "x").as_label();
        assert_eq!(kind(RDKafkaErrorCode::QueueFull), "backpressure");
        for code in [
            RDKafkaErrorCode::MessageSizeTooLarge,
            RDKafkaErrorCode::InvalidMessageSize,
            RDKafkaErrorCode::MessageBatchTooLarge,
            RDKafkaErrorCode::InvalidRecord,
        ] {
            assert_eq!(kind(code), "rejected", "{code:?}");
        }
        for code in [
            RDKafkaErrorCode::MessageTimedOut,
            RDKafkaErrorCode::AllBrokersDown,
            RDKafkaErrorCode::BrokerTransportFailure,
            RDKafkaErrorCode::NotEnoughReplicas,
            RDKafkaErrorCode::NotEnoughReplicasAfterAppend,
            RDKafkaErrorCode::UnknownTopicOrPartition,
            RDKafkaErrorCode::UnknownTopic,
            RDKafkaErrorCode::TopicAuthorizationFailed,
            RDKafkaErrorCode::Fatal,
            RDKafkaErrorCode::OutOfOrderSequenceNumber,
            RDKafkaErrorCode::PurgeInflight,
            RDKafkaErrorCode::Unknown,
            RDKafkaErrorCode::DuplicateResource,
        ] {
            assert_eq!(kind(code), "temporary", "{code:?}");
        }
    }

    #[test]
    fn kafka_errors() {
        let e = KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull);
        assert_eq!(classify(&e), PublishError::Backpressure);
        let e = KafkaError::MessageProduction(RDKafkaErrorCode::MessageSizeTooLarge);
        assert!(
            matches!(classify(&e), PublishError::Rejected(m) if m.contains("MessageSizeTooLarge"))
        );
        assert!(matches!(
            classify(&KafkaError::Canceled),
            PublishError::Temporary(_)
        ));
    }
}
