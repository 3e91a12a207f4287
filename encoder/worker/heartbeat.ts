import type { JsMsg } from "@nats-io/jetstream";
import type { Logger } from "../../shared/logger.js";

export interface Heartbeat {
  stop(): void;
}

/**
 * Tells the server the job is still being worked on (`+WPI`, which restarts its ack_wait) now and
 * every `intervalMs`, until stopped. Without it a job longer than ack_wait would be handed to a
 * second worker while the first is still encoding.
 */
export function startHeartbeat(msg: JsMsg, intervalMs: number, log: Logger): Heartbeat {
  const beat = (): void => {
    try {
      msg.working();
    } catch (err) {
      // Only a closed connection throws; while reconnecting the client buffers. If the server never
      // hears from us it redelivers after ack_wait, which is the point of the timer.
      log.warn("heartbeat failed", { err });
    }
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  return { stop: () => clearInterval(timer) };
}
