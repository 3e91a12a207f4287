import { createRoute, z } from "@hono/zod-openapi";
import {
  captionLanguage,
  captionTrackView,
  captionUpload,
  captionUploadBody,
  completeCaptionBody,
  MAX_CAPTION_BYTES,
  putCaptionBody,
} from "../../shared/contracts/captions.js";
import { idParam } from "../../shared/contracts/ids.js";
import { envelope } from "../../shared/http/envelope.js";
import { requireUser, signedIn } from "../auth/index.js";
import { bearerSecurity, edgeRoutes, errorResponse, jsonBody, jsonResponse } from "../http/index.js";
import { completeCaptionUpload, deleteCaption, presignCaptionUpload, putCaption } from "./caption-tracks.js";

const common = { tags: ["captions"], security: bearerSecurity, middleware: [requireUser] };
const params = idParam.extend({ language: captionLanguage });
const trackData = z.object({ track: captionTrackView });
const checks =
  "WebVTT or SRT (converted to WebVTT); it must parse, every cue must end within the video's duration (+0.5 s), cue text may " +
  "carry WebVTT's own tags only (c, i, b, u, ruby, rt, v, lang, timestamps; HTML such as `font` or `script` elements is refused, as are STYLE " +
  `blocks), at most ${MAX_CAPTION_BYTES} bytes. The video's duration must be known: ready, or still encoding and playable.`;
const failures = {
  401: errorResponse("Not signed in"),
  404: errorResponse("No such video of yours"),
  409: errorResponse("The video's duration is not known yet (its encode has not started)"),
};

const put = createRoute({
  ...common,
  method: "put",
  path: "/videos/{id}/captions/{language}",
  operationId: "putCaption",
  summary: "Add or replace a caption track from the request body",
  description: `Publishes the track of this language (a BCP 47 tag, e.g. en or pt-BR), replacing any track of the same language. ${checks}`,
  request: { params, body: jsonBody(putCaptionBody) },
  responses: {
    200: jsonResponse("Replaced the track of this language", trackData),
    201: jsonResponse("Added the track", trackData),
    400: errorResponse("Bad language tag, label or kind, or a caption file that fails validation (problems under `content`)"),
    ...failures,
    413: errorResponse("The request body is larger than MAX_BODY_BYTES"),
  },
});

const upload = createRoute({
  ...common,
  method: "post",
  path: "/videos/{id}/captions/{language}/upload",
  operationId: "createCaptionUpload",
  summary: "Get a URL to upload a caption file to storage",
  description: `A presigned PUT for the file, bound to size_bytes (at most ${MAX_CAPTION_BYTES}); then call complete to validate and publish it.`,
  request: { params, body: jsonBody(captionUploadBody) },
  responses: {
    201: jsonResponse("Where to PUT the file", z.object({ upload: captionUpload })),
    400: errorResponse("Bad language tag or size_bytes"),
    ...failures,
  },
});

const complete = createRoute({
  ...common,
  method: "post",
  path: "/videos/{id}/captions/{language}/complete",
  operationId: "completeCaptionUpload",
  summary: "Validate and publish an uploaded caption file",
  description: `Reads the file PUT to the upload URL, checks it and publishes it as this language's track (replacing any). ${checks}`,
  request: { params, body: jsonBody(completeCaptionBody) },
  responses: {
    200: jsonResponse("Replaced the track of this language", trackData),
    201: jsonResponse("Added the track", trackData),
    400: errorResponse("Bad language tag, label or kind, or a file that fails validation (problems under `file`)"),
    401: errorResponse("Not signed in"),
    404: errorResponse("No such video of yours"),
    409: errorResponse("No file has arrived at the upload URL, or the video's duration is not known yet"),
  },
});

const remove = createRoute({
  ...common,
  method: "delete",
  path: "/videos/{id}/captions/{language}",
  operationId: "deleteCaption",
  summary: "Delete a caption track",
  description: "Removes the track from the video's details, playback answer and manifests, and its file from storage.",
  request: { params },
  responses: {
    200: jsonResponse("Deleted", z.object({})),
    400: errorResponse("Bad language tag"),
    401: errorResponse("Not signed in"),
    404: errorResponse("No such video of yours, or no track of this language"),
  },
});

export const captionRoutes = edgeRoutes()
  .openapi(put, async (c) => {
    const { id, language } = c.req.valid("param");
    const { track, created } = await putCaption(c.var.ports, signedIn(c).userId, id, language, c.req.valid("json"));
    return created ? c.json(envelope("Caption track added", { track }), 201) : c.json(envelope("Caption track replaced", { track }), 200);
  })
  .openapi(upload, async (c) => {
    const { id, language } = c.req.valid("param");
    const instructions = await presignCaptionUpload(c.var.ports, signedIn(c).userId, id, language, c.req.valid("json").size_bytes);
    return c.json(envelope("Caption upload created", { upload: instructions }), 201);
  })
  .openapi(complete, async (c) => {
    const { id, language } = c.req.valid("param");
    const { track, created } = await completeCaptionUpload(c.var.ports, signedIn(c).userId, id, language, c.req.valid("json"));
    return created ? c.json(envelope("Caption track added", { track }), 201) : c.json(envelope("Caption track replaced", { track }), 200);
  })
  .openapi(remove, async (c) => {
    const { id, language } = c.req.valid("param");
    await deleteCaption(c.var.ports, signedIn(c).userId, id, language);
    return c.json(envelope("Caption track deleted", {}), 200);
  });
