// Runs qhtrack.js as a browser would, on pages and steps given as JSON, with time moved by the steps (no waiting),
// and prints each request the script makes, one line per request: "beacon URL TYPE" or "fetch URL TYPE KEEPALIVE".
// Usage: node run-browser-events.js <script file> <scenario file>
// Scenario: {"beacon": true, "pages": [{"height": 3000, "viewport": 900, "steps": [...]}]}; the pages share one tab
// (session storage). Steps: {"click": "call"} (an element id; "call-icon" is a child of "call"), {"advance": ms},
// {"hide": true}, {"show": true}, {"scroll": y}.
"use strict";
const fs = require("fs");
const vm = require("vm");
const [scriptFile, scenarioFile] = process.argv.slice(2);
const script = fs.readFileSync(scriptFile, "utf8");
const scenario = JSON.parse(fs.readFileSync(scenarioFile, "utf8"));
const lines = [];
const session = {};

function element(id, attributes, parent) {
  return { id, parentNode: parent, getAttribute: (name) => (name in attributes ? attributes[name] : null) };
}

for (const page of scenario.pages) {
  let clock = 0;
  let timers = [];
  const listeners = { window: {}, document: {} };
  const on = (target) => (type, fn) => { (listeners[target][type] = listeners[target][type] || []).push(fn); };
  const off = (target) => (type, fn) => {
    listeners[target][type] = (listeners[target][type] || []).filter((f) => f !== fn);
  };
  const fire = (target, type, event) => (listeners[target][type] || []).slice().forEach((fn) => fn(event || {}));
  const root = { parentNode: null }; // the document node: no getAttribute
  const call = element("call", { "data-qhtrack-event": " call_button " }, root);
  const elements = {
    call,
    "call-icon": element("call-icon", {}, call),
    call2: element("call2", { "data-qhtrack-event": "CALL_BUTTON" }, root),
    wechat: element("wechat", { "data-qhtrack-event": "WX_BUTTON_C" }, root),
    shop: element("shop", { "data-qhtrack-event": "SHOP_BUTTON" }, root),
    plain: element("plain", {}, root),
  };
  const documentElement = { scrollHeight: page.height || 3000, clientHeight: page.viewport || 900, scrollTop: 0 };
  const document = {
    visibilityState: "visible",
    documentElement,
    body: { scrollHeight: page.height || 3000 },
    addEventListener: on("document"),
    removeEventListener: off("document"),
  };
  const window = {
    location: { href: "https://www.example.com.cn/landing", search: "", hash: "" },
    document,
    innerHeight: page.viewport || 900,
    pageYOffset: 0,
    Uint8Array,
    Blob: class { constructor(parts, options) { this.type = options.type; this.size = parts.length; } },
    crypto: { getRandomValues: (a) => { for (let i = 0; i < a.length; i++) a[i] = Math.floor(Math.random() * 256); } },
    performance: { now: () => clock },
    sessionStorage: { getItem: (k) => (k in session ? session[k] : null), setItem: (k, v) => { session[k] = String(v); } },
    navigator: scenario.beacon === false ? {} : {
      sendBeacon(url, blob) { lines.push(["beacon", url, blob.type].join(" ")); return scenario.beaconAccepts !== false; },
    },
    fetch(url, options) {
      const type = (options.headers || {})["Content-Type"] || "-";
      lines.push(["fetch", url, type, String(options.keepalive)].join(" "));
      return Promise.resolve({ status: 204 });
    },
    setTimeout(fn, ms) { const t = { at: clock + ms, fn }; timers.push(t); return t; },
    clearTimeout(t) { timers = timers.filter((x) => x !== t); },
    addEventListener: on("window"),
    removeEventListener: off("window"),
  };
  vm.runInNewContext(script, { window, document, Math, Date, String, parseInt });
  const advance = (ms) => {
    const until = clock + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > until) break;
      timers.shift();
      clock = next.at;
      next.fn();
    }
    clock = until;
  };
  for (const step of page.steps || []) {
    if ("click" in step) {
      fire("document", "click", { target: elements[step.click] });
    } else if ("advance" in step) {
      advance(step.advance);
    } else if ("hide" in step) {
      document.visibilityState = "hidden";
      fire("document", "visibilitychange");
    } else if ("show" in step) {
      document.visibilityState = "visible";
      fire("document", "visibilitychange");
    } else if ("scroll" in step) {
      window.pageYOffset = step.scroll;
      fire("window", "scroll");
    }
  }
  lines.push("page " + JSON.stringify({
    clickListeners: (listeners.document.click || []).length,
    scrollListeners: (listeners.window.scroll || []).length,
  }));
}
process.stdout.write(lines.join("\n"));
