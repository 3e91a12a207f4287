/** Progress goes to stderr, so stdout carries only the final table. */
export const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** For the stack's services: only their warnings. */
export const quietLog = { info: () => undefined, warn: (m: string) => say(`stack: ${m}`) };
