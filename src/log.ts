/** Structured logging. Log lines carry ids of events and outcomes, never what a member typed or who they are. */
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Creates the process logger. Writes JSON to stderr so the console adapter owns stdout.
 * The redact list is a safety net: code must not pass personal data to the logger at all.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['*.text', '*.name', '*.email', '*.postcode', '*.userId', '*.from', '*.chat', '*.values', 'text', 'name', 'email', 'postcode'],
        censor: '[redacted]',
      },
    },
    destination as pino.DestinationStream,
  );
}

/** A logger that drops everything, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
