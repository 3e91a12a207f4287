import { createRoute, z } from "@hono/zod-openapi";
import { idParam } from "../../shared/contracts/ids.js";
import {
  completeUploadBody,
  createUploadBody,
  multipartUpload,
  seedWebhookBody,
  singlePutUpload,
  videoView,
} from "../../shared/contracts/uploads.js";
import { envelope } from "../../shared/http/envelope.js";
import { authorized, requireUser, requireUserReadsFirst, signedIn } from "../auth/index.js";
import { bearerSecurity, errorResponse, jsonBody, jsonResponse, edgeRoutes } from "../http/index.js";
import { seedPresign, seedWebhook } from "./seed-uploads.js";
import { cancelUpload, completeUpload, createUpload, resumeUpload } from "./direct-uploads.js";
import { currentTrace } from "../telemetry/index.js";

const common = { tags: ["uploads"], security: bearerSecurity, middleware: [requireUser] };
/** Completions read the row and the stored object beside the revocation check, and write only once it is in. */
const readsFirst = { middleware: [requireUserReadsFirst] };
const videoData = z.object({ video: videoView });

const instructions = z.object({ video: videoView, upload: z.union([singlePutUpload, multipartUpload]) });

const create = createRoute({
  ...common,
  method: "post",
  path: "/uploads",
  operationId: "createUpload",
  summary: "Start an upload",
  description:
    "Reserves a video (title, description, visibility, up to 10 tags, an optional BCP 47 language for search) and " +
    "answers where to send its bytes: one presigned PUT, or presigned multipart parts above SINGLE_PUT_MAX_BYTES.",
  request: { body: jsonBody(createUploadBody) },
  responses: {
    201: jsonResponse("The video, and where to send its bytes (one PUT, or multipart parts)", instructions),
    400: errorResponse("Invalid input (type, lengths)"),
    401: errorResponse("Not signed in"),
    413: errorResponse("Larger than MAX_UPLOAD_BYTES"),
    429: errorResponse("Too many unfinished uploads"),
    503: errorResponse("The database or storage is unavailable (Retry-After)"),
  },
});

const complete = createRoute({
  ...common,
  ...readsFirst,
  method: "post",
  path: "/uploads/{id}/complete",
  request: { params: idParam, body: { required: false, content: { "application/json": { schema: completeUploadBody } } } },
  responses: {
    202: jsonResponse("Verified and queued for encoding (repeating the call queues nothing new)", videoData),
    400: errorResponse("Missing or mismatched parts"),
    404: errorResponse("No such upload for this user"),
    409: errorResponse("The bytes have not arrived"),
    422: errorResponse("The stored size differs from the announced size"),
  },
});

const resume = createRoute({
  ...common,
  method: "post",
  path: "/uploads/{id}/resume",
  request: { params: idParam },
  responses: {
    200: jsonResponse("Fresh URLs for the same upload (parts already sent stay sent): resume after the first URLs expired", instructions),
    404: errorResponse("No such upload for this user"),
    409: errorResponse("Already completed"),
  },
});

const cancel = createRoute({
  ...common,
  method: "delete",
  path: "/uploads/{id}",
  request: { params: idParam },
  responses: {
    200: jsonResponse("Upload aborted, bytes removed, video deleted", z.object({})),
    404: errorResponse("No such upload for this user"),
    409: errorResponse("Already completed: delete the video instead"),
  },
});

const seedPresigned = createRoute({
  ...common,
  tags: ["uploads", "seed"],
  method: "post",
  path: "/videos/upload/presigned-url",
  responses: {
    200: jsonResponse(
      "Seed-compatible: PUT URLs for a video and its thumbnail",
      z.object({ video_id: z.string(), thumbnail_id: z.string(), video_url: z.string(), thumbnail_url: z.string() }),
    ),
    429: errorResponse("Too many unfinished uploads"),
  },
});

const seedHook = createRoute({
  ...common,
  ...readsFirst,
  tags: ["uploads", "seed"],
  method: "post",
  path: "/videos/upload/webhook",
  operationId: "completeSeedUpload",
  summary: "Complete a seed-compatible upload",
  description:
    "For the seed's clients: verifies the stored object and queues the encode, as POST /uploads/{id}/complete does, " +
    "setting title and description, and tags and language when given.",
  request: { body: jsonBody(seedWebhookBody) },
  responses: {
    200: jsonResponse("Seed-compatible completion: verified and queued", videoData),
    400: errorResponse("Invalid input (every field listed)"),
    401: errorResponse("Not signed in"),
    404: errorResponse("No such upload for this user"),
    409: errorResponse("The bytes have not arrived"),
    503: errorResponse("The database or storage is unavailable (Retry-After)"),
  },
});

export const uploadRoutes = edgeRoutes()
  .openapi(create, async (c) =>
    c.json(envelope("Upload created", await createUpload(c.var.ports, signedIn(c).userId, c.req.valid("json"))), 201),
  )
  .openapi(complete, async (c) => {
    const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
    const video = await completeUpload(c.var.ports, signedIn(c).userId, c.req.valid("param").id, body, currentTrace(), () => authorized(c));
    return c.json(envelope("Upload complete", { video }), 202);
  })
  .openapi(resume, async (c) =>
    c.json(envelope("Upload resumed", await resumeUpload(c.var.ports, signedIn(c).userId, c.req.valid("param").id)), 200),
  )
  .openapi(cancel, async (c) => {
    await cancelUpload(c.var.ports, signedIn(c).userId, c.req.valid("param").id);
    return c.json(envelope("Upload cancelled", {}), 200);
  })
  .openapi(seedPresigned, async (c) => c.json(envelope("Presigned URLs created", await seedPresign(c.var.ports, signedIn(c).userId)), 200))
  .openapi(seedHook, async (c) => {
    const video = await seedWebhook(c.var.ports, signedIn(c).userId, c.req.valid("json"), currentTrace(), () => authorized(c));
    return c.json(envelope("Video queued for encoding", { video }), 200);
  });
