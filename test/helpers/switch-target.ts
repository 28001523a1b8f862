/**
 * A real HTTP target on 127.0.0.1 whose answer the test switches: up (200), down (503), or held
 * (no answer until released), for runtime tests where a service goes down, comes back, or is slow
 * exactly while the test looks.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface SwitchTarget {
  url: string;
  /** What it answers from now on. */
  set(state: 'up' | 'down'): void;
  /** Holds every request from now on until release(). */
  hold(): void;
  /** Answers the held requests (with the current state) and stops holding. */
  release(): void;
  /** Requests held right now. */
  held(): number;
  requests(): number;
  close(): Promise<void>;
}

export async function startSwitchTarget(): Promise<SwitchTarget> {
  let state: 'up' | 'down' = 'up';
  let holding = false;
  let requests = 0;
  const waiting: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const answer = (res: ServerResponse) => res.writeHead(state === 'up' ? 200 : 503).end(state === 'up' ? 'welcome' : 'maintenance');
  const server = createServer((_req, res) => {
    requests++;
    if (holding) waiting.push(res);
    else answer(res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    set: (next) => void (state = next),
    hold: () => void (holding = true),
    release() {
      holding = false;
      for (const res of waiting.splice(0)) answer(res);
    },
    held: () => waiting.length,
    requests: () => requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
