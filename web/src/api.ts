/**
 * The API client: every answer is `{message, data}`; errors become `ApiError` with the message a person
 * should read (the API's reason, or its first field error) and the per-field messages for forms.
 */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldErrors = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface Envelope {
  message?: string;
  data?: { errors?: FieldErrors; reason?: string } & Record<string, unknown>;
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const FRIENDLY: Record<number, string> = {
  401: "Please sign in again.",
  404: "Not found.",
  413: "That is too large.",
  429: "Too many attempts. Please wait a moment and try again.",
  503: "The service is unavailable right now. Please try again shortly.",
};

function errorFrom(status: number, body: Envelope, retryAfter: string | null): ApiError {
  const fields = body.data?.errors ?? {};
  const firstField = Object.values(fields).find((list) => list.length > 0)?.[0];
  const message = body.data?.reason ?? firstField ?? FRIENDLY[status] ?? body.message ?? `Request failed (${status}).`;
  return new ApiError(status, message, fields, retryAfter ? Number(retryAfter) : undefined);
}

/** One HTTP call, no auth logic: resolves with `data`, throws ApiError (status 0 when offline). */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (opts.json !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? "GET",
      headers,
      body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
      signal: opts.signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    throw new ApiError(0, "Network error: check your connection and try again.");
  }
  const body = ((await res.json().catch(() => ({}))) ?? {}) as Envelope;
  if (!res.ok) throw errorFrom(res.status, body, res.headers.get("retry-after"));
  return body.data as T;
}

/** What `api` needs from the session: the access token, and a way to renew it once on a 401. */
export interface TokenSource {
  token(): string | null;
  renew(): Promise<boolean>;
}

let tokens: TokenSource = { token: () => null, renew: async () => false };
export const useTokenSource = (source: TokenSource) => {
  tokens = source;
};

/** An API call as the signed-in user when there is one; a 401 renews the access token and retries once. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const withToken = (token: string | null) =>
    request<T>(path, { ...opts, headers: { ...opts.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const token = tokens.token();
  try {
    return await withToken(token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !token) throw error;
    if (!(await tokens.renew())) throw error;
    return withToken(tokens.token());
  }
}
