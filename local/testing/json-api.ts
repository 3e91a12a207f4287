export interface ApiCallOptions {
  /** Sent as a bearer token. */
  token?: string;
  /** Sent as the JSON body. */
  json?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  // The tests read what they expect of each answer; the contracts' own tests check the shapes.
  body: { data: Record<string, any> };
}

/**
 * Calls the edge's JSON API as a client would. `baseUrl` is read at each call, since the server a test
 * file starts in beforeAll is not there yet when the file makes its client.
 */
export function jsonApi(baseUrl: () => string) {
  return async (method: string, path: string, opts: ApiCallOptions = {}): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(baseUrl() + path, { method, headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) });
    return { status: res.status, body: (await res.json()) as ApiAnswer["body"] };
  };
}
