import { createRoute, z } from "@hono/zod-openapi";
import { idParam } from "../../shared/contracts/ids.js";
import { VIEWER_VIDEO_FIELDS, videoView } from "../../shared/contracts/uploads.js";
import { listQuery, playbackView, publicListQuery, publicVideoView, updateVideoBody } from "../../shared/contracts/videos.js";
import { invalid, notFound } from "../../shared/errors.js";
import { envelope } from "../../shared/http/envelope.js";
import { optionalUser, requireUser, signedIn } from "../auth/index.js";
import { bearerSecurity, errorResponses, inBackground, jsonBody, jsonResponse, edgeRoutes, optionalBearerSecurity } from "../http/index.js";
import { captionView } from "../../shared/contracts/captions.js";
import { playbackFor } from "../playback/index.js";
import { readThrough } from "../ports/index.js";
import { currentTrace } from "../telemetry/index.js";
import { isPlayable, presentVideo } from "../videos/index.js";
import { decodeCursor, decodeRankedCursor, encodeCursor, encodeRankedCursor, type Cursor } from "./cursor.js";
import { bypassed, cachePolicy, describeCacheRead, forgetVideo, listingKey, mayShare, videoKey } from "./edge-cache.js";
import { deleteVideo, updateVideo } from "./edit-video.js";
import { detailsFor, signDetails } from "./present-details.js";
import { presentPublicVideo, withPoster } from "./present-public.js";
import { findViewableVideo, listOwnedVideos, listPublicVideos, searchPublicVideos } from "./queries.js";

const tags = ["videos"];
const ownerOnly = Object.fromEntries(
  Object.keys(videoView.shape)
    .filter((k) => !(k in VIEWER_VIDEO_FIELDS))
    .map((k) => [k, true]),
) as { [K in Exclude<keyof typeof videoView.shape, keyof typeof VIEWER_VIDEO_FIELDS>]: true };
const page = <T extends z.ZodType>(item: T) => z.object({ videos: z.array(item), next_cursor: z.string().nullable() });

function cursorFrom<C>(text: string | undefined, fields: string[], decode: (text: string) => C | null): C | null {
  if (text === undefined) return null;
  const cursor = decode(text);
  if (!cursor) throw invalid(Object.fromEntries(fields.map((f) => [f, f === "cursor" ? ["The cursor is not valid."] : []])));
  return cursor;
}

/** One more row than asked tells whether another page exists, without a count. */
function paginate<T>(rows: T[], limit: number, cursorOf: (row: T) => string) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? cursorOf(last) : null };
}

const LIST_FIELDS = ["limit", "cursor", "q", "tag"];

const listedAt = (v: { publishedAt: Date | null; createdAt: Date; id: string }): Cursor => ({ at: v.publishedAt ?? v.createdAt, id: v.id });

