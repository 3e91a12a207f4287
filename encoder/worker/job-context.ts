import type { S3Client } from "@aws-sdk/client-s3";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { EncodeJob } from "../../shared/contracts/video-lifecycle.js";
import type { Logger } from "../../shared/logger.js";
import type { BackoffPolicy } from "../../shared/node/backoff.js";
import type { LadderOptions } from "../media/index.js";
import type { EncoderMetrics } from "./metrics.js";
import type { ProgressReporter } from "./progress.js";
import type { TraceContext } from "./publish-event.js";

/** What every delivery shares: clients, settings, metrics. */
export interface JobDeps {
  js: JetStreamClient;
  s3: S3Client;
  bucket: string;
  /** Each delivery works in a fresh directory under this one. */
  tmpDir: string;
  heartbeatMs: number;
  /** The consumer's ack_wait: a revision whose attempt wrote nothing for longer is dead. */
  ackWaitMs: number;
  /** The consumer's max_deliver, so the last attempt can say so in its log. */
  maxDeliver: number;
  retryDelaysMs: BackoffPolicy;
  publishTimeoutMs: number;
  uploadConcurrency: number;
  progressIntervalMs: number;
  utcTimingUrl?: string;
  ladder: LadderOptions;
  livePollMs?: number;
  metrics: EncoderMetrics;
  log: Logger;
}

/** One delivery of one parsed job, as the stages see it. */
export interface JobRun {
  deps: JobDeps;
  job: EncodeJob;
  trace: TraceContext;
  log: Logger;
  /** Aborted when this process stops and the job must be handed back. */
  signal: AbortSignal;
  progress: ProgressReporter;
  /** `<tmp>/<videoId>-<random>`, removed when the delivery ends, whatever the outcome. */
  workDir: string;
  /** Registers what to close when the delivery ends, whatever the outcome (before the work directory goes). */
  onEnd(close: () => Promise<void>): void;
}
