/** Hosts and URLs cut down to what is kept: a host without `www.`, user info or port; a URL without query. */

/** The host of an absolute URL, lower-case, without `www.`, user info or port; '' when there is none. */
export function urlHost(url: string): string {
  if (url === '') return '';
  const scheme = url.indexOf('://');
  if (scheme <= 0) return '';
  let start = scheme + 3;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  const at = url.lastIndexOf('@', end);
  if (at >= start) start = at + 1;
  let host = lowerCase(url.slice(start, end));
  if (host.startsWith('[')) host = host.slice(0, host.indexOf(']') + 1);
  else {
    const colon = host.indexOf(':');
    if (colon >= 0) host = host.slice(0, colon);
  }
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** toLowerCase, without a new string when there is nothing to lower (the usual case). */
function lowerCase(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return text.toLowerCase();
  }
  return text;
}

/** A visited URL as stored: no user info ever; no query or fragment unless kept. */
export function keptUrl(url: string, keepQuery: boolean): string {
  let kept = url;
  const scheme = kept.indexOf('://');
  if (scheme > 0) {
    const pathStart = kept.slice(scheme + 3).search(/[/?#]/);
    const authorityEnd = pathStart < 0 ? kept.length : scheme + 3 + pathStart;
    const at = kept.lastIndexOf('@', authorityEnd);
    if (at > scheme) kept = kept.slice(0, scheme + 3) + kept.slice(at + 1);
  }
  if (keepQuery) return kept;
  const cut = kept.search(/[?#]/);
  return cut < 0 ? kept : kept.slice(0, cut);
}
