import { createRoute, z } from "@hono/zod-openapi";
import { idParam } from "../../shared/contracts/ids.js";
import { VIEWER_VIDEO_FIELDS, videoView } from "../../shared/contracts/uploads.js";
import { listQuery, playbackView, publicVideoView, updateVideoBody } from "../../shared/contracts/videos.js";
import { invalid, notFound } from "../../shared/errors.js";
import { envelope } from "../../shared/http/envelope.js";
import { optionalUser, requireUser, signedIn } from "../auth/index.js";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, edgeRoutes, optionalBearerSecurity } from "../http/index.js";
import { playbackFor } from "../playback/index.js";
import { cached } from "../ports/index.js";
import { currentTrace } from "../telemetry/index.js";
import { isPlayable, presentVideo, presentVideoTo } from "../videos/index.js";
import { decodeCursor, encodeCursor, type Cursor } from "./cursor.js";
import { deleteVideo, updateVideo } from "./edit-video.js";
import { presentPublicVideo, withPoster } from "./present-public.js";
import { findViewableVideo, listOwnedVideos, listPublicVideos } from "./queries.js";

const tags = ["videos"];
const ownerOnly = Object.fromEntries(
  Object.keys(videoView.shape)
    .filter((k) => !(k in VIEWER_VIDEO_FIELDS))
    .map((k) => [k, true]),
) as { [K in Exclude<keyof typeof videoView.shape, keyof typeof VIEWER_VIDEO_FIELDS>]: true };
const page = <T extends z.ZodType>(item: T) => z.object({ videos: z.array(item), next_cursor: z.string().nullable() });

function cursorFrom(text: string | undefined, fields: string[]): Cursor | null {
  if (text === undefined) return null;
  const cursor = decodeCursor(text);
  if (!cursor) throw invalid(Object.fromEntries(fields.map((f) => [f, f === "cursor" ? ["The cursor is not valid."] : []])));
  return cursor;
}

/** One more row than asked tells whether another page exists, without a count. */
function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

const list = createRoute({
  method: "get",
  path: "/videos",
  operationId: "listVideos",
  summary: "Public videos",
  description: "Public videos that are ready, newest first, a page at a time: pass `next_cursor` as `cursor` for the next page.",
  tags,
  request: { query: listQuery },
  responses: {
    200: jsonResponse("Public, ready videos, newest first", page(publicVideoView)),
    ...errorResponses({ 400: "Bad limit or cursor" }),
  },
});

const details = createRoute({
  method: "get",
  path: "/videos/{id}",
  operationId: "getVideo",
  summary: "One video",
  description:
    "A video you may see: public or unlisted ones for anyone, private ones for their owner, who sees every field. Signed playback URLs come with it once it is playable.",
  tags,
  security: optionalBearerSecurity,
  middleware: [optionalUser],
  request: { params: idParam },
  responses: {
    200: jsonResponse(
      "The video (the owner sees every field, anyone else only the viewer fields); signed playback URLs when it is playable — ready, or still encoding with its first segments stored (null otherwise)",
      z.object({
        video: videoView.partial(ownerOnly).extend({ owner: publicVideoView.shape.owner, poster_url: z.string().nullable() }),
        manifest_url: z.string().nullable(),
        hls_url: z.string().nullable(),
        expires_at: z.string().nullable(),
      }),
    ),
    ...errorResponses({ 404: "No such video, or private and not yours" }),
  },
});

const mine = createRoute({
  method: "get",
  path: "/users/me/videos",
  operationId: "listMyVideos",
  summary: "Your videos",
  description: "Every video of yours whatever its status or visibility, newest first, a page at a time (`cursor` from `next_cursor`).",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  request: { query: listQuery },
  responses: {
    200: jsonResponse("All your videos, any status, newest first", page(videoView)),
    ...errorResponses({ 400: "Bad limit or cursor" }),
  },
});

