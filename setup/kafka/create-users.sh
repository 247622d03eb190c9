#!/usr/bin/env bash
# The Kafka users of docker compose (SASL/SCRAM-SHA-512), with Kafka's kafka-configs.sh, signed in as the brokers'
# own user (the only one that exists before): admin, and one per service. Setting a password again changes nothing.
#   setup/kafka/create-users.sh BOOTSTRAP_SERVERS CLIENT_CONFIG [KAFKA_CONFIGS_COMMAND]
# Environment: KAFKA_ADMIN_PASSWORD, KAFKA_ORDER_SERVICE_PASSWORD, KAFKA_NOTIFICATION_SERVICE_PASSWORD,
# KAFKA_ANALYTICS_SERVICE_PASSWORD (demo values in .env). What each may do: access.conf.
set -euo pipefail
bootstrap="$1"
client_config="$2"
kafka_configs="${3:-kafka-configs.sh}"

for user in admin order-service notification-service analytics-service; do
  variable="KAFKA_$(echo "$user" | tr 'a-z-' 'A-Z_')_PASSWORD"
  password="${!variable:?$variable is not set (.env)}"
  "$kafka_configs" --bootstrap-server "$bootstrap" --command-config "$client_config" --alter --entity-type users \
    --entity-name "$user" --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]"
done
