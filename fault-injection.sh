#!/usr/bin/env bash
# The exactly-once proof over the whole running system (see fault-injection/README.md):
#   ./fault-injection.sh              10,000 orders at 20/s (about 9 minutes of load, 6 rounds of faults), random seed
#   ./fault-injection.sh --seed=42    the same plan of orders and faults as an earlier run with that seed
#   ./fault-injection.sh --help       every option (orders, clients, users, rate, a broken variant, ...)
# It starts its own processes on free ports (PostgreSQL as ./demo does: the local server, or an embedded one), keeps
# everything under target/fault-injection/ and exits 0 only when every check passed. Needs a JDK 17+ and `kill`.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -f fault-injection/target/classpath.txt ] || missing+=(fault-injection)
for service in order-service notification-service analytics-service; do
  ls "$service"/target/"$service"-*.jar >/dev/null 2>&1 || missing+=("$service")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Building what is missing (${missing[*]}): ./mvnw -q -B -DskipTests install"
  ./mvnw -q -B -DskipTests install
fi

exec java -Xms128m -Xmx1g -Dticketing.root="$PWD" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -cp "fault-injection/target/classes:$(cat fault-injection/target/classpath.txt)" ticketing.faults.FaultInjectionSuite "$@"
