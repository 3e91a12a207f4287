import { z } from "zod";
import { singleLine } from "./text.js";

const email = z
  .string({ error: "The email field is required." })
  .trim()
  .min(1, "The email field is required.")
  .max(255, "The email may not be greater than 255 characters.")
  .pipe(z.email({ error: "The email must be a valid email address." }))
  .transform((v) => v.toLowerCase());

export const registerBody = z.object({
  name: singleLine("name", "The name field is required.")
    .trim()
    .min(3, "The name must be at least 3 characters.")
    .max(50, "The name may not be greater than 50 characters."),
  email,
  password: z
    .string({ error: "The password field is required." })
    .min(8, "The password must be at least 8 characters.")
    .max(255, "The password may not be greater than 255 characters."),
});

export const loginBody = z.object({
  email,
  // No length rules at login: they would tell an attacker about the password policy, nothing more.
  password: z.string({ error: "The password field is required." }).min(1, "The password field is required.").max(1024),
});

export const refreshBody = z.object({
  refresh_token: z.string({ error: "The refresh_token field is required." }).min(1).max(512),
});

export const publicUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  image_url: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const tokenPair = z.object({
  token: z.string(),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int(),
  refresh_token: z.string(),
  refresh_expires_in: z.number().int(),
  user: publicUser,
});

/** The same pair for a browser that keeps its refresh token in the httpOnly cookie (`X-Refresh-Cookie: 1`). */
export const browserTokenPair = tokenPair.omit({ refresh_token: true });

export type RegisterBody = z.infer<typeof registerBody>;
export type LoginBody = z.infer<typeof loginBody>;
export type PublicUser = z.infer<typeof publicUser>;
export type TokenPair = z.infer<typeof tokenPair>;
export type BrowserTokenPair = z.infer<typeof browserTokenPair>;
