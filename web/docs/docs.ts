/**
 * The interactive API reference at /docs: Swagger UI (swagger-ui-dist, served from our own origin like
 * every other file, so the page's CSP needs no exception) on the edge's /openapi.json. "Try it out" calls
 * the API from this origin; "Authorize" takes an access token from POST /auth/login.
 */
interface SwaggerUIBundleOptions {
  url: string;
  dom_id: string;
  deepLinking: boolean;
  /** null: never send the document to swagger.io's online validator. */
  validatorUrl: null;
  persistAuthorization: boolean;
}

declare const SwaggerUIBundle: (options: SwaggerUIBundleOptions) => unknown;

SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null, persistAuthorization: false });
