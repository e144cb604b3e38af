import { createApiClient, type ApiClient } from '@iln/api-client';

/** problem+json from the API (API.md "Errors"). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
  /** 410 `case-erased`: when the case's personal data was destroyed. */
  erasedAt?: string;
}

/** The API answered 4xx: the page shows it in words (UI.md). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`API answered ${status}`);
  }
}

/** The API could not be reached or failed (5xx): "Sorry, there is a problem with the service". */
export class ApiUnavailable extends Error {}

export interface ApiResult<T> {
  data: T;
  /** Event-Position of a command: passed as Await-Position on the next page (read your writes). */
  position: string | null;
}

/**
 * The generated client for one signed-in user: their bearer token on every call, and
 * Await-Position on reads when a command of theirs has just been answered.
 */
export function apiFor(apiUrl: string, token: string | undefined, awaitPosition?: string | null): ApiClient {
  const client = createApiClient(apiUrl, awaitPosition ? { fetch: fetchAwaitingPosition } : {});
  client.use({
    onRequest({ request }) {
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      if (awaitPosition && request.method === 'GET') request.headers.set('Await-Position', awaitPosition);
      return request;
    },
  });
  return client;
}

/** Tries of a read that waits for the user's own write before the page gives up. */
export const READ_YOUR_WRITES_TRIES = 4;

/**
 * A read carrying Await-Position: the API waits up to 5 s for its read models, then
 * answers 503 with Retry-After. At a busy moment the page asks again a few times (as
 * Retry-After says, at most 2 s apart) before it says the service has a problem, so a
 * practitioner sees what they just did instead of an error.
 */
export async function fetchAwaitingPosition(request: Request, send: typeof fetch = fetch): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await send(request.clone());
    if (response.status !== 503 || !request.headers.has('Await-Position') || attempt >= READ_YOUR_WRITES_TRIES) return response;
    const retryAfter = Number(response.headers.get('Retry-After'));
    await response.body?.cancel();
    const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 2) : 1;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

/** Awaits a client call: its data, or ApiProblem (4xx) / ApiUnavailable (network, 5xx). */
export async function answer<T = unknown>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<ApiResult<T>> {
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiUnavailable('API unreachable');
  }
  const { response } = result;
  if (response.status >= 500) throw new ApiUnavailable(`API answered ${response.status}`);
  if (response.status >= 400) {
    const problem = (result.error && typeof result.error === 'object' ? result.error : {}) as Problem;
    throw new ApiProblem(response.status, problem);
  }
  return { data: result.data as T, position: response.headers.get('Event-Position') };
}
