import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertVideo, removeVideos } from "../../local/testing/catalog-fixtures.js";
import { edgeHarness, signUp, type Answer, type Harness, type SignedUp } from "../../local/testing/edge-harness.js";

/**
 * Fuzzing from the contract: every operation in /openapi.json gets generated malformed input and must
 * answer below 500, every 4xx in the envelope. Seeded, so a failure replays: FUZZ_SEED=<seed> reruns it,
 * FUZZ_RUNS widens it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 15_017);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 20);

interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyFields: string[];
  hasBody: boolean;
}

let h: Harness;
let user: SignedUp;
let operations: Operation[];
const created: string[] = [];
let realId: string;

beforeAll(async () => {
  h = await edgeHarness({ LOGIN_RATE_LIMIT: "10000" });
  user = await signUp(h, "Fuzz Target");
  const video = await insertVideo(h.ports.db, user.userId);
  created.push(video.id);
  realId = video.id;
  const doc = (await h.call("GET", "/openapi.json")).body;
  operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      return {
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p: any) => p.in === "query").map((p: any) => p.name as string),
        bodyFields: Object.keys(schema?.properties ?? {}),
        hasBody: schema !== undefined,
      };
    }),
  );
});
afterAll(async () => removeVideos(h.ports.db, created));

const control = fc.constantFrom("\u0000", "\u0001", "\u0008", "\u001b", "\u007f", "\r\n", "\t");
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 8 }), control, fc.string({ maxLength: 8 })).map(([a, c, b]) => `${a}${c}${b}`),
  fc.integer({ min: 300, max: 20_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom("0x10", "1e1", "-1", "", " ", "NaN", "null", "[]", "{}", "../../etc/passwd", "' OR 1=1 --", "%00", "\u202e"),
);
const anyJson = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
);
const b64 = (s: string) => btoa(unescape(encodeURIComponent(s)));
const badCursor = fc.oneof(
  hostileString.map(b64),
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom("+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00Z", "2026-13-40"),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      hostileString,
    )
    .map(([at, id]) => b64(JSON.stringify([at, id]))),
);
// Called once the fixture video exists: one case in a few names it, so the handlers behind the id run too.
const badId = () =>
  fc.oneof(
    hostileString,
    fc.constant(realId),
    fc.string({ unit: fc.constantFrom(..."abcxyz_0189"), minLength: 1, maxLength: 80 }).map((s) => `vid_${s}`),
  );

interface Input {
  id: string;
  query: Record<string, string>;
  body: { kind: "none" } | { kind: "raw"; text: string; type: string | undefined };
  auth: boolean;
}

function inputFor(op: Operation): fc.Arbitrary<Input> {
  const queryValue = (name: string) => (name === "cursor" ? badCursor : hostileString);
  const query = fc.record(Object.fromEntries([...op.query, "unexpected"].map((name) => [name, queryValue(name)])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, string>>;
  const fieldValues = fc.record(Object.fromEntries([...op.bodyFields, "owner_id", "status", "id"].map((f) => [f, anyJson])), {
    requiredKeys: [],
  });
  const bodyText = fc.oneof(
    fieldValues.map((v) => JSON.stringify(v)),
    anyJson.map((v) => JSON.stringify(v)),
    fc.constantFrom('{"title": "unterminated', "{", "", "null", "[1,2", "\u0000", '{"a":1}{"b":2}'),
    hostileString,
  );
  const contentType = fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/xml",
    undefined,
  );
  const body = fc.oneof(
    fc.constant({ kind: "none" as const }),
    fc.record({ kind: fc.constant("raw" as const), text: bodyText, type: contentType }),
  );
  return fc.record({
    id: badId(),
    query,
    body: op.hasBody || op.method !== "GET" ? body : fc.constant({ kind: "none" as const }),
    auth: fc.boolean(),
  });
}

async function send(op: Operation, input: Input): Promise<Answer> {
  const path = op.path
    .replace("{id}", encodeURIComponent(input.id))
    .replace("{name}", encodeURIComponent(input.query.unexpected ?? "media_0.m3u8"))
    .replace("{language}", encodeURIComponent(input.query.unexpected ?? "en"));
  const search = new URLSearchParams(input.query).toString();
  const headers: Record<string, string> = {};
  if (input.body.kind === "raw" && input.body.type) headers["content-type"] = input.body.type;
  // Logging out would spend the token the other operations use.
  const token = input.auth && op.path !== "/auth/logout" ? user.token : undefined;
  const body = input.body.kind === "raw" && op.method !== "GET" ? input.body.text : undefined;
  return h.call(op.method, `${path}${search ? `?${search}` : ""}`, { token, headers, body });
}

function expectEnvelopeBelow500(answer: Answer, what: string) {
  expect(answer.status, what).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(Object.keys(answer.body ?? {}).sort(), what).toEqual(["data", "message"]);
  expect(typeof answer.body.message, what).toBe("string");
  if (answer.status === 400 && answer.body.data.errors) {
    for (const [field, why] of Object.entries(answer.body.data.errors))
      expect(Array.isArray(why) && why.every((w) => typeof w === "string"), `${what} ${field}`).toBe(true);
  }
  expect(JSON.stringify(answer.body), what).not.toMatch(/ZodError|\bat .*\.(ts|js):\d+|SELECT |INSERT |127\.0\.0\.1|localhost/);
}

describe(`contract fuzzing (seed ${SEED}, FUZZ_SEED to replay)`, () => {
  it("answers malformed input on every operation with a 4xx envelope, never a 5xx", { timeout: 120_000 }, async () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
    for (const op of operations) {
      await fc
        .assert(
          fc.asyncProperty(inputFor(op), async (input) => {
            const answer = await send(op, input);
            expectEnvelopeBelow500(answer, `${op.method} ${op.path} ${JSON.stringify(input).slice(0, 300)}`);
          }),
          { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
        )
        .catch((error: Error) => {
          throw new Error(`${op.method} ${op.path}, seed ${SEED}: ${error.message}`);
        });
    }
  });
});
