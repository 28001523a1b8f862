/** The agent named by a request path, when the path is `/api/v1/agents/<agent>/events` (small: the server tests every API path with it). */
const PATH = /^\/api\/v1\/agents\/([^/]+)\/events\/?$/;

export function agentEventsPath(pathname: string): string | undefined {
  const match = PATH.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}
