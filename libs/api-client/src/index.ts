// The service's HTTP API as a typed client, generated from the committed OpenAPI
// document (docs/openapi.json): `npm run api:client` writes schema.d.ts. A contract
// change that breaks a caller fails its type-check.
import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type ApiClient = ReturnType<typeof createClient<paths>>;

/** A client for the API at `baseUrl` (e.g. http://127.0.0.1:3000). */
export function createApiClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}): ApiClient {
  return createClient<paths>({ ...options, baseUrl });
}
