'use strict';
// Resolves the @iln/* aliases to the compiled libraries under dist/ at run time.
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { compilerOptions } = require('../../tsconfig.json');

tsconfigPaths.register({ baseUrl: path.resolve(__dirname, '..', '..', 'dist'), paths: compilerOptions.paths });
