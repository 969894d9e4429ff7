/** Describes a failure for the log without personal data: grammY errors carry the request payload (chat ids, text), so never log them whole. */
import { GrammyError, HttpError } from 'grammy';

export interface SafeError {
  kind: string;
  method?: string;
  code?: number;
  errorCode?: string;
  description?: string;
  stack?: string;
}

export function safeError(error: unknown): SafeError {
  if (error instanceof GrammyError) {
    return { kind: 'GrammyError', method: error.method, code: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) {
    // The message names the method and the network failure; the wrapped error may hold the request.
    return { kind: 'HttpError', description: error.message };
  }
  if (error instanceof Error) {
    // Our own bugs and database failures. Prisma's messages can quote the query's arguments, so
    // for those only the name and code; the stack frames (without the message line) say where.
    const code = (error as { code?: unknown }).code;
    const frames = (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 8).join('\n');
    return {
      kind: error.name,
      ...(typeof code === 'string' ? { errorCode: code } : {}),
      ...(error.name.startsWith('PrismaClient') ? {} : { description: error.message.slice(0, 300) }),
      ...(frames ? { stack: frames } : {}),
    };
  }
  return { kind: typeof error };
}

/** True when Telegram refused an edit because the text and buttons are already what we asked for. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}
