/**
 * What of a request is kept, decided before anything reaches disk: the path without its query
 * (unless the site keeps some parameters), only the referrer's host, the consent parameters noticed
 * and removed, assets told apart from pages. Pure functions: the import pipeline calls them per line.
 */
import { paramIsOn, type ConsentSignal } from '../../privacy/tracking-consent.js';
import { urlHost } from '../url-host.js';

export const MAX_PATH_LENGTH = 1024;

export interface TargetRules {
  /** false: drop the query; true: keep it (minus consent parameters); a list: keep only those parameters. */
  keepQuery: boolean | readonly string[];
  optOutParam: string;
  optInParam: string;
}

export interface RequestTarget {
  /** Path (and the kept part of the query), at most MAX_PATH_LENGTH characters. */
  path: string;
  consent: ConsentSignal;
}

/** The target of a request as stored, or undefined when it is not a path (`*`, garbage from a TLS probe…). */
export function requestTarget(target: string, rules: TargetRules): RequestTarget | undefined {
  let start = 0;
  if (target.charCodeAt(0) !== 47) {
    // An absolute-form target (`GET http://host/path`, proxies): keep the path.
    const scheme = target.indexOf('://');
    if (scheme <= 0 || scheme > 10) return undefined;
    const slash = target.indexOf('/', scheme + 3);
    if (slash < 0) return { path: '/', consent: undefined };
    start = slash;
  }
  let end = target.indexOf('#', start);
  if (end < 0) end = target.length;
  const question = target.indexOf('?', start);
  if (question < 0 || question > end) return { path: clip(target.slice(start, end)), consent: undefined };
  const path = target.slice(start, question);
  let consent: ConsentSignal;
  const kept: string[] = [];
  for (const pair of target.slice(question + 1, end).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    if (name === rules.optOutParam) {
      if (paramIsOn(value)) consent = 'opt-out';
      continue;
    }
    if (name === rules.optInParam) {
      if (paramIsOn(value)) consent = 'opt-in';
      continue;
    }
    if (rules.keepQuery === true || (Array.isArray(rules.keepQuery) && rules.keepQuery.includes(name))) kept.push(pair);
  }
  return { path: clip(kept.length ? `${path}?${kept.join('&')}` : path), consent };
}

function clip(path: string): string {
  return path.length > MAX_PATH_LENGTH ? path.slice(0, MAX_PATH_LENGTH) : path;
}

/**
 * The referrer's host, lower-case, without `www.`, user info or port; '' when there is none.
 * Only the host is kept: full referrer URLs carry search terms and tokens.
 */
export function referrerHost(referrer: string): string {
  return urlHost(referrer);
}

/** Static files: stored as requests, left out of page views and top pages. */
const ASSET_EXTENSIONS = new Set([
  'css', 'js', 'mjs', 'map', 'json', 'xml', 'txt', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'bmp',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp4', 'webm', 'mp3', 'ogg', 'wav', 'zip', 'gz', 'wasm',
]);

export function isAssetPath(path: string): boolean {
  let end = path.indexOf('?');
  if (end < 0) end = path.length;
  const slash = path.lastIndexOf('/', end);
  const dot = path.lastIndexOf('.', end);
  if (dot <= slash || end - dot > 6) return false;
  const extension = path.slice(dot + 1, end);
  return ASSET_EXTENSIONS.has(extension) || ASSET_EXTENSIONS.has(extension.toLowerCase());
}

/** A request counts as a page view when it is a GET of a page (not an asset) that did not fail. */
export function isPageView(method: string, path: string, status: number): boolean {
  return (method === 'GET' || method === 'HEAD') && status < 400 && !isAssetPath(path);
}
