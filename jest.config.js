import vm from 'node:vm';

/**
 * Jest runs TypeScript as native ESM (node --experimental-vm-modules).
 * Before Node 24.9, Jest cannot require() an ES module inside its VM, so the
 * few ESM-only packages that CommonJS dependencies require are compiled to
 * CommonJS by ts-jest on the way in. From 24.9 Jest loads them as ES modules
 * itself (it tests for the same VM feature), and a CommonJS-compiled copy
 * would then fail with "exports is not defined".
 */
const VM_REQUIRES_ESM = typeof vm.SourceTextModule?.prototype.hasAsyncGraph === 'function';
const ESM_ONLY_REQUIRED = VM_REQUIRES_ESM ? [] : ['content-disposition'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    [`/node_modules/(${ESM_ONLY_REQUIRED.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_REQUIRED.join('|')})/)`],
  testTimeout: 60000,
  maxWorkers: 2,
};
