'use strict';
// Runs the service's processes together, for `npm start` and `npm run dev`: Ctrl-C or
// SIGTERM stops them all, and one that exits on its own takes the others down with it
// (a half-running service would look up while it is not).
const { log } = require('./services');

/** `children`: [name, ChildProcess] pairs. Exits this process when they have all ended. */
async function superviseUntilExit(children) {
  const names = children.map(([name]) => name).join(', ');
  let stopping = false;
  const stopAll = (why) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping ${names}`);
    for (const [, child] of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  let exitCode = 0;
  await Promise.all(
    children.map(
      ([name, child]) =>
        new Promise((resolve) =>
          child.on('exit', (code, signal) => {
            if (!stopping) {
              log(`${name} exited (${code ?? signal}); stopping the rest`);
              exitCode = code || 1;
              stopAll('exit');
            }
            resolve();
          }),
        ),
    ),
  );
  process.exit(exitCode);
}

module.exports = { superviseUntilExit };