const list = createRoute({
  method: "get",
  path: "/videos",
  operationId: "listVideos",
  summary: "List or search public videos",
  description:
    "Public, ready videos. Without `q`: newest first. With `q`: a full-text search over title, tags and description, " +
    "best match first; a last word with nothing after it matches as a prefix (results while typing); quotes, `-word` " +
    "and `or` work as in web search engines. `tag` keeps only videos with that tag (normalised as tags are). Both page " +
    "with `next_cursor`, which is only valid for the same `q` and `tag`.",
  tags,
  request: { query: publicListQuery },
  responses: {
    200: jsonResponse("Public, ready videos: newest first, or best match first when searching", page(publicVideoView)),
    ...errorResponses({ 400: "Bad limit, cursor, search or tag (every field listed)" }),
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
        /** Every caption track; each file signed while the video is playable (null otherwise). */
        captions: z.array(captionView),
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
  description:
    "Changes title, description, visibility, tags (replaced whole: at most 10, normalised — lower case, single spaces, " +
    "each once), language (a BCP 47 tag, or null when unknown; search stems the video's words in it) and downloadable " +
    "(whether viewers may download it). The fields not given stay. Owner only.",
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
    const { limit, cursor, q, tag } = c.req.valid("query");
    const load =
      q === undefined
        ? async () => {
            const rows = await listPublicVideos(p.db, limit + 1, cursorFrom(cursor, LIST_FIELDS, decodeCursor), tag);
            const { items, next } = paginate(rows, limit, (v) => encodeCursor(listedAt(v)));
            return { videos: items.map(presentPublicVideo), next_cursor: next };
          }
        : async () => {
            const rows = await searchPublicVideos(p.db, q, limit + 1, cursorFrom(cursor, LIST_FIELDS, decodeRankedCursor), tag);
            const { items, next } = paginate(rows, limit, (v) => encodeRankedCursor({ rank: v.rank, ...listedAt(v) }));
            return { videos: items.map(presentPublicVideo), next_cursor: next };
          };
    // The same page for every caller (the route never reads who asks), so credentials need not bypass it;
    // the poster signatures are added per answer.
    const read = await readThrough({
      cache: p.cache,
      key: listingKey({ limit, cursor, q, tag }),
      policy: cachePolicy(p.config),
      load,
      shareable: () => true,
      background: inBackground(c),
    });
    describeCacheRead(c, read);
    return c.json(envelope("Videos", { videos: read.value.videos.map((v) => withPoster(p, v)), next_cursor: read.value.next_cursor }), 200);
  })
  .openapi(details, async (c) => {
    const p = c.var.ports;
    const id = c.req.valid("param").id;
    const viewerId = c.var.auth?.userId;
    if (!mayShare(c)) {
      const found = await findViewableVideo(p.db, id, viewerId);
      if (!found) throw notFound();
      describeCacheRead(c, bypassed);
      return c.json(envelope("Video", await signDetails(p, detailsFor(found.video, viewerId, found.tracks), viewerId)), 200);
    }
    const read = await readThrough({
      cache: p.cache,
      key: videoKey(id),
      policy: cachePolicy(p.config),
      load: async () => {
        const found = await findViewableVideo(p.db, id, undefined);
        return found ? detailsFor(found.video, undefined, found.tracks) : null;
      },
      // A video that is gone, unlisted, private or encoding is answered to this caller only, and its entry removed.
      shareable: (details) => details?.shareable === true,
      background: inBackground(c),
    });
    describeCacheRead(c, read.value?.shareable ? read : { ...read, freshForSeconds: 0 });
    if (!read.value) throw notFound();
    return c.json(envelope("Video", await signDetails(p, read.value, undefined)), 200);
  })
  .openapi(mine, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const rows = await listOwnedVideos(
      c.var.ports.db,
      signedIn(c).userId,
      limit + 1,
      cursorFrom(cursor, ["limit", "cursor"], decodeCursor),
    );
    const { items, next } = paginate(rows, limit, (v) => encodeCursor({ at: v.createdAt, id: v.id }));
    return c.json(envelope("Your videos", { videos: items.map(presentVideo), next_cursor: next }), 200);
  })
  .openapi(playback, async (c) => {
    const p = c.var.ports;
    const id = c.req.valid("param").id;
    const found = await findViewableVideo(p.db, id, c.var.auth?.userId);
    if (!found || !isPlayable(found.video)) throw notFound();
    c.header("Cache-Control", "private, no-store");
    return c.json(envelope("Playback", await playbackFor(p, found.video, c.var.auth?.userId, found.tracks)), 200);
  })
  .openapi(edit, async (c) => {
    const video = await updateVideo(c.var.ports, signedIn(c).userId, c.req.valid("param").id, c.req.valid("json"));
    await forgetVideo(c.var.ports.cache, video.id);
    return c.json(envelope("Video updated", { video: presentVideo(video) }), 200);
  })
  .openapi(remove, async (c) => {
    await deleteVideo(c.var.ports, signedIn(c).userId, c.req.valid("param").id, currentTrace());
    await forgetVideo(c.var.ports.cache, c.req.valid("param").id);
    return c.json(envelope("Video deleted", {}), 200);
  });
