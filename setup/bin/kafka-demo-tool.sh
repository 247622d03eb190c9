#!/usr/bin/env bash
# Runs one of Kafka's tools against the demo's cluster, filling in what the command line leaves out:
#   --bootstrap-server  the demo's brokers ($KAFKA_BOOTSTRAP_SERVERS overrides);
#   --command-config    the demo's admin user, SASL/SCRAM ($KAFKA_CLIENT_CONFIG overrides; default: the file ./demo
#                       writes, .demo/kafka/admin-client.properties; with ./demo --data-dir=P, P/kafka/...).
# Used by the kafka-*.sh scripts beside it:  kafka-demo-tool.sh <main class> [the tool's flags]
set -euo pipefail
here="$(dirname "$0")"
root="$(cd "$here/../.." && pwd)"
main_class="$1"; shift
added=()
if [[ " $* " != *" --help "* ]] && [[ " $* " != *" --version "* ]]; then
  if [[ " $* " != *" --bootstrap-server "* ]] && [[ " $* " != *" --bootstrap-controller "* ]]; then
    added+=(--bootstrap-server "${KAFKA_BOOTSTRAP_SERVERS:-localhost:19092,localhost:29092,localhost:39092}")
  fi
  if [[ " $* " != *" --command-config "* ]] && [[ " $* " != *" --consumer.config "* ]] \
      && [[ " $* " != *" --producer.config "* ]]; then
    config="${KAFKA_CLIENT_CONFIG:-$root/.demo/kafka/admin-client.properties}"
    if [ ! -f "$config" ]; then
      echo "No Kafka client configuration at $config: start ./demo first (it writes it), or set KAFKA_CLIENT_CONFIG" \
        "to a file with security.protocol, sasl.mechanism and sasl.jaas.config (see setup/README.md)." >&2
      exit 2
    fi
    added+=(--command-config "$config")
  fi
fi
# Before the command's own arguments: the tools with subcommands (kafka-transactions.sh list, kafka-metadata-quorum.sh
# describe) take these options only before the subcommand.
exec "$here/kafka-run-class.sh" "$main_class" ${added[@]+"${added[@]}"} "$@"
