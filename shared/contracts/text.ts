import { z } from "zod";

// Postgres text cannot hold NUL, and a one-line field (a title, a name, an id) has no use for any other
// control character: refused at the contract, before anything reaches the database or a log line.
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
// Text people write in paragraphs keeps its line breaks and tabs.
const NO_CONTROL_BUT_LAYOUT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

const controlMessage = (field: string) => `The ${field} may not contain control characters.`;

/** A one-line string field: no control characters at all. `error` answers a missing or non-string value. */
export const singleLine = (field: string, error?: string) =>
  z.string(error === undefined ? undefined : { error }).regex(NO_CONTROL, controlMessage(field));

/** A free-text field: line breaks and tabs allowed, other control characters refused. */
export const multiLine = (field: string, error?: string) =>
  z.string(error === undefined ? undefined : { error }).regex(NO_CONTROL_BUT_LAYOUT, controlMessage(field));

/**
 * A whole number in a query string, decimal digits only: `Number()` alone would read `0x10` as 16,
 * `1e1` as 10 and an empty string as 0.
 */
export const queryInt = (field: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, `The ${field} must be a whole number in decimal digits.`)
    // The default is the text a client would send, so the API description shows it as the string it is.
    .default(String(fallback))
    .transform(Number)
    .pipe(z.number().min(min, `The ${field} must be at least ${min}.`).max(max, `The ${field} may not be greater than ${max}.`));
