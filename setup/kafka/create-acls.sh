#!/usr/bin/env bash
# Creates the ACLs of access.conf with Kafka's kafka-acls.sh, signed in as a super user (creating one that exists
# changes nothing). ./demo applies the same file in Java (ticketing.security.kafka.KafkaAccess); KafkaAccessIT checks
# that both give the same ACLs.
#   setup/kafka/create-acls.sh BOOTSTRAP_SERVERS CLIENT_CONFIG [KAFKA_ACLS_COMMAND]
# The command defaults to kafka-acls.sh on PATH (a Kafka distribution, the apache/kafka image); locally, pass
# setup/bin/kafka-acls.sh.
set -euo pipefail
bootstrap="$1"
client_config="$2"
kafka_acls="${3:-kafka-acls.sh}"
conf="$(dirname "$0")/access.conf"

grep -v '^\s*#' "$conf" | grep -v '^\s*$' | while read -r user type pattern name operations; do
  case "$type" in
    topic) resource=(--topic "$name") ;;
    group) resource=(--group "$name") ;;
    transactional-id) resource=(--transactional-id "$name") ;;
    *) echo "Unknown resource type '$type' in access.conf" >&2; exit 1 ;;
  esac
  operation_args=()
  for operation in ${operations//,/ }; do operation_args+=(--operation "$operation"); done
  "$kafka_acls" --bootstrap-server "$bootstrap" --command-config "$client_config" --add \
    --allow-principal "User:$user" "${operation_args[@]}" "${resource[@]}" --resource-pattern-type "$pattern" > /dev/null
done
"$kafka_acls" --bootstrap-server "$bootstrap" --command-config "$client_config" --list
