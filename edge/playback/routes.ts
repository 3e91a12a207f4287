import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { notFound } from "../../shared/errors.js";
import { storageKeys } from "../../shared/storage-keys.js";
import { optionalUser } from "../auth/guard.js";
import type { EdgeEnv } from "../http/env.js";
import { errorResponse } from "../http/openapi.js";
import { MEDIA_PLAYLIST_NAME, rewriteHlsMaster, rewriteHlsMedia } from "./rewrite-hls.js";
import { rewriteMpd } from "./rewrite-mpd.js";
import { rewriteStoryboardVtt } from "./rewrite-vtt.js";
import { manifestGrant } from "./service.js";
import type { VideoGrant } from "./cdn-signer.js";
import { videos } from "../../shared/db/schema.js";
import { and, eq, ne } from "drizzle-orm";

const tags = ["playback"];
const query = z.object({ token: z.string().max(2048).optional() });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });
// Manifests carry signatures for one caller: never shared, kept briefly by that caller only.
const CACHE = "private, max-age=10";

const route = <P extends z.ZodObject>(path: string, type: string, description: string, params: P) =>
  createRoute({ method: "get", path, tags, middleware: [optionalUser], request: { params, query }, responses: { 200: text(type, description), 404: errorResponse("No such video for this caller, or not ready") } });

const idParam = z.object({ id: z.string().min(1).max(64) });
const mpd = route("/videos/{id}/manifest.mpd", "application/dash+xml", "The DASH manifest with every segment URL absolute and signed", idParam);
const master = route("/videos/{id}/master.m3u8", "application/vnd.apple.mpegurl", "The HLS master playlist, pointing at the rewritten media playlists", idParam);
const media = route("/videos/{id}/hls/{name}", "application/vnd.apple.mpegurl", "An HLS media playlist with signed segment URLs", idParam.extend({ name: z.string().regex(MEDIA_PLAYLIST_NAME) }));
const vtt = route("/videos/{id}/storyboard.vtt", "text/vtt", "Storyboard cues with signed sprite URLs", idParam);

/** The video (any visibility; `manifestGrant` decides) and the grant to sign its files for this caller. */
async function granted(c: Context<EdgeEnv>, id: string, token: string | undefined): Promise<{ grant: VideoGrant; token: string | undefined }> {
  const p = c.var.ports;
  const [video] = await p.db.select().from(videos).where(and(eq(videos.id, id), ne(videos.status, "deleted")));
  if (!video) throw notFound();
  return { grant: await manifestGrant(p, video, c.var.auth?.userId, token), token };
}

async function file(c: Context<EdgeEnv>, id: string, name: string): Promise<string> {
  const body = await c.var.ports.storage.getText(`${storageKeys.outputPrefix(id)}${name}`);
  if (body === null) throw notFound();
  return body;
}

function send(c: Context<EdgeEnv>, type: string, body: string) {
  c.header("Content-Type", type);
  c.header("Cache-Control", CACHE);
  return c.body(body, 200);
}

export const playbackRoutes = new OpenAPIHono<EdgeEnv>()
  .openapi(mpd, async (c) => {
    const { id } = c.req.valid("param");
    const { grant } = await granted(c, id, c.req.valid("query").token);
    return send(c, "application/dash+xml", rewriteMpd(await file(c, id, "manifest.mpd"), grant.url));
  })
  .openapi(master, async (c) => {
    const { id } = c.req.valid("param");
    const { token } = await granted(c, id, c.req.valid("query").token);
    const origin = new URL(c.req.url).origin;
    const suffix = token ? `?token=${encodeURIComponent(token)}` : "";
    return send(c, "application/vnd.apple.mpegurl", rewriteHlsMaster(await file(c, id, "master.m3u8"), (name) => `${origin}/videos/${id}/hls/${name}${suffix}`));
  })
  .openapi(media, async (c) => {
    const { id, name } = c.req.valid("param");
    const { grant } = await granted(c, id, c.req.valid("query").token);
    return send(c, "application/vnd.apple.mpegurl", rewriteHlsMedia(await file(c, id, name), grant.url));
  })
  .openapi(vtt, async (c) => {
    const { id } = c.req.valid("param");
    const { grant } = await granted(c, id, c.req.valid("query").token);
    return send(c, "text/vtt", rewriteStoryboardVtt(await file(c, id, "storyboard.vtt"), grant.url));
  });

