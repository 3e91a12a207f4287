import { createApp } from "../../edge/app.js";
import { createPorts } from "../../edge/runtime/index.js";
import { insertVideo } from "../../local/testing/catalog-fixtures.js";

/** Long enough for every run of a figure: the servers only check `exp`. */
const TOKEN_TTL_SECONDS = "86400";

export interface EdgeFixture {
  /** A signed-in viewer's access token (24 h), sent to every target so the requests are byte-identical. */
  token: string;
  /** A public video that is not ready: the answer is JWT + blacklist + catalog read, nothing signed. */
  videoId: string;
  /** The app's answer for `videoId`, which the bare route returns as its constant. */
  body: string;
}

/** The environment every edge of a figure runs with: the stack's, quiet logs, long-lived tokens. */
export const edgeEnv = (stackEnv: Record<string, string>) => ({
  ...stackEnv,
  LOG_LEVEL: "warn",
  ACCESS_TOKEN_TTL_SECONDS: TOKEN_TTL_SECONDS,
});

/** A viewer and two videos in the bench database, made through the app itself (in this process). */
export async function edgeFixture(env: Record<string, string>): Promise<EdgeFixture> {
  const ports = await createPorts(env);
  const app = createApp({ ports: () => ports, clientAddress: () => "127.0.0.1" });
  const email = `bench-${crypto.randomUUID().slice(0, 12)}@example.test`;
  const registered = await app.request("/auth/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench Viewer", email, password: "bench-password" }),
  });
  if (registered.status !== 201) throw new Error(`register: HTTP ${registered.status} ${await registered.text()}`);
  const { data } = (await registered.json()) as { data: { token: string; user: { id: string } } };
  const video = await insertVideo(ports.db, data.user.id, { status: "processing", progress: 40, publishedAt: null, outputs: null });
  const answer = await app.request(`/videos/${video.id}`, { headers: { authorization: `Bearer ${data.token}` } });
  if (answer.status !== 200) throw new Error(`GET /videos/:id: HTTP ${answer.status} ${await answer.text()}`);
  return { token: data.token, videoId: video.id, body: await answer.text() };
}
