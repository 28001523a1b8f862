/**
 * Browser and OS family, and whether it is a bot, from a User-Agent: ua-parser-js and isbot do the
 * work (both loaded only when an import runs). UAs repeat heavily in logs, so answers are cached.
 */
import { ownString } from '../own-string.js';

export interface UserAgentInfo {
  /** A number unique to this User-Agent string within the import (never reused). */
  id: number;
  bot: boolean;
  /** Browser family, e.g. "Chrome", "Firefox"; '' when unknown. */
  browser: string;
  /** OS family, e.g. "Windows", "iOS"; '' when unknown. */
  os: string;
}

export type UserAgentClassifier = (userAgent: string) => UserAgentInfo;

const NO_AGENT: UserAgentInfo = { id: 0, bot: true, browser: '', os: '' };

export async function loadUserAgentClassifier(maxEntries = 20_000): Promise<UserAgentClassifier> {
  const [{ default: UAParser }, { isbot }] = await Promise.all([import('ua-parser-js'), import('isbot')]);
  const parser = new UAParser();
  const cache = new Map<string, UserAgentInfo>();
  let nextId = 1;
  return (userAgent) => {
    // No User-Agent at all: scripts and scanners, not people.
    if (userAgent === '') return NO_AGENT;
    let info = cache.get(userAgent);
    if (info === undefined) {
      if (cache.size >= maxEntries) cache.clear();
      parser.setUA(userAgent);
      info = { id: nextId++, bot: isbot(userAgent), browser: parser.getBrowser().name ?? '', os: parser.getOS().name ?? '' };
      cache.set(ownString(userAgent), info);
    }
    return info;
  };
}
