/** A job that can never succeed, whoever runs it: terminated at once instead of retried. */
export class PoisonJobError extends Error {
  constructor(message: string, opts?: ErrorOptions) {
    super(message, opts);
    this.name = "PoisonJobError";
  }
}
