import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { Logger } from "../../shared/logger.js";
import { doublingBackoff, retryDelayMs } from "../../shared/node/backoff.js";

// Channel of the AFTER INSERT trigger in migrations/0002_outbox_notify.sql.
const CHANNEL = "outbox";
const RECONNECT_BACKOFF = doublingBackoff(500, 15_000);

export interface OutboxListenerOptions {
  databaseUrl: string;
  log: Logger;
  /** Called on every notification, and after each (re)connect since notifications were missed meanwhile. */
  onNotify: () => void;
}

export interface OutboxListener {
  isListening(): boolean;
  close(): Promise<void>;
}

/** A dedicated session that LISTENs on the outbox channel, reconnecting (and re-LISTENing) forever. */
export function listenForOutbox({ databaseUrl, log, onNotify }: OutboxListenerOptions): OutboxListener {
  const closing = new AbortController();
  let current: pg.Client | undefined;
  let listening = false;

  const session = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: "vod-relay-listen" });
    current = client;
    const lost = new Promise<unknown>((resolve) => {
      // A permanent handler: an unhandled 'error' on an idle pg client would crash the process.
      client.on("error", resolve);
      client.on("end", () => resolve(undefined));
    });
    try {
      await client.connect();
      client.on("notification", () => onNotify());
      await client.query(`LISTEN ${CHANNEL}`);
      listening = true;
      log.info("listening for outbox notifications");
      onNotify();
      const err = await lost;
      if (!closing.signal.aborted) log.warn("outbox listener lost its connection", { err });
    } finally {
      listening = false;
      await client.end().catch(() => undefined);
    }
  };

  const done = (async () => {
    let failures = 0;
    while (!closing.signal.aborted) {
      try {
        await session();
        failures = 0;
      } catch (err) {
        if (!closing.signal.aborted) log.warn("outbox listener could not connect", { err });
      }
      if (closing.signal.aborted) break;
      failures += 1;
      await sleep(retryDelayMs(failures, RECONNECT_BACKOFF), undefined, { signal: closing.signal }).catch(() => undefined);
    }
  })();

  return {
    isListening: () => listening,
    close: async () => {
      closing.abort();
      await current?.end().catch(() => undefined);
      await done;
    },
  };
}
