import { z } from "zod";

const epochTime = z.strictObject({ "AWS:EpochTime": z.number().int().nonnegative() });

/**
 * A custom policy as CloudFront accepts it for signed URLs: exactly one statement, DateLessThan required.
 * Strict objects, so a misspelt condition (say `IPAddress`) is refused rather than silently not enforced.
 * `Resource` may be omitted: CloudFront then lets the URL reach any file the key pair's distributions serve.
 */
export const customPolicySchema = z.strictObject({
  Statement: z.tuple([
    z.strictObject({
      Resource: z.string().min(1).optional(),
      Condition: z.strictObject({
        DateLessThan: epochTime,
        DateGreaterThan: epochTime.optional(),
        IpAddress: z.strictObject({ "AWS:SourceIp": z.string() }).optional(),
      }),
    }),
  ]),
});

export type CustomPolicy = z.infer<typeof customPolicySchema>;

/**
 * The policy CloudFront rebuilds for a canned-policy URL and checks the signature against: no spaces,
 * keys in this order, the URL without its signing parameters as the resource.
 */
export function cannedPolicy(resourceUrl: string, expiresEpochSeconds: number): string {
  return JSON.stringify({ Statement: [{ Resource: resourceUrl, Condition: { DateLessThan: { "AWS:EpochTime": expiresEpochSeconds } } }] });
}
