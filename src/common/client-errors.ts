import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ProblemDetails } from './problem.js';

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  408: 'REQUEST_TIMEOUT',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
};

const DETAILS: Record<number, string> = {
  400: 'The request could not be read as HTTP (a malformed request line, header or body).',
  408: 'The request took too long to arrive.',
  431: 'The request head is too large (at most 16 KiB of request line and headers).',
};

/** The status for an error Node's HTTP parser raised before any route saw the request. */
export function clientErrorStatus(code: string | undefined): number {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

export interface ClientErrorLog {
  info(details: object, message: string): void;
}

/**
 * Answers a request Node could not parse (an invalid method, a control
 * character in a header, a broken chunked body, a head over 16 KiB) the way
 * every other error is answered: problem+json with the security headers and
 * a request id, written straight to the socket because no request object
 * exists. Nothing of the request is logged but the parser's error code.
 */
export function answerClientError(
  error: Error & { code?: string },
  socket: Socket,
  securityHeaders: ReadonlyArray<readonly [string, string]>,
  log: ClientErrorLog | undefined,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = clientErrorStatus(error.code);
  const requestId = randomUUID();
  log?.info({ reqId: requestId, code: error.code, status }, 'Unreadable request refused');
  const problem: ProblemDetails = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Bad Request',
    status,
    detail: DETAILS[status],
    code: CODES[status],
    correlationId: requestId,
  };
  const body = JSON.stringify(problem);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const headers = [
      ...securityHeaders.map(([name, value]) => `${name}: ${value}`),
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      `X-Request-Id: ${requestId}`,
      'Connection: close',
    ];
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.join('\r\n')}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
