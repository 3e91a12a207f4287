import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { Logger } from "../../shared/logger.js";
import { connectNats, type NatsLink } from "../../shared/node/index.js";
import { createPrivateNats, type PrivateNats } from "./private-nats.js";

/** A test file's own nats-server, connected, with its JetStream handles: for tests that own streams and durables. */
export interface PrivateJetStream {
  /** The server, for tests that stop and restart it. */
  nats: PrivateNats;
  link: NatsLink;
  jsm: JetStreamManager;
  js: JetStreamClient;
  /** Closes the connection, then stops the server and deletes its store. */
  destroy(): Promise<void>;
}

export async function startPrivateJetStream(name: string, log: Logger): Promise<PrivateJetStream> {
  const nats = await createPrivateNats();
  await nats.start();
  const link = await connectNats({ servers: [nats.url], name, log });
  return {
    nats,
    link,
    jsm: await jetstreamManager(link.nc),
    js: jetstream(link.nc),
    destroy: async () => {
      await link.close();
      await nats.destroy();
    },
  };
}
