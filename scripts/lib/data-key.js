'use strict';
// The key-encryption key (DATA_KEY_ENCRYPTION_KEY) for a local `npm start`, `npm run dev`
// and the operator commands: the one given in the environment, else one made once in
// .local/ (readable by its owner only) and kept, so the local database stays readable.
// Never printed. Node's own modules only.
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { ROOT, log } = require('./services');

const KEY_FILE = path.join(ROOT, '.local', 'data-key-encryption-key');

function withLocalDataKey(env) {
  if (env.DATA_KEY_ENCRYPTION_KEY) return env;
  fs.mkdirSync(path.dirname(KEY_FILE), { recursive: true });
  try {
    // 'wx': two starts at once make one key; the second reads the first's.
    fs.writeFileSync(KEY_FILE, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    log(`made a local key-encryption key in ${path.relative(ROOT, KEY_FILE)} (keep it: without it the local personal data is unreadable)`);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  fs.chmodSync(KEY_FILE, 0o600);
  return { ...env, DATA_KEY_ENCRYPTION_KEY: fs.readFileSync(KEY_FILE, 'utf8').trim() };
}

module.exports = { withLocalDataKey, KEY_FILE };
