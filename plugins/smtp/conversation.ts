/**
 * One SMTP conversation over a socket: send a command line, read the next reply. Replies that
 * arrived before the peer closed are still delivered; after that, reads fail with SmtpClosedError.
 * The socket can be handed over (STARTTLS) with `detach()` and the TLS socket `attach()`ed.
 */
import type { Socket } from 'node:net';
import { abortable } from '../../src/core/connect.js';
import { takeReplies, type SmtpReply } from './reply.js';

export class SmtpClosedError extends Error {
  override name = 'SmtpClosedError';
  readonly code = 'ECONNRESET';
}

export class SmtpConversation {
  private socket: Socket | undefined;
  private buffer = '';
  private readonly replies: SmtpReply[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  private readonly onData = (chunk: Buffer) => {
    this.buffer += chunk.toString('latin1');
    try {
      const { replies, rest } = takeReplies(this.buffer);
      this.buffer = rest;
      this.replies.push(...replies);
    } catch (error) {
      this.failure ??= error as Error;
      this.socket?.destroy();
    }
    this.notify();
  };
  private readonly onError = (error: Error) => {
    this.failure ??= error;
    this.notify();
  };
  private readonly onClose = () => {
    this.failure ??= new SmtpClosedError('the server closed the connection');
    this.notify();
  };

  constructor(socket: Socket) {
    this.attach(socket);
  }

  attach(socket: Socket): void {
    this.socket = socket;
    this.buffer = '';
    this.failure = undefined;
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Stops reading from the socket (before a TLS upgrade takes it over); anything unread is dropped (RFC 3207 §4.2). */
  detach(): Socket {
    const socket = this.socket!;
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    this.socket = undefined;
    this.replies.length = 0;
    this.buffer = '';
    return socket;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** The next reply; rejects when the peer closed first, on a protocol error, or when `signal` aborts. */
  async read(signal: AbortSignal): Promise<SmtpReply> {
    // Each pass either returns, throws, or waits for the socket to deliver something new.
    for (;;) {
      const reply = this.replies.shift();
      if (reply) return reply;
      if (this.failure) throw this.failure;
      await abortable(new Promise<void>((resolve) => (this.wake = resolve)), signal);
    }
  }

  send(line: string): void {
    if (!this.socket || this.socket.destroyed) throw this.failure ?? new SmtpClosedError('the server closed the connection');
    this.socket.write(`${line}\r\n`);
  }

  async command(line: string, signal: AbortSignal): Promise<SmtpReply> {
    this.send(line);
    return this.read(signal);
  }
}
