import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { format, resolveConfig } from "prettier";
import { createApp } from "../edge/app.js";
import { OPENAPI_DOCUMENT } from "../edge/http/index.js";

/**
 * `npm run types:api`: the web client's types (web/src/api-types.ts, used through openapi-fetch) from the
 * API description the edge serves at /openapi.json. Describing the routes needs no service, so the app is
 * created without ports and asked for its document; an api test checks that the served one is the same.
 * A unit test regenerates the file and fails when it differs from the committed one.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const API_TYPES_FILE = join(here, "src", "api-types.ts");

const HEADER = `// Generated from /openapi.json by \`npm run types:api\` (web/generate-api-types.ts): do not edit by hand.
// A unit test fails when the routes change and this file was not regenerated.
`;

export function apiDocument(): unknown {
  const app = createApp({
    ports: () => {
      throw new Error("describing the API needs no ports");
    },
    clientAddress: () => "",
  });
  // As served: JSON, so no undefined members.
  return JSON.parse(JSON.stringify(app.getOpenAPI31Document(OPENAPI_DOCUMENT)));
}

export async function apiTypes(): Promise<string> {
  const source = HEADER + astToString(await openapiTS(apiDocument() as OpenAPI3));
  return format(source, { ...(await resolveConfig(API_TYPES_FILE)), filepath: API_TYPES_FILE });
}

// `npm run types:api`
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(API_TYPES_FILE, await apiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}
