/*! qhtrack: hands the 360 Dianjing click id of this page's URL (query or hash route) to the server. */
(function (w) {
  "use strict";
  var endpoint = "@CAPTURE_URL@", names = { qhclickid: 1, sourceid: 1, impression_id: 1 }, sent = "";
  function found() {
    var l = w.location, parts = ((l.search || "") + "#" + (l.hash || "")).split(/[?#&]/), out = [], i, eq;
    for (i = 0; i < parts.length; i++) {
      eq = parts[i].indexOf("=");
      if (eq > 0 && eq < parts[i].length - 1 && names.hasOwnProperty(parts[i].substring(0, eq))) {
        out.push(parts[i]);
      }
    }
    return out.join("&");
  }
  function send() {
    try {
      var query = found(), url, x;
      if (!query || query === sent) {
        return;
      }
      sent = query;
      url = endpoint + "?" + query;
      if (w.fetch) {
        w.fetch(url, { method: "POST", credentials: "same-origin", keepalive: true,
          headers: { "X-Qhtrack-Capture": "1" } })["catch"](function () {});
      } else if (w.XMLHttpRequest) {
        x = new w.XMLHttpRequest();
        x.open("POST", url, true);
        x.setRequestHeader("X-Qhtrack-Capture", "1");
        x.send(null);
      }
    } catch (e) {
      // never break the page
    }
  }
  send();
  if (w.addEventListener) {
    w.addEventListener("hashchange", send, false);
  }
})(window);
