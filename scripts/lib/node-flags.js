'use strict';
// The V8 heap flags every app process runs with (API and its cluster forks, worker, web
// app, CLI: the rebuild), wherever it is started: `npm start` and the operator commands
// (project.js nodeArgs), the benchmark's processes (bench/lib/app-processes.ts) and the
// Docker image (NODE_OPTIONS in the Dockerfile; scripts/node-flags.spec.ts checks they agree).
//
// --max-semi-space-size=16: on a machine with a few GiB or more, Node 24's V8 sizes the
// young generation from the heap limit (4 GiB on the 23.5 GiB bench machine): semi-spaces
// of up to 64 MiB, and the 2 it keeps committed made 128 MiB of every busy process's RSS.
// At 16 MiB (Node 18's default) an API process under the bench's command loads peaked
// 59-66 MiB lower and the rebuild of 100k events 75-125 MiB lower (at 500k events its old
// space takes much of that back), for more but shorter scavenges and no CPU difference the
// busy machine could show (README Performance, "Memory"). The old space is left to V8,
// except in the rebuild (apps/worker/src/cli.ts sets --heap-growing-percent=100 there: a
// lower, flatter peak for about 15% of its rate, which is past its goal).
const NODE_HEAP_FLAGS = Object.freeze(['--max-semi-space-size=16']);

module.exports = { NODE_HEAP_FLAGS };
