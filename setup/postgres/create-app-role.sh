#!/bin/sh
# docker compose's postgres runs this once, when its volume is new (/docker-entrypoint-initdb.d): order-service's own
# role. The migrations, run as the database's owner (POSTGRES_USER), let it read and write rows, never change the
# schema (order-service's V5__application_role.sql). ./demo makes the same role on the machine's PostgreSQL.
# Environment: POSTGRES_USER, POSTGRES_DB (the image's), POSTGRES_APP_USER, POSTGRES_APP_PASSWORD (.env).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="${POSTGRES_APP_USER:?POSTGRES_APP_USER is not set (.env)}" \
  -v password="${POSTGRES_APP_PASSWORD:?POSTGRES_APP_PASSWORD is not set (.env)}" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
SQL
