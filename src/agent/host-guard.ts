/**
 * DNS rebinding guard: a web page may make the browser resolve its own name to 127.0.0.1 and talk to
 * the agent as if same-origin. The browser still sends the page's name in Host, so only the loopback
 * names with the agent's port are answered (aw-server-rust does the same).
 */
export function allowedHosts(port: number, boundHost = '127.0.0.1'): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]', boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost.toLowerCase()];
  const hosts = names.map((name) => `${name}:${port}`);
  if (port === 80) hosts.push(...names);
  return new Set(hosts);
}

export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  return host !== undefined && allowed.has(host.toLowerCase());
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The agent answers on loopback only: watchers run on the same device. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
