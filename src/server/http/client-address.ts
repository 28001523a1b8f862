/** Where a request comes from, as the socket says (never a header a client could forge). */
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** 127.0.0.0/8 and ::1: this machine. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
