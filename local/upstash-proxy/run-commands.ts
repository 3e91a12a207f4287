import { isBlocking, refusalReason } from "./command-policy.js";
import { HttpError } from "./http-response.js";
import type { ScriptRegistry } from "./lua-scripts.js";
import type { RedisLink } from "./redis-link.js";
import { ErrorReply, type RespReply } from "./resp-reply.js";

/** Runs parsed commands against Redis with the policy and the script rewriting applied. */
export class CommandRunner {
  constructor(
    private readonly link: RedisLink,
    private readonly scripts: ScriptRegistry,
  ) {}

  /**
   * Each command runs on its own, in order; a refused one is answered with an error and not sent.
   * A batch holding a blocking command runs on a connection of its own so that it cannot stall
   * other requests while keeping its order.
   */
  async pipeline(commands: readonly string[][]): Promise<RespReply[]> {
    const refusals = commands.map(refusalReason);
    const runnable = commands.filter((_, i) => refusals[i] === undefined);
    const prepared = runnable.map((command) => this.scripts.prepare(command));
    const args = prepared.map((command) => command.args);
    const replies = runnable.some(isBlocking)
      ? await this.link.withDedicated((connection) => connection.send(args))
      : await (await this.link.shared()).send(args);
    const sent = prepared.map((command, i) => command.adjustReply(replies[i] ?? null)).values();
    return refusals.map((reason) => (reason === undefined ? (sent.next().value ?? null) : new ErrorReply(reason)));
  }

  /**
   * MULTI ... EXEC in one write. A refused command discards the whole transaction before anything
   * is sent, as a command Redis rejects while queueing does (EXECABORT); both are a 400.
   */
  async transaction(commands: readonly string[][]): Promise<RespReply[]> {
    for (const command of commands) {
      const reason = refusalReason(command);
      if (reason !== undefined) throw new HttpError(400, reason);
    }
    const prepared = commands.map((command) => this.scripts.prepare(command));
    const connection = await this.link.shared();
    const replies = await connection.send([["MULTI"], ...prepared.map((command) => command.args), ["EXEC"]]);
    const exec = replies[replies.length - 1];
    if (Array.isArray(exec)) return prepared.map((command, i) => command.adjustReply(exec[i] ?? null));
    if (exec instanceof ErrorReply) {
      const queueError = replies.slice(1, -1).find((reply) => reply instanceof ErrorReply);
      throw new HttpError(400, queueError ? `${exec.message} ${queueError.message}` : exec.message);
    }
    throw new Error("Redis answered EXEC with neither results nor an error");
  }
}
