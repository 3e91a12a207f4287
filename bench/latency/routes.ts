import { expectStatus, type Client } from "./client.js";

/** What one timed request needs: prepared (untimed) by `setup`, then sent and timed by `send`. */
export interface RouteProbe {
  name: string;
  /** p50 as a multiple of the database distance the issue asks for; undefined: reported only. */
  target?: { maxMultiple: number; note?: string };
  /** Untimed preparation of one request (an upload to complete); returns what `send` needs. */
  setup?: (c: Client) => Promise<string>;
  send: (c: Client, prepared: string | undefined) => Promise<Response>;
  status: number;
}

const CLIP = new Uint8Array(4096).fill(1);
const uploadBody = JSON.stringify({
  title: "Latency clip",
  filename: "clip.mp4",
  content_type: "video/mp4",
  size_bytes: CLIP.length,
  visibility: "private",
});

/** The routes of the latency figure, as a far client calls them. */
export const ROUTES: RouteProbe[] = [
  {
    name: "GET /videos/:id (signed in)",
    target: { maxMultiple: 1.2 },
    send: (c) => c.get(`/videos/${c.fixture.videoId}`, true),
    status: 200,
  },
  { name: "GET /users/me/videos", target: { maxMultiple: 1.2 }, send: (c) => c.get("/users/me/videos", true), status: 200 },
  {
    name: "GET /videos/:id/playback (signed in)",
    target: { maxMultiple: 1.2 },
    send: (c) => c.get(`/videos/${c.fixture.videoId}/playback`, true),
    status: 200,
  },
  { name: "POST /uploads", send: (c) => c.post("/uploads", uploadBody), status: 201 },
  {
    name: "POST /uploads/:id/complete",
    setup: async (c) => {
      const created = await c.post("/uploads", uploadBody);
      await expectStatus(created, 201);
      const { data } = (await created.json()) as { data: { video: { id: string }; upload: { url: string } } };
      const put = await fetch(data.upload.url, { method: "PUT", headers: { "Content-Type": "video/mp4" }, body: new Blob([CLIP]) });
      await expectStatus(put, 200);
      return data.video.id;
    },
    send: (c, id) => c.post(`/uploads/${id}/complete`, undefined),
    status: 202,
  },
  {
    name: "GET /videos (anonymous)",
    target: { maxMultiple: 0.2, note: "with a warm edge cache" },
    send: (c) => c.get("/videos", false),
    status: 200,
  },
  {
    name: "GET /videos/:id (anonymous, public)",
    target: { maxMultiple: 0.2, note: "with a warm edge cache" },
    send: (c) => c.get(`/videos/${c.fixture.videoId}`, false),
    status: 200,
  },
];
