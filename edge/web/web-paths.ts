/**
 * Which paths belong to the API and which to the web app. On Workers the same list is
 * `[assets] run_worker_first` in wrangler.toml (a unit test keeps the two equal): those paths reach the
 * Worker, every other path is a static asset or, failing that, the app's index.html.
 */
export const API_PATH_PATTERNS = [
  "/auth/*",
  "/users/*",
  "/uploads*",
  "/videos*",
  "/health",
  "/time",
  "/openapi.json",
  "/.well-known/*",
] as const;

const apiPath = new RegExp(`^(?:${API_PATH_PATTERNS.map((p) => p.replace(/[.]/g, "\\.").replace(/\*/g, ".*")).join("|")})$`);

export const isApiPath = (path: string) => apiPath.test(path);

/** The client-side routes of the web app (all answered with index.html): none may be an API path. */
export const WEB_APP_ROUTES = ["/", "/watch/:id", "/upload", "/library", "/me", "/signin", "/signup"] as const;
