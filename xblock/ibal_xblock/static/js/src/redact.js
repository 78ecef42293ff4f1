/* Masks every credential before anything is logged: JWT-shaped strings and the values of
 * token=, ticket=, assertion and other secret-named fields, in URLs, JSON and plain text. */
(function (root) {
  'use strict';

  var JWT = /\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
  var SECRET_NAMES = '(?:access_?token|refresh_?token|id_?token|token|ticket|assertion|client_?secret|password)';
  // name=value in query strings and form bodies
  var QUERY_PAIR = new RegExp('([?&;\\s]|^)(' + SECRET_NAMES + ')=("[^"]*"|\'[^\']*\'|[^&#\\s"\']*)', 'gi');
  // "name": "value" in JSON, name: value in plain text
  var JSON_PAIR = new RegExp('(["\']?)(' + SECRET_NAMES + ')\\1(\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|\'[^\']*\'|[^\\s,}&]+)', 'gi');
  var MASK = '[REDACTED]';

  function masked(value) {
    var first = value.charAt(0);
    return first === '"' || first === "'" ? first + MASK + first : MASK;
  }

  function redactText(text) {
    return String(text)
      .replace(JWT, MASK)
      .replace(QUERY_PAIR, function (_m, lead, name, value) { return lead + name + '=' + masked(value); })
      .replace(JSON_PAIR, function (_m, quote, name, colon, value) {
        return quote + name + quote + colon + masked(value);
      });
  }

  /** Any value to a loggable string with every credential masked. */
  function redact(value) {
    if (value === undefined) return '';
    if (typeof value === 'string') return redactText(value);
    if (value instanceof Error) return redactText(value.name + ': ' + value.message);
    try {
      return redactText(JSON.stringify(value));
    } catch (_e) {
      return redactText(String(value));
    }
  }

  var lib = (root.IbalXBlockLib = root.IbalXBlockLib || {});
  lib.redact = redact;
  if (typeof module !== 'undefined' && module.exports) module.exports = { redact: redact, MASK: MASK };
})(typeof window !== 'undefined' ? window : globalThis);
