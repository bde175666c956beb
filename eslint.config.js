import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layer boundaries (README "Architecture"): each layer may import only the layers below it, and
// only each adapter's sdk.ts imports its platform SDK.
const SDKS = ['@slack/*', 'botbuilder*', 'botframework-*'];
const DRIVERS = ['bullmq', 'ioredis', 'pg', '@electric-sql/*', 'express'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'build/', 'bench/results/', 'coverage/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict([
      { group: [...SDKS, ...DRIVERS], message: 'The core stays platform-neutral: no SDK or driver.' },
      { group: ['**/adapters/**', '**/workflows/**', '**/store/**', '**/app/**', '**/cli/**'], message: 'The core must not import outer layers.' },
    ]),
  },
  {
    files: ['src/store/**/*.ts'],
    rules: restrict([
      { group: [...SDKS, 'bullmq', 'ioredis', 'express'], message: 'The store knows only its database drivers.' },
      { group: ['**/adapters/**', '**/workflows/**', '**/app/**', '**/cli/**'], message: 'The store must not import outer layers.' },
    ]),
  },
  {
    files: ['workflows/**/*.ts'],
    rules: restrict([
      { group: SDKS, message: 'Workflows talk to platforms only through the core Messenger port.' },
      { group: ['**/adapters/**', '**/app/**', '**/cli/**'], message: 'Workflows must not import adapters or the composition root.' },
    ]),
  },
  {
    files: ['adapters/slack/**/*.ts'],
    ignores: ['adapters/slack/sdk.ts'],
    rules: restrict([
      { group: ['@slack/*'], message: 'Only adapters/slack/sdk.ts imports the Slack SDK.' },
      { group: ['botbuilder*', 'botframework-*', '**/adapters/teams/**', '**/workflows/**', '**/app/**', '**/store/**'], message: 'An adapter talks only to the core.' },
    ]),
  },
  {
    files: ['adapters/teams/**/*.ts'],
    ignores: ['adapters/teams/sdk.ts'],
    rules: restrict([
      { group: ['botbuilder*', 'botframework-*'], message: 'Only adapters/teams/sdk.ts imports the Bot Framework SDK.' },
      { group: ['@slack/*', '**/adapters/slack/**', '**/workflows/**', '**/app/**', '**/store/**'], message: 'An adapter talks only to the core.' },
    ]),
  },
);
