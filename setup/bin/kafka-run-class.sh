#!/usr/bin/env bash
# Runs one of Kafka's own command-line tools from the Maven artifacts (no Kafka download needed):
#   setup/bin/kafka-run-class.sh org.apache.kafka.tools.TopicCommand --bootstrap-server localhost:19092 --list
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
classpath_file="$root/demo-launcher/target/classpath.txt"
if [ ! -f "$classpath_file" ]; then
  echo "Building Kafka's tools classpath once: ./mvnw -q -B -DskipTests -pl demo-launcher -am install" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -pl demo-launcher -am install)
fi
main_class="$1"; shift
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.logFile=System.err \
  -cp "$root/demo-launcher/target/classes:$(cat "$classpath_file")" "$main_class" "$@"
