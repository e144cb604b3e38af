/**
 * The key-encryption key every test process uses (DATA_KEY_ENCRYPTION_KEY): fixed, so a
 * database made by one test process is readable by the next, and never a real key.
 * jest.setup-slow.ts puts it in the environment; startCompiled passes it on.
 */
export const TEST_DATA_KEY_ENCRYPTION_KEY = 'uS/466iU+QhviosIaxW52wP2CLeAQ9zpu/6ZpCgoYi4=';
/** A second fixed key, for rotation tests. */
export const TEST_DATA_KEY_ENCRYPTION_KEY_2 = 'ohVaKVnWLpDIlXSYM7JdIsLMZq7rLtNnp4g9SBBjXQA=';