const playback = createRoute({
  method: "get",
  path: "/videos/{id}/playback",
  operationId: "getPlayback",
  summary: "Signed playback URLs",
  description:
    "CloudFront-signed URLs for this caller: DASH and HLS manifests, poster and storyboard. Never cached: they are signed for one caller and expire at `expires_at`.",
  tags: ["playback"],
  security: optionalBearerSecurity,
  middleware: [optionalUser],
  request: { params: idParam },
  responses: {
    200: jsonResponse("CloudFront-signed URLs for this caller", playbackView),
    ...errorResponses({ 404: "No such video, private, or not playable yet" }),
  },
});

const edit = createRoute({
  method: "patch",
  path: "/videos/{id}",
  operationId: "updateVideo",
  summary: "Edit a video of yours",
  description: "Changes the title, description or visibility given; the others stay.",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  request: { params: idParam, body: jsonBody(updateVideoBody) },
  responses: {
    200: jsonResponse("Updated", z.object({ video: videoView })),
    ...errorResponses({ 404: "No such video of yours" }),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/videos/{id}",
  operationId: "deleteVideo",
  summary: "Delete a video of yours",
  description: "The video disappears at once; its files are removed from storage in the background.",
  tags,
  security: bearerSecurity,
  middleware: [requireUser],
  request: { params: idParam },
  responses: {
    200: jsonResponse("Deleted; its files are removed in the background", z.object({})),
    ...errorResponses({ 404: "No such video of yours" }),
  },
});

export const catalogRoutes = edgeRoutes()
  .openapi(list, async (c) => {
    const p = c.var.ports;
    const { limit, cursor } = c.req.valid("query");
    const after = cursorFrom(cursor, ["limit", "cursor"]);
    // A key of its own for the shape that carries each poster's file (posters moved into revision
    // folders): entries cached before a deploy in the old shape are never read as this one.
    const page = await cached(p.cache, `videos:public:listing:${limit}:${cursor ?? ""}`, p.config.CATALOG_CACHE_SECONDS, async () => {
      const rows = await listPublicVideos(p.db, limit + 1, after);
      const { items, next } = paginate(rows, limit, (v) => ({ at: v.publishedAt ?? v.createdAt, id: v.id }));
      return { videos: items.map(presentPublicVideo), next_cursor: next };
    });
    return c.json(envelope("Videos", { videos: page.videos.map((v) => withPoster(p, v)), next_cursor: page.next_cursor }), 200);
  })
  .openapi(details, async (c) => {
    const p = c.var.ports;
    const video = await findViewableVideo(p.db, c.req.valid("param").id, c.var.auth?.userId);
    if (!video) throw notFound();
    const urls = isPlayable(video) ? await playbackFor(p, video, c.var.auth?.userId) : null;
    const view = { ...presentVideoTo(video, c.var.auth?.userId), owner: video.owner, poster_url: urls?.poster_url ?? null };
    return c.json(
      envelope("Video", {
        video: view,
        manifest_url: urls?.manifest_url ?? null,
        hls_url: urls?.hls_manifest_url ?? null,
        expires_at: urls?.expires_at ?? null,
      }),
      200,
    );
  })
  .openapi(mine, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listOwnedVideos(c.var.ports.db, signedIn(c).userId, limit + 1, cursorFrom(cursor, ["limit", "cursor"]));
    const { items, next } = paginate(rows, limit, (v) => ({ at: v.createdAt, id: v.id }));
    return c.json(envelope("Your videos", { videos: items.map(presentVideo), next_cursor: next }), 200);
  })
  .openapi(playback, async (c) => {
    const p = c.var.ports;
    const video = await findViewableVideo(p.db, c.req.valid("param").id, c.var.auth?.userId);
    if (!video || !isPlayable(video)) throw notFound();
    c.header("Cache-Control", "private, no-store");
    return c.json(envelope("Playback", await playbackFor(p, video, c.var.auth?.userId)), 200);
  })
  .openapi(edit, async (c) => {
    const video = await updateVideo(c.var.ports, signedIn(c).userId, c.req.valid("param").id, c.req.valid("json"));
    return c.json(envelope("Video updated", { video: presentVideo(video) }), 200);
  })
  .openapi(remove, async (c) => {
    await deleteVideo(c.var.ports, signedIn(c).userId, c.req.valid("param").id, currentTrace());
    return c.json(envelope("Video deleted", {}), 200);
  });
