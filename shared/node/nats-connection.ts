import { connect, type NatsConnection, type Status } from "@nats-io/transport-node";
import type { Logger } from "../logger.js";

const RECONNECT_WAIT_MS = 1_000;
const DRAIN_DEADLINE_MS = 5_000;

export interface NatsConnectOptions {
  servers: readonly string[];
  /** Shown by the server's connection list (`/connz`), so operators can tell processes apart. */
  name: string;
  log: Logger;
}

export interface NatsLink {
  nc: NatsConnection;
  /** False between a disconnect and the next reconnect; for health checks. */
  isConnected(): boolean;
  /** Drains (delivering what is in flight), falling back to a hard close if NATS does not answer. */
  close(): Promise<void>;
}

/**
 * Connects with every server URL and never gives up reconnecting: a relay or encoder that stops
 * trying after an outage is worse than one that waits. Resolves once the first connection is up.
 */
export async function connectNats({ servers, name, log }: NatsConnectOptions): Promise<NatsLink> {
  const nc = await connect({
    servers: [...servers],
    name,
    maxReconnectAttempts: -1,
    // Starting while NATS is down waits for it instead of crash-looping.
    waitOnFirstConnect: true,
    reconnectTimeWait: RECONNECT_WAIT_MS,
  });
  let connected = true;
  log.info("nats connected", { server: nc.getServer() });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === "disconnect") connected = false;
      if (status.type === "reconnect") connected = true;
      logStatus(log, status);
    }
  })();
  void nc.closed().then((err) => {
    connected = false;
    if (err) log.error("nats connection closed", { err });
  });
  return {
    nc,
    isConnected: () => connected && !nc.isClosed(),
    close: () => closeGracefully(nc),
  };
}

function logStatus(log: Logger, status: Status): void {
  switch (status.type) {
    case "disconnect":
      log.warn("nats disconnected", { server: status.server });
      break;
    case "reconnect":
      log.info("nats reconnected", { server: status.server });
      break;
    case "error":
      log.error("nats error", { err: status.error });
      break;
    case "ldm":
      log.warn("nats server entering lame duck mode", { server: status.server });
      break;
    case "staleConnection":
      log.warn("nats connection stale");
      break;
    case "slowConsumer":
      log.warn("nats slow consumer", { subject: status.sub.getSubject(), pending: status.pending });
      break;
    default:
      // reconnecting, ping, update, forceReconnect, close: routine or logged elsewhere.
      log.debug("nats status", { type: status.type });
  }
}

async function closeGracefully(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, DRAIN_DEADLINE_MS);
  });
  // drain() waits for the server, which may be the thing that is down.
  await Promise.race([nc.drain().catch(() => undefined), deadline]);
  clearTimeout(timer);
  if (!nc.isClosed()) await nc.close();
}
