// Test code: spec files of the three levels, their fixtures, the event-store contract
// suite (run by each store's spec) and the test libraries themselves.
const TEST_CODE = [
  '\\.(spec|int-spec|e2e-spec|fixtures)\\.ts$',
  '^libs/event-store/src/contract/',
  '^libs/testing/',
  '^libs/test-kit/',
];

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
    // The order of the libraries: event-store <- platform <- case-coordination <- apps.
    {
      name: 'event-store-depends-on-none-of-ours',
      comment: 'the event store is the bottom layer: it imports no other library or app of this repo',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: TEST_CODE },
      to: { path: '^(libs|apps)/', pathNot: '^libs/event-store/' },
    },
    {
      name: 'platform-on-event-store-at-most',
      severity: 'error',
      from: { path: '^libs/platform/', pathNot: TEST_CODE },
      to: { path: '^(libs|apps)/', pathNot: '^libs/(platform|event-store)/' },
    },
    {
      name: 'bounded-context-on-platform-and-event-store',
      severity: 'error',
      from: { path: '^libs/case-coordination/', pathNot: TEST_CODE },
      to: { path: '^(libs|apps)/', pathNot: '^libs/(case-coordination|platform|event-store)/' },
    },
    {
      name: 'api-client-depends-on-none-of-ours',
      comment: 'the generated client is what partners use: it stands on the published contract alone',
      severity: 'error',
      from: { path: '^libs/api-client/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/api-client/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      comment: 'apps share code through libs, never by reaching into another app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'testing-only-from-tests',
      comment: '@iln/testing and @iln/test-kit are test code: production code never loads them',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: '^libs/(testing|test-kit)/' },
    },
    {
      name: 'test-kit-depends-on-none-of-ours',
      comment: 'the generic kit (waiting, decider specs) sits below every library, so any library can test with it',
      severity: 'error',
      from: { path: '^libs/test-kit/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/test-kit/' },
    },
    {
      name: 'event-store-contract-suite-stands-alone',
      comment: 'the contract suite any adapter runs imports nothing above the event store but the kit',
      severity: 'error',
      from: { path: '^libs/event-store/src/contract/' },
      to: { path: '^(libs|apps)/', pathNot: '^libs/(event-store|test-kit)/' },
    },
    {
      name: 'event-store-tests-stay-low',
      comment: 'event-store tests use the kit and, for PostgreSQL, a migrated test database; never the service harness',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '^(libs|apps)/', pathNot: ['^libs/(event-store|test-kit)/', '^libs/testing/src/database\\.ts$'] },
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
