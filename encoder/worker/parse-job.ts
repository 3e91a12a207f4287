import type { JsMsg } from "@nats-io/jetstream";
import { encodeJob, type EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import { describeIssues } from "../../shared/zod-issues.js";

export interface UnparseableJob {
  ok: false;
  /** Set when at least the video is named, so its owner can be told. */
  videoId: string | undefined;
  problem: string;
}

export type ParsedJob = { ok: true; job: EncodeJob } | UnparseableJob;

const namesVideo = encodeJob.pick({ video_id: true });

export function parseJob(msg: JsMsg): ParsedJob {
  let body: unknown;
  try {
    body = msg.json();
  } catch {
    return { ok: false, videoId: undefined, problem: "body is not JSON" };
  }
  const result = encodeJob.safeParse(body);
  if (result.success) return { ok: true, job: result.data };
  const named = namesVideo.safeParse(body);
  return {
    ok: false,
    videoId: named.success ? named.data.video_id : undefined,
    problem: describeIssues(result.error, body).join("; "),
  };
}
