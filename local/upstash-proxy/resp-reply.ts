/**
 * A RESP2 reply as Redis sent it. Status and error replies keep their own types because the
 * Upstash encoding treats them differently from bulk strings (a bare status OK is never base64).
 */
export class StatusReply {
  constructor(readonly text: string) {}
}

export class ErrorReply {
  constructor(readonly message: string) {}
}

export type RespReply = StatusReply | ErrorReply | Buffer | number | null | RespReply[];
