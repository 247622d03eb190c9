#!/usr/bin/env bash
# Creates the topics of topics.conf that do not exist yet, with Kafka's kafka-topics.sh.
#   setup/kafka/create-topics.sh BOOTSTRAP_SERVERS [KAFKA_TOPICS_COMMAND]
# The command defaults to kafka-topics.sh on PATH (a Kafka distribution, the apache/kafka image);
# locally, pass setup/bin/kafka-topics.sh.
set -euo pipefail
bootstrap="$1"
kafka_topics="${2:-kafka-topics.sh}"
conf="$(dirname "$0")/topics.conf"

grep -v '^\s*#' "$conf" | grep -v '^\s*$' | while read -r name partitions replication settings; do
  config_args=()
  for setting in $settings; do config_args+=(--config "$setting"); done
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" "${config_args[@]}"
done
"$kafka_topics" --bootstrap-server "$bootstrap" --list
