// Integration and end-to-end tests start real processes and databases.
jest.setTimeout(90_000);
// Case events are encrypted with per-case keys wrapped by this key (issue 16): a fixed test key.
process.env.DATA_KEY_ENCRYPTION_KEY ||= 'uS/466iU+QhviosIaxW52wP2CLeAQ9zpu/6ZpCgoYi4=';
