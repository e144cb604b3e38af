// Three levels, by suffix (STYLE.md): *.spec.ts pure, *.int-spec.ts against real
// PostgreSQL/Redis, test/*.e2e-spec.ts through HTTP. `npm test` runs all three.
const moduleNameMapper = {
  '^@iln/event-store(|/.*)$': '<rootDir>/libs/event-store/src$1',
  '^@iln/case-coordination(|/.*)$': '<rootDir>/libs/case-coordination/src$1',
  '^@iln/platform(|/.*)$': '<rootDir>/libs/platform/src$1',
  '^@iln/test-kit(|/.*)$': '<rootDir>/libs/test-kit/src$1',
  '^@iln/testing(|/.*)$': '<rootDir>/libs/testing/src$1',
  '^@iln/api-client(|/.*)$': '<rootDir>/libs/api-client/src$1',
};
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.local/'],
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/jest.setup-slow.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/jest.setup-slow.ts'],
    },
  ],
};
