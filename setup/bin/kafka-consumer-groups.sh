#!/usr/bin/env bash
# Kafka's kafka-consumer-groups.sh, run from the Maven artifacts. Takes the same flags as the script of a Kafka download;
# --bootstrap-server defaults to the demo's brokers ($KAFKA_BOOTSTRAP_SERVERS overrides).
set -euo pipefail
here="$(dirname "$0")"
args=("$@")
if [[ " $* " != *" --bootstrap-server "* ]] && [[ " $* " != *" --help "* ]]; then
  args+=(--bootstrap-server "${KAFKA_BOOTSTRAP_SERVERS:-localhost:19092,localhost:29092,localhost:39092}")
fi
exec "$here/kafka-run-class.sh" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "${args[@]}"
