/*! qhtrack: hands the ad click ids of this page's URL (query or hash route) to the server, and reports the browser
    events the server allows (marked elements, browse time and depth, visit depth). No secret, no other site. */
(function (w, d) {
  "use strict";
  var endpoint = "@CAPTURE_URL@", names = @NAMES@, sent = "",
    eventUrl = "@EVENT_URL@", events = @EVENTS@, browseTime = @BROWSE_TIME_MS@, browseDepth = @BROWSE_DEPTH@,
    type = "application/x-qhtrack-event", pv = "", done = {}, visibleMs = 0, since = null, timer = null, k, any;
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
      var query = found(), url, x, h, headers = { "X-Qhtrack-Capture": "1" },
        page = String(w.location.href || "").split("#")[0];
      if (!query || query === sent) {
        return;
      }
      sent = query;
      url = endpoint + "?" + query;
      if (page.length <= @MAX_PAGE_URL_LENGTH@) {
        headers["@PAGE_HEADER@"] = page; // where the server's landing URL comes from (never the fragment)
      }
      if (w.fetch) {
        w.fetch(url, { method: "POST", credentials: "same-origin", keepalive: true,
          headers: headers })["catch"](function () {});
      } else if (w.XMLHttpRequest) {
        x = new w.XMLHttpRequest();
        x.open("POST", url, true);
        for (h in headers) {
          if (headers.hasOwnProperty(h)) {
            x.setRequestHeader(h, headers[h]);
          }
        }
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

  // ---- browser events: only those the server allows
  for (k in events) {
    if (events.hasOwnProperty(k)) {
      any = 1;
    }
  }
  if (!any || !eventUrl || !d || !d.addEventListener) {
    return;
  }
  function pageView() {
    var c = w.crypto, b, s = "", i;
    if (c && c.getRandomValues) {
      b = new w.Uint8Array(16);
      c.getRandomValues(b);
      for (i = 0; i < 16; i++) {
        s += (b[i] + 256).toString(16).substring(1);
      }
      return s;
    }
    while (s.length < 32) {
      s += Math.random().toString(36).substring(2);
    }
    return s.substring(0, 32);
  }
  function report(name) {
    var url = eventUrl + "?event=" + name + "&pv=" + pv, n = w.navigator;
    try {
      if (n.sendBeacon && n.sendBeacon(url, new w.Blob([], { type: type }))) {
        return;
      }
    } catch (e) {
      // fall back to fetch
    }
    try {
      if (w.fetch) {
        w.fetch(url, { method: "POST", credentials: "same-origin", keepalive: true,
          headers: { "Content-Type": type } })["catch"](function () {});
      }
    } catch (e) {
      // never break the page
    }
  }
  function once(name) {
    if (events.hasOwnProperty(name) && !done[name]) {
      done[name] = 1;
      report(name);
    }
  }
  function now() {
    return w.performance && w.performance.now ? w.performance.now() : new Date().getTime();
  }
  pv = pageView();

  // a click on a marked element (or inside one): once per element and event per page view, never held up
  d.addEventListener("click", function (e) {
    var el = e.target, name, on;
    for (; el && el.getAttribute; el = el.parentNode) {
      name = el.getAttribute("data-qhtrack-event");
      if (name) {
        name = name.replace(/^\s+|\s+$/g, "").toUpperCase();
        on = el.qhtrackSent || (el.qhtrackSent = {});
        if (events.hasOwnProperty(name) && !on[name]) {
          on[name] = 1;
          report(name);
        }
        return;
      }
    }
  }, true);

  // BROWSETIME: visible time only, paused while the tab is hidden
  function visible() {
    var t = now();
    if (since !== null) {
      visibleMs += t - since;
    }
    since = d.visibilityState === "hidden" ? null : t;
    w.clearTimeout(timer);
    if (visibleMs >= browseTime) {
      once("BROWSETIME");
      d.removeEventListener("visibilitychange", visible, false);
    } else if (since !== null) {
      timer = w.setTimeout(visible, browseTime - visibleMs);
    }
  }
  if (events.BROWSETIME) {
    d.addEventListener("visibilitychange", visible, false);
    visible();
  }

  // BROWSE_DEPTH: scrolled past browseDepth percent of the page
  function depth() {
    var e = d.documentElement, h = Math.max(e.scrollHeight, d.body ? d.body.scrollHeight : 0),
      y = (w.pageYOffset || e.scrollTop || 0) + (w.innerHeight || e.clientHeight || 0);
    if (h > 0 && y * 100 >= h * browseDepth) {
      once("BROWSE_DEPTH");
      w.removeEventListener("scroll", depth, false);
    }
  }
  if (events.BROWSE_DEPTH) {
    w.addEventListener("scroll", depth, false);
  }

  // SITE_VISIT_DEPTH: the third page view of this visit (the tab's session)
  if (events.SITE_VISIT_DEPTH) {
    try {
      k = (parseInt(w.sessionStorage.getItem("qhtrack.pages"), 10) || 0) + 1;
      w.sessionStorage.setItem("qhtrack.pages", String(k));
      if (k === 3) {
        once("SITE_VISIT_DEPTH");
      }
    } catch (e) {
      // no session storage: no visit depth
    }
  }
})(window, window.document);
