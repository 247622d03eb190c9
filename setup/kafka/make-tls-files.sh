#!/bin/sh
# docker compose's one-shot kafka-tls: at the first `up`, a certificate authority of this machine's own and the
# brokers' TLS key, signed by it, for the names the brokers have (kafka-1..3 inside compose, localhost outside);
# never committed, kept in the kafka-tls volume until `down -v`. Then the client configurations of Kafka's tools:
# admin-client.properties (the admin user, SCRAM) and broker-client.properties (the brokers' own user, PLAIN: what
# creates the other users, and the brokers' health checks). Runs with the JDK's keytool (the eclipse-temurin image).
#   make-tls-files.sh <folder>
# Environment: KAFKA_TLS_PASSWORD (of the key and trust stores), KAFKA_ADMIN_PASSWORD, KAFKA_BROKER_PASSWORD.
set -eu
dir="$1"
store_password="${KAFKA_TLS_PASSWORD:?KAFKA_TLS_PASSWORD is not set (.env)}"
names="dns:kafka-1,dns:kafka-2,dns:kafka-3,dns:localhost"

if [ ! -f "$dir/broker.p12" ]; then
  tmp="$(mktemp -d)"
  keytool -genkeypair -alias ca -dname "CN=ticketing demo Kafka CA" -ext bc:c -keyalg RSA -keysize 3072 \
    -validity 3650 -storetype PKCS12 -keystore "$tmp/ca.p12" -storepass "$store_password"
  keytool -exportcert -rfc -alias ca -keystore "$tmp/ca.p12" -storepass "$store_password" -file "$tmp/ca.pem"
  keytool -genkeypair -alias broker -dname "CN=kafka" -keyalg RSA -keysize 3072 -validity 825 \
    -storetype PKCS12 -keystore "$tmp/broker.p12" -storepass "$store_password"
  keytool -certreq -alias broker -keystore "$tmp/broker.p12" -storepass "$store_password" -file "$tmp/broker.csr"
  keytool -gencert -alias ca -keystore "$tmp/ca.p12" -storepass "$store_password" -infile "$tmp/broker.csr" \
    -outfile "$tmp/broker.pem" -rfc -validity 825 -ext "SAN=$names" -ext ku:c=digitalSignature,keyEncipherment \
    -ext eku=serverAuth
  keytool -importcert -noprompt -alias ca -file "$tmp/ca.pem" -keystore "$tmp/broker.p12" -storepass "$store_password"
  keytool -importcert -alias broker -file "$tmp/broker.pem" -keystore "$tmp/broker.p12" -storepass "$store_password"
  keytool -importcert -noprompt -alias ca -file "$tmp/ca.pem" -storetype PKCS12 -keystore "$tmp/truststore.p12" \
    -storepass "$store_password"
  # The CA's private key is not kept: nothing else is ever signed with it.
  mv "$tmp/broker.p12" "$tmp/truststore.p12" "$tmp/ca.pem" "$dir/"
  rm -rf "$tmp"
fi

tls="security.protocol=SASL_SSL
ssl.truststore.location=/etc/kafka/tls/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$store_password"
cat > "$dir/admin-client.properties" <<CONFIG
# Kafka's tools as the admin user: --command-config /etc/kafka/tls/admin-client.properties
$tls
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD:?KAFKA_ADMIN_PASSWORD is not set (.env)}";
CONFIG
cat > "$dir/broker-client.properties" <<CONFIG
# The brokers' own user, PLAIN on the brokers' internal listener only: creates the other users, checks health.
$tls
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="${KAFKA_BROKER_PASSWORD:?KAFKA_BROKER_PASSWORD is not set (.env)}";
CONFIG
echo "Kafka's TLS files and client configurations are in $dir."
