'use strict';
// The set-up `npm start` and `npm run dev` share: dependencies, services, the runtime
// database role, build, migrations and the demo seed. Answers the environments to run
// the API and worker with.
const { ensureServices, log } = require('./services');
const { ensureDependencies, build, runNode } = require('./project');
const { ensureAppRole } = require('./app-role');
const { describeNode } = require('./runtime');
const { withLocalDataKey } = require('./data-key');

async function prepareService() {
  log(`running on ${describeNode()}`);
  ensureDependencies();
  const databaseGiven = Boolean(process.env.DATABASE_URL);
  const urls = await ensureServices();
  const env = withLocalDataKey({
    ...process.env,
    DATABASE_URL: urls.databaseUrl,
    REDIS_URL: urls.redisUrl,
    PORT: process.env.PORT || '3000',
    // The service has no default auth mode (API.md v1.1); a local start is dev mode.
    AUTH_MODE: process.env.AUTH_MODE || 'dev',
  });
  // With the PostgreSQL provided here, the API and worker run as a runtime role that is
  // neither owner nor superuser, so the access audit stays append-only against them. A
  // DATABASE_URL the user gave is left as it is: creating roles is their decision.
  let ownerEnv = env;
  let appEnv = env;
  if (!databaseGiven) {
    const role = await ensureAppRole(urls.databaseUrl);
    ownerEnv = { ...env, ...role.ownerEnv };
    appEnv = { ...env, ...role.appEnv };
    log(`API and worker connect as the runtime role ${role.role}`);
  }
  build();
  runNode('migrations', 'apps/worker/src/cli.js', ['migrate'], ownerEnv);
  runNode('demo seed', 'apps/worker/src/cli.js', ['seed'], ownerEnv);
  return { appEnv };
}

module.exports = { prepareService };
