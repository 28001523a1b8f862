/*
 * trackz tracker (served as /t.js, minified at build time). Page views, SPA navigation (History API)
 * and custom events: trackz('event', name, props). No cookies; a random session id in sessionStorage;
 * localStorage only for the opt-out flag. Never reads form fields, keystrokes or text content.
 * __TRACKZ_SITES__ is filled by the server: { site: { d: honours DNT, h: heatmaps } }.
 */
(function (w, d, n) {
  var me = d.currentScript;
  var site = me && me.getAttribute('data-site');
  var cfg = __TRACKZ_SITES__[site];
  if (!cfg) return;
  var root = me.src.replace(/\/t\.js([?#].*)?$/, '');
  var KEY = 'trackz-opt-out';
  var ls, sid, last;
  try {
    ls = w.localStorage;
    sid = sessionStorage.getItem('trackz-sid');
    if (!sid) sessionStorage.setItem('trackz-sid', (sid = Math.random().toString(36).slice(2)));
  } catch (e) {}
  var on = function (p) {
    return RegExp('[?&]' + p + '(=(?!(0|false|no|off)(&|$))[^&]*)?(&|$)', 'i').test(location.search);
  };
  if (on('trackz-opt-in') && ls) ls.removeItem(KEY);
  var optOut = on(KEY);
  var dnt = n.doNotTrack == '1' || w.doNotTrack == '1';
  var path = function () {
    return location.pathname + location.search;
  };
  var send = function (events, beacon) {
    if ((ls && ls.getItem(KEY)) || (cfg.d && dnt)) return;
    var body = JSON.stringify({ site: site, session: sid, width: w.innerWidth, dnt: dnt, events: events });
    // text/plain: a simple CORS request, no preflight; the server checks the Origin itself.
    if (!(beacon && n.sendBeacon && n.sendBeacon(root + '/collect', body)))
      fetch(root + '/collect', { method: 'POST', body: body, keepalive: true, credentials: 'omit', headers: { 'Content-Type': 'text/plain' } })['catch'](function () {});
  };
  var view = function () {
    var p = path();
    if (p == last) return;
    var first = last === undefined;
    last = p;
    w.dispatchEvent(new Event('trackz:view'));
    send([{ kind: 'pageview', url: p, referrer: first ? d.referrer : '' }]);
  };
  var api = function (kind, name, props) {
    if (kind == 'event' && name) send([{ kind: 'event', url: path(), name: '' + name, props: props || {} }]);
  };
  api._s = send;
  api._p = path;
  var queued = (w.trackz && w.trackz.q) || [];
  w.trackz = api;
  ['pushState', 'replaceState'].forEach(function (m) {
    var original = history[m];
    history[m] = function () {
      var result = original.apply(this, arguments);
      view();
      return result;
    };
  });
  w.addEventListener('popstate', view);
  // The opt-out page view itself is sent (the server records the opt-out), then nothing more.
  view();
  if (optOut && ls) ls.setItem(KEY, '1');
  queued.forEach(function (args) {
    api.apply(null, args);
  });
  if (cfg.h) {
    var heat = d.createElement('script');
    heat.src = root + '/t-heat.js';
    heat.defer = true;
    d.head.appendChild(heat);
  }
})(window, document, navigator);
