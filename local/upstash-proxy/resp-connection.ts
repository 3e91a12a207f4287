import { connect, type Socket } from "node:net";
import { RespReader } from "./resp-parser.js";
import type { RespReply } from "./resp-reply.js";
import { encodeCommands } from "./resp-writer.js";

const CONNECT_TIMEOUT_MS = 5_000;

interface Batch {
  expected: number;
  replies: RespReply[];
  resolve(replies: RespReply[]): void;
  reject(error: Error): void;
}

/**
 * One Redis socket. Each send() is a single write and Redis answers in order, so a batch's commands
 * are never interleaved with another request's: that is what keeps MULTI ... EXEC atomic on a
 * connection shared by concurrent HTTP requests.
 */
export class RespConnection {
  private readonly reader = new RespReader();
  private readonly waiting: Batch[] = [];
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("Redis closed the connection")));
  }

  static open(host: string, port: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error(`timed out connecting to Redis at ${host}:${port}`)));
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        socket.setTimeout(0);
        socket.setNoDelay(true);
        resolve(new RespConnection(socket));
      });
    });
  }

  get isOpen(): boolean {
    return this.failure === undefined;
  }

  /** Sends the commands in one write and resolves with their replies, errors included, in order. */
  send(commands: readonly (readonly string[])[]): Promise<RespReply[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (commands.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ expected: commands.length, replies: [], resolve, reject });
      this.socket.write(encodeCommands(commands));
    });
  }

  close(): void {
    this.fail(new Error("the Upstash proxy closed the Redis connection"));
  }

  private onData(chunk: Buffer): void {
    this.reader.push(chunk);
    try {
      for (let next = this.reader.next(); next; next = this.reader.next()) this.deliver(next.reply);
    } catch (error) {
      // Past a protocol error the reply stream cannot be realigned with the requests.
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private deliver(reply: RespReply): void {
    const batch = this.waiting[0];
    if (!batch) throw new Error("Redis sent a reply nobody asked for");
    batch.replies.push(reply);
    if (batch.replies.length === batch.expected) {
      this.waiting.shift();
      batch.resolve(batch.replies);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.socket.destroy();
    for (const batch of this.waiting.splice(0)) batch.reject(error);
  }
}
