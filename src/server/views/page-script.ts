/**
 * The dashboard's one inline script, allowed by its hash. Everything on the page is server-rendered;
 * the script only makes it live:
 * - opens an EventSource on the URL in <body data-events>, and on each `update` event (see sse.ts)
 *   swaps in the fragments the server re-rendered, by id. It never builds markup from data: the HTML
 *   comes from the same escaping renderer as the page, through a Trusted Types policy, the only one
 *   the CSP allows. A fragment whose id is missing (a monitor added) or a `reload` event reloads the page.
 * - EventSource reconnects by itself after a server restart (the server sends `retry:`); the badge
 *   beside "Updated" (inside the banner, so it is set again after the banner is swapped) says Live /
 *   Reconnecting / Updates stopped.
 * - turns <time data-rel> into "3 min ago", every 30 s (the UTC time stays in its title).
 * A constant, so its hash is computed once at module load.
 */
import { createHash } from 'node:crypto';

const SOURCE = `
(function () {
  "use strict";
  var tt = window.trustedTypes ? window.trustedTypes.createPolicy("trackz", { createHTML: function (s) { return s; } }) : null;
  function ago(iso) {
    var s = Math.round((Date.now() - Date.parse(iso)) / 1000);
    if (!(s >= -60)) return null;
    if (s < 45) return "just now";
    if (s < 5400) return Math.max(1, Math.round(s / 60)) + " min ago";
    if (s < 129600) return Math.round(s / 3600) + " h ago";
    return Math.round(s / 86400) + " days ago";
  }
  function relative() {
    var times = document.querySelectorAll("time[data-rel]");
    for (var i = 0; i < times.length; i++) {
      var t = times[i], text = ago(t.getAttribute("datetime"));
      if (!t.title) t.title = t.textContent;
      if (text) t.textContent = text;
    }
  }
  var url = document.body.getAttribute("data-events");
  var state = null;
  function show(text, on) {
    state = { text: text, on: on };
    var live = document.getElementById("live");
    if (!live) return;
    live.textContent = text;
    live.className = on ? "live on" : "live";
    live.hidden = false;
  }
  if (url && window.EventSource) {
    var source = new EventSource(url);
    source.onopen = function () { show("Live", true); };
    source.onerror = function () { show(source.readyState === 2 ? "Updates stopped" : "Reconnecting\\u2026", false); };
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("update", function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (!message || message.version !== 1 || !message.fragments) return;
      for (var i = 0; i < message.fragments.length; i++) {
        var fragment = message.fragments[i], old = document.getElementById(fragment.id);
        if (!old) { location.reload(); return; }
        old.outerHTML = tt ? tt.createHTML(fragment.html) : fragment.html;
      }
      if (typeof message.title === "string") document.title = message.title;
      if (state) show(state.text, state.on);
      relative();
    });
  }
  relative();
  setInterval(relative, 30000);
})();
`;

/** The source without its indentation (newlines stay, so no statement changes meaning). */
export const PAGE_SCRIPT = SOURCE.replace(/\n\s+/g, '\n').trim();

/** `'sha256-…'` for the CSP's script-src. */
export const PAGE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(PAGE_SCRIPT).digest('base64')}'`;
