import { RegisterCore1764057600000 } from './1764057600000-register-core.js';

/** Every migration in order. Listed explicitly so the same list works compiled and under ts-jest. */
export const MIGRATIONS = [RegisterCore1764057600000];
