export interface Log {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface ServiceHandle {
  url: string;
  /** false when an already-running server answered at `url`; stop() is then a no-op. */
  startedByUs: boolean;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  url: string;
  /** Root for the state of the instances we start ourselves, e.g. `<repo>/.data`. */
  dataDir: string;
  log: Log;
}
