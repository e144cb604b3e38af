#!/bin/sh
# Run once by the postgres image on a new data volume (/docker-entrypoint-initdb.d):
# creates the login role the API and worker connect as (DATABASE_APP_ROLE). It gets no
# privileges here: `migrate`, run as the owner, grants it exactly what the service needs.
# Also usable by hand: PGHOST=... PGUSER=<owner> PGDATABASE=iln APP_DB_USER=iln_app
# APP_DB_PASSWORD=... sh deploy/postgres/10-app-role.sh
set -eu
: "${APP_DB_USER:?set APP_DB_USER, the runtime role to create}"
: "${APP_DB_PASSWORD:?set APP_DB_PASSWORD, its password}"
psql -v ON_ERROR_STOP=1 -v role="$APP_DB_USER" -v password="$APP_DB_PASSWORD" \
  --username "${POSTGRES_USER:-${PGUSER:-postgres}}" --dbname "${POSTGRES_DB:-${PGDATABASE:-postgres}}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SQL
