import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP forwarder a test can cut, to give one process of its own an outage of a shared service. */
export interface TcpProxy {
  port: number;
  /** Stops accepting and drops every open connection: the service looks down (connection refused). */
  cut(): Promise<void>;
  /** Accepts again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, cut: stop, restore: () => listen(port), close: () => (server.listening ? stop() : Promise.resolve()) };
}

/** A forwarder in front of the service at `targetUrl`, and that URL aimed at the forwarder instead. */
export async function proxyUrl(targetUrl: string): Promise<TcpProxy & { url: string }> {
  const target = new URL(targetUrl);
  const proxy = await startTcpProxy(Number(target.port), target.hostname);
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return { ...proxy, url: url.toString().replace(/\/$/, targetUrl.endsWith("/") ? "/" : "") };
}
