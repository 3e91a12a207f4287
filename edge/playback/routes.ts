import { createRoute, z } from "@hono/zod-openapi";
import { captionLanguage } from "../../shared/contracts/captions.js";
import { idParam } from "../../shared/contracts/ids.js";
import type { Context } from "hono";
import { and, eq, ne } from "drizzle-orm";
import { videoColumns, videos, type CaptionFile, type VideoRow } from "../../shared/db/schema.js";
import { notFound } from "../../shared/errors.js";
import { optionalUser } from "../auth/index.js";
import { errorResponses, edgeRoutes, optionalBearerSecurity, type EdgeEnv } from "../http/index.js";
import { manifestCacheControl } from "./cache-policy.js";
import type { VideoGrant } from "./cdn-signer.js";
import { isFinishedHlsMedia, MEDIA_PLAYLIST_NAME, rewriteHlsMaster, rewriteHlsMedia } from "./rewrite-hls.js";
import { isDynamicMpd, rewriteMpd } from "./rewrite-mpd.js";
import { rewriteStoryboardVtt } from "./rewrite-vtt.js";
import { subtitlePlaylist, withSubtitleGroup, withTextAdaptationSets, type SignedTrack } from "./caption-manifests.js";
import { captionFile, manifestGrant } from "./playback-urls.js";
import { videoCaptionFiles } from "../captions/index.js";
import { filesFolder, readManifest, readVideoFile } from "../videos/index.js";
import { TIME_PATH } from "../time/index.js";

const tags = ["playback"];
const query = z.object({ token: z.string().max(2048).optional() });
const text = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string() } } });

interface Document {
  operationId: string;
  summary: string;
  /** What the 200 answer is. */
  body: string;
}

const route = <P extends z.ZodObject>(path: string, type: string, doc: Document, params: P) =>
  createRoute({
    method: "get",
    path,
    operationId: doc.operationId,
    summary: doc.summary,
    description: `${doc.body}. Public and unlisted videos for anyone, private ones for their owner or with a playback \`token\`; cached only as long as the signatures inside stay valid.`,
    tags,
    security: optionalBearerSecurity,
    middleware: [optionalUser],
    request: { params, query },
    responses: {
      200: text(type, doc.body),
      ...errorResponses({
        404: "No such video for this caller, or not playable yet",
        503: "Still encoding and its encode is starting over, or a service is unavailable: try again after Retry-After seconds",
      }),
    },
  });

const mpd = route(
  "/videos/{id}/manifest.mpd",
  "application/dash+xml",
  { operationId: "getDashManifest", summary: "DASH manifest", body: "The DASH manifest with every segment URL absolute and signed" },
  idParam,
);
const master = route(
  "/videos/{id}/master.m3u8",
  "application/vnd.apple.mpegurl",
  {
    operationId: "getHlsMaster",
    summary: "HLS master playlist",
    body: "The HLS master playlist, pointing at the rewritten media playlists",
  },
  idParam,
);
const media = route(
  "/videos/{id}/hls/{name}",
  "application/vnd.apple.mpegurl",
  { operationId: "getHlsMediaPlaylist", summary: "HLS media playlist", body: "An HLS media playlist with signed segment URLs" },
  idParam.extend({ name: z.string().regex(MEDIA_PLAYLIST_NAME) }),
);
const vtt = route(
  "/videos/{id}/storyboard.vtt",
  "text/vtt",
  { operationId: "getStoryboard", summary: "Storyboard cues", body: "Storyboard cues (WebVTT) with signed sprite URLs" },
  idParam,
);
const subtitles = createRoute({
  ...route(
    "/videos/{id}/captions/{language}/playlist.m3u8",
    "application/vnd.apple.mpegurl",
    {
      operationId: "getCaptionPlaylist",
      summary: "HLS subtitle playlist of a caption track",
      body: "An HLS subtitle media playlist: the track's signed WebVTT file as one segment covering the video (what the master's EXT-X-MEDIA:TYPE=SUBTITLES renditions point at)",
    },
    idParam.extend({ language: captionLanguage }),
  ),
  tags: ["captions"],
});

interface Granted {
  video: VideoRow;
  /** Its caption tracks, by language. */
  tracks: CaptionFile[];
  grant: VideoGrant;
  /** Signs a file named relative to the manifest, which sits in the video's revision folder. */
  sign: (file: string) => string;
}

