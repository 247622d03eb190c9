#!/usr/bin/env bash
# Creates the topics of topics.conf that do not exist yet, with Kafka's kafka-topics.sh.
#   setup/kafka/create-topics.sh BOOTSTRAP_SERVERS [KAFKA_TOPICS_COMMAND [CLIENT_CONFIG]]
# The command defaults to kafka-topics.sh on PATH (a Kafka distribution, the apache/kafka image);
# locally, pass setup/bin/kafka-topics.sh. CLIENT_CONFIG signs in (--command-config): a user who may create topics.
set -euo pipefail
bootstrap="$1"
kafka_topics="${2:-kafka-topics.sh}"
config_args=()
if [ -n "${3:-}" ]; then config_args=(--command-config "$3"); fi
conf="$(dirname "$0")/topics.conf"

grep -v '^\s*#' "$conf" | grep -v '^\s*$' | while read -r name partitions replication settings; do
  setting_args=()
  for setting in $settings; do setting_args+=(--config "$setting"); done
  "$kafka_topics" --bootstrap-server "$bootstrap" "${config_args[@]}" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" "${setting_args[@]}"
done
"$kafka_topics" --bootstrap-server "$bootstrap" "${config_args[@]}" --list
