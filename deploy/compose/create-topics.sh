#!/bin/sh
# Topic setup for the compose stack, run once by the kafka-init service
# (idempotent: --if-not-exists). Replication 3 and min.insync.replicas 2:
# with acks=all a record is durable on two brokers before inlet answers
# ESME_ROK, and one broker may be down without stopping traffic.
set -eu
BOOTSTRAP="${BOOTSTRAP:-kafka-1:9092,kafka-2:9092,kafka-3:9092}"
KT=/opt/kafka/bin/kafka-topics.sh

create() {
  topic=$1; partitions=$2; shift 2
  "$KT" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor 3 \
    --config min.insync.replicas=2 "$@"
}

# Keyed by recipient number: per-number order holds within a partition.
create sms.inbound 12 --config retention.ms=604800000
create sms.inbound.unrouted 3 --config retention.ms=1209600000
# Keyed by multipart group: all segments of a message in one partition.
create sms.inbound.segments 12 --config retention.ms=86400000
# One record per number holding all of its rentals: compacted, kept forever.
create sms.assignments 6 --config cleanup.policy=compact --config retention.ms=-1 \
  --config min.compaction.lag.ms=0 --config segment.ms=3600000

"$KT" --bootstrap-server "$BOOTSTRAP" --describe \
  --topic 'sms\..*' | grep -v '^\s*Topic:.*Partition:' || true
echo "topics ready"
