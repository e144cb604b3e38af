import { loadWebConfig } from './config';
import { createWebApp } from './app';

// The practitioner web app (UI.md): its own process beside the API and the worker.
function main(): void {
  let config;
  try {
    config = loadWebConfig();
  } catch (e) {
    for (const line of ((e as { configProblems?: string[] }).configProblems ?? [String(e)])) process.stderr.write(`web: ${line}\n`);
    process.exit(1);
  }
  const web = createWebApp(config);
  const server = web.app.listen(config.port, config.host, () => {
    process.stdout.write(`web: listening on http://${config.host}:${config.port} (API ${config.apiUrl})\n`);
  });
  const stop = () => {
    server.close(() => {
      void web.close().then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
