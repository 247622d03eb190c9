#!/usr/bin/env bash
# docker compose's one-shot kafka-setup: the users (as the brokers' own user), then, as admin, the topics of
# topics.conf and the ACLs of access.conf. The client configurations are those make-tls-files.sh wrote.
#   setup/kafka/setup-cluster.sh BOOTSTRAP_SERVERS CLIENT_CONFIG_DIR
set -euo pipefail
here="$(dirname "$0")"
bootstrap="$1"
configs="$2"
bash "$here/create-users.sh" "$bootstrap" "$configs/broker-client.properties"
bash "$here/create-topics.sh" "$bootstrap" kafka-topics.sh "$configs/admin-client.properties"
bash "$here/create-acls.sh" "$bootstrap" "$configs/admin-client.properties"
