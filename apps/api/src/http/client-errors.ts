import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemType } from '@iln/platform';

/**
 * Requests Node's HTTP parser refuses before Express sees them (a URL or headers over
 * the 16 KB limit, malformed request lines) would get Node's bare 431/400 with no body;
 * the contract says every error is problem+json, so answer those here too.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET')) {
      socket.destroy();
      return;
    }
    const headersTooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = headersTooLarge ? 431 : 400;
    const body = JSON.stringify({
      type: problemType(headersTooLarge ? 'headers-too-large' : 'malformed-request'),
      title: headersTooLarge ? 'Request header fields too large' : 'Bad request',
      status,
      detail: headersTooLarge ? 'The URL and headers together are over 16 KB' : 'The request could not be parsed',
    });
    socket.end(
      `HTTP/1.1 ${status} ${headersTooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
