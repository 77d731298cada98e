/**
 * Jest runs TypeScript as native ESM (node --experimental-vm-modules).
 * Node 20 cannot require() an ES module inside Jest's VM (Node 24.9+ can),
 * so the few ESM-only packages that CommonJS dependencies require are
 * compiled to CommonJS by ts-jest on the way in.
 */
const ESM_ONLY_REQUIRED = ['content-disposition'];

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
