import { jetstream, type JsMsg } from "@nats-io/jetstream";
import { Registry } from "prom-client";
import { ensureStreams } from "../../shared/node/streams.js";
import { consumeDurable } from "../../shared/node/consume-durable.js";
import { DEFAULT_RETRY_BACKOFF, retryDelayMs, type BackoffPolicy } from "../../shared/node/backoff.js";
import type { ComponentDeps, RunningComponent } from "../../shared/node/component.js";
import { DEAD_LETTER_CONSUMER, ensureAdvisoriesStream } from "./advisories-stream.js";
import { parseAdvisory } from "./advisory.js";
import { createDeadLetterMetrics, jobSubjectLabel, type DeadLetterMetrics } from "./metrics.js";
import { moveToDeadLetters, type MoveDeps } from "./move-job.js";

// Advisories are rare and each takes a few requests; pulling a handful ahead is plenty.
const PULL_AHEAD = 10;

/** `retryBackoff`: delay before an advisory whose handling failed is delivered again. */
export type DeadLetterHandlerOptions = ComponentDeps;

/** `stop()` finishes the advisory in hand (buffered ones go back to the stream); `consuming`: the advisories durable is being consumed. */
export type RunningDeadLetterHandler = RunningComponent<{ consuming: boolean }>;

/**
 * Moves jobs that reached their consumer's max_deliver from JOBS to JOBS_DLQ; for an encode job it
 * also fails the video and queues the removal of what its attempts left in storage; for a download job it
 * fails that request's download, so its viewer stops waiting. Driven by the
 * MAX_DELIVERIES advisories captured in ADVISORIES, so an advisory published while no handler ran is
 * handled once one starts.
 */
export function startDeadLetterHandler(opts: DeadLetterHandlerOptions): RunningDeadLetterHandler {
  const { log } = opts;
  const metrics = createDeadLetterMetrics(opts.registry ?? new Registry());
  const retryBackoff = opts.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
  const js = jetstream(opts.nats);

  const consumer = consumeDurable({
    nats: opts.nats,
    spec: DEAD_LETTER_CONSUMER,
    prepare: async (jsm) => {
      // JOBS_DLQ must exist before the first move; ADVISORIES before the first advisory is lost.
      await ensureStreams(jsm);
      await ensureAdvisoriesStream(jsm);
    },
    maxMessages: PULL_AHEAD,
    handle: (msg, jsm) => handleAdvisory(msg, { jsm, js, log }, metrics, retryBackoff),
    log,
  });

  return {
    stop: async () => {
      await consumer.stop();
      log.info("dead-letter handler stopped");
    },
    checks: () => ({ consuming: consumer.isConsuming() }),
  };
}

async function handleAdvisory(msg: JsMsg, deps: MoveDeps, metrics: DeadLetterMetrics, retryBackoff: BackoffPolicy): Promise<void> {
  const { log } = deps;
  const advisory = parseAdvisory(msg.string());
  if (!advisory) {
    // Redelivering cannot make it readable; the stream keeps it for an operator until it ages out.
    msg.term();
    metrics.failures.inc();
    log.error("unreadable max-deliveries advisory, skipped", { subject: msg.subject, seq: msg.seq });
    return;
  }
  const fields = { stream: advisory.stream, consumer: advisory.consumer, stream_seq: advisory.stream_seq, deliveries: advisory.deliveries };
  try {
    const moved = await moveToDeadLetters(deps, advisory);
    msg.ack();
    if (moved.outcome === "moved") {
      metrics.jobs.inc({ subject: jobSubjectLabel(moved.subject) });
      log.warn("job exhausted its deliveries, moved to the dead-letter stream", { ...fields, subject: moved.subject });
    } else {
      log.info("job of this advisory already moved", fields);
    }
  } catch (err) {
    const delayMs = retryDelayMs(msg.info.deliveryCount, retryBackoff);
    msg.nak(delayMs);
    metrics.failures.inc();
    log.warn("could not move the job, advisory handed back for a retry", { ...fields, err, delayMs });
  }
}
