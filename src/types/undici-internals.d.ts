// trackz imports two undici internals instead of the package root: the root also loads fetch,
// WebSocket, caches and mocks (≈45 ms of start-up, measured) that a probe never uses.
// test/plugins/uptime guards these paths against an undici upgrade that moves them.
declare module 'undici/lib/dispatcher/client.js' {
  import { Client } from 'undici';
  export default Client;
}
declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  export default function request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}
