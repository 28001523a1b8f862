'use strict';
// Stand-in for the `debug` package inside trackz's bundle. oclif creates its loggers at start-up,
// and the real package costs ~8 ms to initialise (measured with --cpu-prof) on every run. It is only
// needed when DEBUG is set, so it is loaded then, and `DEBUG=oclif:* trackz …` works as before.
if (process.env.DEBUG) {
  module.exports = require('debug/src/node.js');
} else {
  const noop = () => {};
  const create = (namespace) => Object.assign(noop.bind(null), { namespace, enabled: false, log: noop, destroy: () => true, extend: (sub, delimiter = ':') => create(`${namespace}${delimiter}${sub}`) });
  module.exports = Object.assign(create, { enable: noop, disable: () => '', enabled: () => false, formatters: {}, names: [], skips: [], humanize: String });
  module.exports.default = module.exports;
}
