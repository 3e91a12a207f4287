import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { parseAddress, type AllowList, type PgAddress } from "./allow-list.js";

/** The path the driver's default `wsProxy` uses (`host + '/v2'`). */
export const TUNNEL_PATH = "/v2";

// Past this many unsent bytes towards the browser/driver, stop reading from Postgres.
const WS_HIGH_WATER_MARK = 1024 * 1024;

interface Tunnel {
  ws: WebSocket;
  tcp: Socket;
}

/**
 * Carries the Postgres wire protocol between WebSocket frames and a TCP socket, as Neon's
 * `/v2?address=host:port` endpoint does for the driver's `Pool` and `Client`.
 */
export class WsTunnels {
  readonly #wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly #tunnels = new Set<Tunnel>();

  constructor(private readonly allow: AllowList) {}

  /** Handles an HTTP upgrade; refuses before the handshake so the client sees a real status. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client resetting mid-handshake must not surface as an unhandled 'error' event.
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://neon-proxy.invalid");
    if (url.pathname !== TUNNEL_PATH) return refuse(socket, 404, "Not Found");
    const address = parseAddress(url.searchParams.get("address") ?? "");
    if (!address) return refuse(socket, 400, "Bad Request");
    if (!this.allow(address)) return refuse(socket, 403, "Forbidden");
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, address));
  }

  /** Drops every tunnel at once; clients see their connection close. */
  close(): void {
    for (const { ws, tcp } of this.#tunnels) {
      ws.terminate();
      tcp.destroy();
    }
    this.#tunnels.clear();
    this.#wss.close();
  }

  #open(ws: WebSocket, address: PgAddress): void {
    // Writes made while connecting are queued by net.Socket, so the startup message is not lost.
    const tcp = connect({ host: address.host, port: address.port });
    tcp.setNoDelay(true);
    const tunnel: Tunnel = { ws, tcp };
    this.#tunnels.add(tunnel);
    let openSides = 2;
    const sideClosed = (): void => {
      openSides -= 1;
      if (openSides === 0) this.#tunnels.delete(tunnel);
    };

    ws.on("message", (data: RawData) => {
      if (!tcp.write(toBuffer(data))) {
        ws.pause();
        tcp.once("drain", () => ws.resume());
      }
    });
    ws.on("error", () => tcp.destroy());
    // End rather than destroy, so a Terminate message already queued still reaches Postgres.
    ws.once("close", () => {
      tcp.end();
      sideClosed();
    });

    tcp.on("data", (chunk: Buffer) => {
      ws.send(chunk, { binary: true }, () => {
        if (tcp.isPaused() && ws.bufferedAmount <= WS_HIGH_WATER_MARK) tcp.resume();
      });
      if (ws.bufferedAmount > WS_HIGH_WATER_MARK) tcp.pause();
    });
    tcp.on("error", () => ws.close(1011, "database connection failed"));
    tcp.once("end", () => ws.close(1000));
    tcp.once("close", () => {
      // Covers an abrupt reset that emits no 'end'; close() on a closing socket is a no-op.
      ws.close(1000);
      sideClosed();
    });
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
