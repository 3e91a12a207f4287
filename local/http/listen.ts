import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  /** Base URL, e.g. `http://127.0.0.1:4444` (an IPv6 host in brackets). */
  url: string;
  port: number;
}

/** Listens on `host:port` (0 picks a free port); rejects if it cannot, e.g. when the port is taken. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return { url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`, port: bound };
}

/** Stops listening and ends every connection, keep-alive and in-flight ones included, which would otherwise hold the close open. */
export function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
