#!/usr/bin/env bash
# Measures the ticketing system against the tools that measure its parts' limits, in one run on this machine:
#   ./benchmark.sh           about 12 minutes: API load at concurrency 1/16/64, end-to-end latencies, relay and consumer
#                            throughput, an open loop at 10/50/90% of the API's maximum and a 20 s rush from 10,000
#                            users, pgbench and Kafka's perf tools, memory; results in benchmark/results/<time>/
#   ./benchmark.sh --quick   the same with small numbers (about 3 minutes)
#   ./benchmark.sh --orders N orders per API concurrency level
#   ./benchmark.sh --consumers-only   only the consumers on a topic backlog of 200,000 events and the limits under
#                            them (about 3 minutes)
# It starts its own demo stack (./demo --reset on its data folder target/benchmark/, with a database and Redis keys of
# its own, the same at every run: the data of your ./demo stays as it was) and stops it at the end (SIGTERM).
# Needs: a JDK 17+, PostgreSQL's psql and pgbench, and the demo's ports free (8080-8082, 9000, 9093, 19092/29092/39092).
set -euo pipefail
cd "$(dirname "$0")"

case " $* " in *" --help "*|*" -h "*) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac

pgbench=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1 || true)
[ -n "$pgbench" ] || pgbench=$(command -v pgbench || true)
psql=$(command -v psql || true)
if [ -z "$pgbench" ] || [ -z "$psql" ]; then
  echo "./benchmark needs PostgreSQL's pgbench and psql (e.g. apt-get install postgresql-client)." >&2
  exit 1
fi
for port in 8080 8081 8082 9000 9093 19092 29092 39092; do
  if ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
    echo "Port $port is taken: stop what listens there (./demo?) before ./benchmark.sh." >&2
    exit 1
  fi
done

missing=()
[ -f demo-launcher/target/classpath.txt ] || missing+=(demo-launcher)
[ -f benchmark/target/classpath.txt ] || missing+=(benchmark)
for service in order-service notification-service analytics-service; do
  ls "$service"/target/"$service"-*.jar >/dev/null 2>&1 || missing+=("$service")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Building what is missing (${missing[*]}): ./mvnw -q -B -DskipTests package"
  ./mvnw -q -B -DskipTests package
fi

# One folder for every run, so that its database and keys (named after the folder) are reset by the next run rather
# than left behind as new ones at every run
data_dir="$PWD/target/benchmark"
mkdir -p "$data_dir"
demo_log="$data_dir/demo.out"
./demo --reset --data-dir="$data_dir/demo" >"$demo_log" 2>&1 &
demo_pid=$!
stop_demo() {
  # The benchmark pauses the consumers (SIGSTOP) while the relay drains its backlog: never leave them stopped
  pkill -CONT -f 'notification-service-[^ ]*\.jar' 2>/dev/null || true
  pkill -CONT -f 'analytics-service-[^ ]*\.jar' 2>/dev/null || true
  if kill -0 "$demo_pid" 2>/dev/null; then
    echo "Stopping the demo stack (SIGTERM to $demo_pid)..."
    kill -TERM "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
}
trap stop_demo EXIT

echo "Starting the demo stack (log: $demo_log)..."
for _ in $(seq 1 300); do
  if grep -q "The ticketing system is running" "$demo_log"; then break; fi
  if ! kill -0 "$demo_pid" 2>/dev/null; then
    echo "The demo stack did not start:" >&2; tail -30 "$demo_log" >&2; exit 1
  fi
  sleep 1
done
grep -q "The ticketing system is running" "$demo_log" || { echo "The demo stack did not start in 300 s" >&2; exit 1; }
# A demo on another data folder has a database and Redis keys of its own (never the user's demo's): it prints them.
stores=$(grep -m1 "this demo's database: " "$demo_log")
database=$(sed -E "s/.*this demo's database: ([^,]+), its Redis keys: .*/\1/" <<<"$stores")
redis_key_prefix=$(sed -E "s/.*its Redis keys: (.*)\*$/\1/" <<<"$stores")

java -Xms256m -Xmx1g -Dticketing.root="$PWD" -Dbenchmark.pgbench="$pgbench" -Dbenchmark.psql="$psql" \
  -Dbenchmark.database="$database" -Dbenchmark.redis-key-prefix="$redis_key_prefix" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -cp "benchmark/target/classes:$(cat benchmark/target/classpath.txt)" ticketing.benchmark.Benchmark "$@"
