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
import { requireUser, requireUserReadsFirst, signedIn } from "../auth/index.js";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse, edgeRoutes } from "../http/index.js";
import { seedPresign, seedWebhook } from "./seed-uploads.js";
import { cancelUpload, completeUpload, createUpload, resumeUpload } from "./direct-uploads.js";
import { currentTrace } from "../telemetry/index.js";

const common = { tags: ["uploads"], security: bearerSecurity, middleware: [requireUser] };
/** Completions read the row and the stored object beside the revocation check; their writes wait for it (the guard holds them). */
const readsFirst = { middleware: [requireUserReadsFirst] };
const videoData = z.object({ video: videoView });

const noSuchUpload = { 404: "No such upload for this user" };
const completionErrors = errorResponses(noSuchUpload, {
  409: "The bytes have not arrived in storage",
  413: "The stored file is larger than MAX_UPLOAD_BYTES",
  422: "The stored size differs from the announced size",
});
const instructions = z.object({ video: videoView, upload: z.union([singlePutUpload, multipartUpload]) });

const create = createRoute({
  ...common,
  method: "post",
  path: "/uploads",
  operationId: "createUpload",
  summary: "Start an upload",
  description:
    "Reserves a video (title, description, visibility, up to 10 tags, an optional BCP 47 language for search) and " +
    "answers where to send its bytes, straight to object storage: one presigned PUT up to SINGLE_PUT_MAX_BYTES, " +
    "presigned multipart parts above. The type must be a video; at most MAX_PENDING_UPLOADS unfinished uploads per user.",
  request: { body: jsonBody(createUploadBody) },
  responses: {
    201: jsonResponse("The video, and where to send its bytes (one PUT, or multipart parts)", instructions),
    ...errorResponses({
      400: "Invalid input (type, lengths)",
      413: "Larger than MAX_UPLOAD_BYTES",
      429: "Too many unfinished uploads; see Retry-After",
    }),
  },
});

const complete = createRoute({
  ...common,
  ...readsFirst,
  method: "post",
  path: "/uploads/{id}/complete",
  operationId: "completeUpload",
  summary: "Finish an upload and queue its encode",
  description:
    "Completes the multipart upload (with the parts' ETags), checks the stored object against the announced size, then sets the video queued and records the encode job in one statement. Calling it again answers 202 and queues nothing new.",
  request: { params: idParam, body: { required: false, content: { "application/json": { schema: completeUploadBody } } } },
  responses: {
    202: jsonResponse("Verified and queued for encoding (repeating the call queues nothing new)", videoData),
    ...errorResponses({ 400: "Missing or mismatched parts" }),
    ...completionErrors,
  },
});

const resume = createRoute({
  ...common,
  method: "post",
  path: "/uploads/{id}/resume",
  operationId: "resumeUpload",
  summary: "Fresh URLs for an unfinished upload",
  description:
    "Signs new URLs for the same upload, for a client whose URLs expired or that reloaded: the parts already stored stay stored, so only the missing ones need sending.",
  request: { params: idParam },
  responses: {
    200: jsonResponse("Fresh URLs for the same upload (parts already sent stay sent): resume after the first URLs expired", instructions),
    ...errorResponses(noSuchUpload, { 409: "Already completed" }),
  },
});

const cancel = createRoute({
  ...common,
  method: "delete",
  path: "/uploads/{id}",
  operationId: "cancelUpload",
  summary: "Cancel an unfinished upload",
  description: "Aborts the upload, removes the bytes already stored and marks the video deleted.",
  request: { params: idParam },
  responses: {
    200: jsonResponse("Upload aborted, bytes removed, video deleted", z.object({})),
    ...errorResponses(noSuchUpload, { 409: "Already completed: delete the video instead" }),
  },
});

const seedPresigned = createRoute({
  ...common,
  tags: ["uploads", "seed"],
  method: "post",
  path: "/videos/upload/presigned-url",
  operationId: "createSeedUpload",
  summary: "Start an upload (seed clients)",
  description:
    "For clients of the platform this one replaces: PUT URLs for a video and its thumbnail, without knowing size or type up front. New clients use POST /uploads.",
  responses: {
    200: jsonResponse(
      "Seed-compatible: PUT URLs for a video and its thumbnail",
      z.object({ video_id: z.string(), thumbnail_id: z.string(), video_url: z.string(), thumbnail_url: z.string() }),
    ),
    ...errorResponses({ 429: "Too many unfinished uploads; see Retry-After" }),
  },
});

const seedHook = createRoute({
  ...common,
  ...readsFirst,
  tags: ["uploads", "seed"],
  method: "post",
  path: "/videos/upload/webhook",
  operationId: "completeSeedUpload",
  summary: "Finish an upload (seed clients)",
  description:
    "For clients of the platform this one replaces: sets title and description (and tags and language when given), " +
    "then verifies and queues the encode as POST /uploads/{id}/complete does.",
  request: { body: jsonBody(seedWebhookBody) },
  responses: {
    200: jsonResponse("Seed-compatible completion: verified and queued", videoData),
    ...errorResponses({ 400: "Invalid input, or a thumbnail_id that is not the video's" }),
    ...completionErrors,
  },
});

export const uploadRoutes = edgeRoutes()
  .openapi(create, async (c) =>
    c.json(envelope("Upload created", await createUpload(c.var.ports, signedIn(c).userId, c.req.valid("json"))), 201),
  )
  .openapi(complete, async (c) => {
    const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
    const video = await completeUpload(c.var.ports, signedIn(c).userId, c.req.valid("param").id, body, currentTrace());
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
    const video = await seedWebhook(c.var.ports, signedIn(c).userId, c.req.valid("json"), currentTrace());
    return c.json(envelope("Video queued for encoding", { video }), 200);
  });
