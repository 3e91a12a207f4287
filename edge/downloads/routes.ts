import { createRoute, z } from "@hono/zod-openapi";
import { downloadView, requestDownloadBody } from "../../shared/contracts/downloads.js";
import { idParam } from "../../shared/contracts/ids.js";
import { envelope } from "../../shared/http/envelope.js";
import { optionalUser } from "../auth/index.js";
import { edgeRoutes, errorResponse, jsonBody, jsonResponse } from "../http/index.js";
import { currentTrace } from "../telemetry/index.js";
import { chosenOption, downloadableVideo, downloadState, requestDownload, requestedRenditions } from "./request-download.js";

const tags = ["downloads"];
const errors = {
  403: errorResponse("The video is not yours and its owner does not allow downloads"),
  404: errorResponse("No such video, or private and not yours"),
  409: errorResponse("The video has not finished encoding"),
  503: errorResponse("The database or storage is unavailable: try again after Retry-After seconds"),
};

const list = createRoute({
  method: "get",
  path: "/videos/{id}/downloads",
  operationId: "listVideoDownloads",
  summary: "List what a video can be downloaded as",
  description:
    "One entry per rung of the ladder (an MP4 with the audio) and the audio alone (an M4A), best first, each `available` (not asked for yet), `preparing` (being remuxed), `ready` with a signed CDN URL that downloads it as an attachment named after the title, or `failed` with a `reason` to show the viewer (the stored media could not be made into the file, or every attempt failed): POST it with `retry: true` to try again. Poll this after POST. The owner may always download; anyone else only when the owner set `downloadable`.",
  tags,
  middleware: [optionalUser],
  request: { params: idParam },
  responses: {
    200: jsonResponse("The choices and their state", z.object({ downloads: z.array(downloadView) })),
    ...errors,
  },
});

const request = createRoute({
  method: "post",
  path: "/videos/{id}/downloads",
  operationId: "requestVideoDownload",
  summary: "Ask for a download of a video",
  description:
    '200 with a signed CDN URL when the file is stored; otherwise 202 `preparing`: the origin remuxes the stored segments (no re-encode) into the file once, however many ask at the same time. Poll GET until it is `ready` or `failed`. When the last attempt `failed`, a POST answers 200 `failed` with its `reason` and queues nothing (a client polling with POST sees the failure); send `retry: true` (a viewer\'s "try again") to queue it again (202).',
  tags,
  middleware: [optionalUser],
  request: { params: idParam, body: jsonBody(requestDownloadBody) },
  responses: {
    200: jsonResponse(
      "Stored: download it from `url` before `expires_at`; or `failed` with its `reason` when the last attempt failed and `retry` was not sent",
      z.object({ download: downloadView }),
    ),
    202: jsonResponse("Being made: poll GET in a few seconds", z.object({ download: downloadView })),
    400: errorResponse("Not a rendition of this video"),
    ...errors,
  },
});

export const downloadRoutes = edgeRoutes()
  .openapi(list, async (c) => {
    const p = c.var.ports;
    const d = await downloadableVideo(p, c.req.valid("param").id, c.var.auth?.userId);
    const requested = await requestedRenditions(p, d);
    const states = await Promise.all(d.options.map((o) => downloadState(p, d, o, requested.get(o.rendition))));
    c.header("Cache-Control", "private, no-store");
    return c.json(envelope("Downloads", { downloads: states }), 200);
  })
  .openapi(request, async (c) => {
    const p = c.var.ports;
    const d = await downloadableVideo(p, c.req.valid("param").id, c.var.auth?.userId);
    const body = c.req.valid("json");
    const download = await requestDownload(p, d, chosenOption(d, body.rendition), { retry: body.retry ?? false, trace: currentTrace() });
    c.header("Cache-Control", "private, no-store");
    if (download.status === "ready") return c.json(envelope("Download ready", { download }), 200);
    if (download.status === "failed") return c.json(envelope("Download failed", { download }), 200);
    return c.json(envelope("Preparing the download", { download }), 202);
  });
