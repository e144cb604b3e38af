'use strict';
// The runtime database role for `npm start` (not wired in yet: scripts/start.js decides).
// The API and worker should connect as a role that is neither the owner nor a superuser,
// so the access audit stays append-only against the running service (README "The
// runtime database role"). With the services `npm start` provides itself:
//
//   const { ensureAppRole } = require('./lib/app-role');
//   const role = await ensureAppRole(urls.databaseUrl);
//   const ownerEnv = { ...env, ...role.ownerEnv };   // migrate and seed
//   const appEnv = { ...env, ...role.appEnv };       // api and worker
//
// When the user gave DATABASE_URL, leave it alone: creating roles is their decision.
// Needs `pg`, so call it after the dependencies are installed.
const APP_ROLE = 'iln_app';
// Like the owner's iln/iln: the local cluster listens on 127.0.0.1 only, and a fixed
// password keeps checkouts that share a cluster from resetting each other's.
const LOCAL_APP_PASSWORD = 'iln_app';

/**
 * Connecting as the owner (`ownerUrl`, a role with CREATEROLE), makes sure the login role
 * `role` exists with `password` (created, or its password set), and answers the
 * environments: `ownerEnv` for `migrate` and `seed` (which then grant the role exactly what
 * the service needs), `appEnv` for the API and worker.
 */
async function ensureAppRole(ownerUrl, { role = APP_ROLE, password = LOCAL_APP_PASSWORD } = {}) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error(`app role "${role}": expected a lower-case role name`);
  if (!password) throw new Error('app role: a password is required');
  const { Client } = require('pg');
  const client = new Client({ connectionString: ownerUrl, application_name: 'iln-app-role' });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS create_sql,
              format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS alter_sql,
              EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS present`,
      [role, password],
    );
    const [{ create_sql: createSql, alter_sql: alterSql, present }] = rows;
    if (present) {
      await client.query(alterSql);
    } else {
      try {
        await client.query(createSql);
      } catch (e) {
        // Two `npm start`s at once: the other one created it.
        if (e.code !== '42710' && e.code !== '23505') throw e;
        await client.query(alterSql);
      }
    }
  } finally {
    await client.end();
  }
  const appUrl = new URL(ownerUrl);
  appUrl.username = role;
  appUrl.password = password;
  return {
    role,
    ownerEnv: {
      DATABASE_URL: appUrl.toString(),
      MIGRATION_DATABASE_URL: ownerUrl,
      DATABASE_APP_ROLE: role,
    },
    appEnv: { DATABASE_URL: appUrl.toString() },
  };
}

module.exports = { APP_ROLE, ensureAppRole };
