// Runs qhtrack.js as a browser would on a page, with the page's location, and prints each request it makes:
// one line per request, "METHOD URL HEADER=VALUE;…". Usage: node run-browser-script.js <script file> <page URL>
"use strict";
const fs = require("fs");
const vm = require("vm");
const [scriptFile, pageUrl] = process.argv.slice(2);
const url = new URL(pageUrl);
const lines = [];
const listeners = {};
const window = {
  location: { href: url.href, search: url.search, hash: url.hash },
  fetch(target, options) {
    const headers = Object.entries(options.headers || {}).map(([k, v]) => k + "=" + v).join(";");
    lines.push([options.method, target, headers, options.credentials].join(" "));
    return Promise.resolve({ status: 204 });
  },
  addEventListener(type, listener) {
    listeners[type] = listener;
  },
};
vm.runInNewContext(fs.readFileSync(scriptFile, "utf8"), { window });
// a hash route change with the same id must not send again
if (listeners.hashchange) {
  listeners.hashchange();
}
process.stdout.write(lines.join("\n"));
