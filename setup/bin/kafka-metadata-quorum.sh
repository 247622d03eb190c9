#!/usr/bin/env bash
# Kafka's kafka-metadata-quorum.sh, run from the Maven artifacts. Takes the same flags as the script of a Kafka
# download; --bootstrap-server and --command-config default to the demo's brokers and admin user (kafka-demo-tool.sh).
exec "$(dirname "$0")/kafka-demo-tool.sh" org.apache.kafka.tools.MetadataQuorumCommand "$@"