/**
 * The video (any visibility; `manifestGrant` decides) with its caption tracks, and the grant to sign its
 * files for this caller. The tracks come in the video's statement, one Neon request: the routes without
 * captions pay one probe of the captions key for them, not a request.
 */
async function granted(c: Context<EdgeEnv>, id: string, token: string | undefined): Promise<Granted> {
  const p = c.var.ports;
  const [row] = await p.db
    .select({ video: videoColumns, tracks: videoCaptionFiles })
    .from(videos)
    .where(and(eq(videos.id, id), ne(videos.status, "deleted")));
  if (!row) throw notFound();
  const { video, tracks } = row;
  const grant = await manifestGrant(p, video, c.var.auth?.userId, token);
  const folder = filesFolder(video.outputs);
  return { video, tracks, grant, sign: (file) => grant.url(`${folder}${file}`) };
}

/** The caption tracks with what each manifest points at: the signed file, or the edge's playlist for it. */
const signedTracks = (tracks: CaptionFile[], url: (file: string, language: string) => string): SignedTrack[] =>
  tracks.map((row) => ({ language: row.language, label: row.label, kind: row.kind, url: url(captionFile(row), row.language) }));

function send(c: Context<EdgeEnv>, type: string, body: string, growing: boolean, grant: VideoGrant) {
  c.header("Content-Type", type);
  c.header("Cache-Control", manifestCacheControl(growing, grant, c.var.ports.clock()));
  return c.body(body, 200);
}

export const playbackRoutes = edgeRoutes()
  .openapi(mpd, async (c) => {
    const { id } = c.req.valid("param");
    const { video, tracks, grant, sign } = await granted(c, id, c.req.valid("query").token);
    const stored = await readManifest(c.var.ports.storage, video, "manifest.mpd");
    const timeUrl = `${c.var.ports.config.PUBLIC_BASE_URL}${TIME_PATH}`;
    const mpd = withTextAdaptationSets(
      rewriteMpd(stored, sign, timeUrl),
      signedTracks(tracks, (file) => grant.url(file)),
    );
    return send(c, "application/dash+xml", mpd, isDynamicMpd(stored), grant);
  })
  .openapi(master, async (c) => {
    const { id } = c.req.valid("param");
    const token = c.req.valid("query").token;
    const { video, tracks, grant } = await granted(c, id, token);
    const suffix = token ? `?token=${encodeURIComponent(token)}` : "";
    const edge = `${c.var.ports.config.PUBLIC_BASE_URL}/videos/${id}`;
    const stored = await readManifest(c.var.ports.storage, video, "master.m3u8");
    const master = withSubtitleGroup(
      rewriteHlsMaster(stored, (name) => `${edge}/hls/${name}${suffix}`),
      signedTracks(tracks, (_, language) => `${edge}/captions/${language}/playlist.m3u8${suffix}`),
    );
    // The master names the media playlists, not their state: it is final only with the video.
    return send(c, "application/vnd.apple.mpegurl", master, video.status !== "ready", grant);
  })
  .openapi(media, async (c) => {
    const { id, name } = c.req.valid("param");
    const { video, grant, sign } = await granted(c, id, c.req.valid("query").token);
    const stored = await readManifest(c.var.ports.storage, video, name);
    return send(c, "application/vnd.apple.mpegurl", rewriteHlsMedia(stored, sign), !isFinishedHlsMedia(stored), grant);
  })
  .openapi(vtt, async (c) => {
    const { id } = c.req.valid("param");
    const { video, grant, sign } = await granted(c, id, c.req.valid("query").token);
    const stored = await readVideoFile(c.var.ports.storage, video, "storyboard.vtt");
    return send(c, "text/vtt", rewriteStoryboardVtt(stored, sign), false, grant);
  })
  .openapi(subtitles, async (c) => {
    const { id, language } = c.req.valid("param");
    const { video, tracks, grant } = await granted(c, id, c.req.valid("query").token);
    const track = tracks.find((row) => row.language === language);
    if (!track || video.durationSeconds === null) throw notFound();
    // The file of a track is replaced, never changed: the playlist is as final as the video's own.
    return send(
      c,
      "application/vnd.apple.mpegurl",
      subtitlePlaylist(grant.url(captionFile(track)), video.durationSeconds),
      video.status !== "ready",
      grant,
    );
  });
