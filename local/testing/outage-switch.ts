import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface OutageSwitch {
  /** The target's URL with host and port replaced by the forwarder's. */
  url: string;
  /** Refuses new connections and cuts the open ones, as a stopped service does. */
  cut(): Promise<void>;
  /** Forwards again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP forwarder in front of one of the stack's services, for a test that needs that service to go away
 * and come back without stopping the real one (other tests and engineers share it).
 */
export async function outageSwitch(targetUrl: string): Promise<OutageSwitch> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        port = (next.address() as { port: number }).port;
        server = next;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await open();
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return { url: url.toString().replace(/\/$/, targetUrl.endsWith("/") ? "/" : ""), cut, restore: open, close: cut };
}
