import { z } from "zod";

/** The fields of `io.nats.jetstream.advisory.v1.max_deliver` the handler uses; the rest is ignored. */
export const advisoryBody = z.object({
  stream: z.string().min(1),
  consumer: z.string().min(1),
  stream_seq: z.number().int().positive(),
  deliveries: z.number().int().positive(),
});

export type MaxDeliveriesAdvisory = z.infer<typeof advisoryBody>;

export function parseAdvisory(body: string): MaxDeliveriesAdvisory | undefined {
  try {
    const parsed = advisoryBody.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
