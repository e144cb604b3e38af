/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/**/domain imports no framework, ORM, queue, store client or infrastructure (STYLE.md habit 3)',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/', pathNot: '\\.(spec|fixtures)\\.ts$' },
      to: {
        pathNot: ['^libs/[^/]+/src/domain/'],
      },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      // Type-only cycles vanish at compile time; runtime cycles are what break module loading.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
