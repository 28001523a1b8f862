/*
 * trackz heatmaps (served as /t-heat.js, loaded by /t.js only for sites with `heatmaps: true`).
 * Clicks as (CSS selector of the element, offset inside it as fractions) and the deepest scroll of
 * each page view. Reads tag names, ids and boxes only: never text, form fields or keystrokes.
 */
(function (w, d) {
  var t = w.trackz;
  if (!t || !t._s) return;
  var clicks = [];
  var depth = 0;
  var page = t._p();
  var selector = function (el) {
    var parts = [];
    while (el && el.nodeType == 1 && parts.length < 8) {
      if (el.id) {
        parts.unshift('#' + CSS.escape(el.id));
        break;
      }
      var tag = el.tagName.toLowerCase();
      if (tag == 'html' || tag == 'body') {
        parts.unshift(tag);
        break;
      }
      var i = 1;
      for (var s = el.previousElementSibling; s; s = s.previousElementSibling) if (s.tagName == el.tagName) i++;
      parts.unshift(tag + ':nth-of-type(' + i + ')');
      el = el.parentElement;
    }
    return parts.join('>');
  };
  var reach = function () {
    var v = (w.scrollY + w.innerHeight) / d.documentElement.scrollHeight;
    if (v > depth) depth = Math.min(1, v);
  };
  // end: the page view is over (page hidden for good, or an SPA navigation): its scroll depth goes too.
  var flush = function (end) {
    var events = clicks;
    clicks = [];
    if (end && depth) events.push({ kind: 'scroll', url: page, depth: Math.round(depth * 1000) / 1000 });
    if (end) depth = 0;
    if (events.length) t._s(events, true);
  };
  d.addEventListener(
    'click',
    function (e) {
      var el = e.target;
      if (!el || el.nodeType != 1) return;
      var r = el.getBoundingClientRect();
      clicks.push({ kind: 'click', url: page, selector: selector(el), x: r.width ? (e.clientX - r.left) / r.width : 0, y: r.height ? (e.clientY - r.top) / r.height : 0 });
      if (clicks.length >= 20) flush();
    },
    true,
  );
  w.addEventListener('scroll', reach, { passive: true });
  w.addEventListener('trackz:view', function () {
    flush(1);
    page = t._p();
    reach();
  });
  d.addEventListener('visibilitychange', function () {
    if (d.visibilityState == 'hidden') flush();
  });
  w.addEventListener('pagehide', function () {
    flush(1);
  });
  reach();
})(window, document);
