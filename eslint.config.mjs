import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.local/**', 'coverage/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['scripts/**/*.js', '*.js', '.dependency-cruiser.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The domain is pure: no framework, ORM, queue, store client or clock library
    // (STYLE.md habit 3). dependency-cruiser checks the same rule on the import graph.
    files: ['libs/*/src/domain/**/*.ts'],
    // Specs and their fixtures beside the domain may use the test helpers.
    ignores: ['**/*.spec.ts', '**/*.fixtures.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', '@eventstore/*', 'luxon', 'date-holidays', '@iln/*', 'express'] },
      ],
    },
  },
);
