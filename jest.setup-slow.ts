// Integration and end-to-end tests start real processes and databases.
jest.setTimeout(90_000);
