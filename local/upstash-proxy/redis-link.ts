import { ErrorReply } from "./resp-reply.js";
import { RespConnection } from "./resp-connection.js";

export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/** Reads `redis://[user:password@]host[:port][/db]`. Errors never echo the URL: it may hold a password. */
export function parseRedisUrl(raw: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("redisUrl is not a valid URL");
  }
  if (url.protocol !== "redis:") throw new Error("redisUrl must start with redis:// (TLS is not supported)");
  const dbText = url.pathname.replace(/^\//, "");
  const db = dbText === "" ? undefined : Number(dbText);
  if (db !== undefined && !Number.isInteger(db)) throw new Error("redisUrl path must be a database number");
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1",
    port: url.port === "" ? 6379 : Number(url.port),
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password: url.password === "" ? undefined : decodeURIComponent(url.password),
    db,
  };
}

/**
 * The proxy's Redis connections: one shared by every ordinary request (reopened if Redis drops it)
 * and short-lived dedicated ones for blocking commands, which would otherwise stall everyone else.
 */
export class RedisLink {
  private current: RespConnection | undefined;
  private opening: Promise<RespConnection> | undefined;
  private readonly dedicated = new Set<RespConnection>();
  private closed = false;

  constructor(private readonly target: RedisTarget) {}

  shared(): Promise<RespConnection> {
    if (this.current?.isOpen) return Promise.resolve(this.current);
    this.opening ??= this.open()
      .then((connection) => (this.current = connection))
      .finally(() => (this.opening = undefined));
    return this.opening;
  }

  async withDedicated<T>(use: (connection: RespConnection) => Promise<T>): Promise<T> {
    const connection = await this.open();
    this.dedicated.add(connection);
    try {
      return await use(connection);
    } finally {
      this.dedicated.delete(connection);
      connection.close();
    }
  }

  close(): void {
    this.closed = true;
    this.current?.close();
    for (const connection of this.dedicated) connection.close();
  }

  private async open(): Promise<RespConnection> {
    if (this.closed) throw new Error("the Upstash proxy is closing");
    const { host, port, username, password, db } = this.target;
    const connection = await RespConnection.open(host, port);
    const handshake: string[][] = [["CLIENT", "SETNAME", "upstash-proxy"]];
    if (password !== undefined) handshake.unshift(username === undefined ? ["AUTH", password] : ["AUTH", username, password]);
    if (db !== undefined) handshake.push(["SELECT", String(db)]);
    const replies = await connection.send(handshake).catch((error: unknown) => {
      connection.close();
      throw error;
    });
    const refused = replies.find((reply) => reply instanceof ErrorReply);
    if (refused || this.closed) connection.close();
    if (refused) throw new Error(`Redis refused the connection setup: ${refused.message}`);
    if (this.closed) throw new Error("the Upstash proxy is closing");
    return connection;
  }
}
