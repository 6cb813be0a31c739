/* The sample's single-page app: three hash routes (#/landing, #/form, #/thanks), views cloned from <template>s and
   filled with textContent only. The lead form is posted with fetch to ../lead, where qhtrack's configured trigger
   reports SUBMIT for the click /qhtrack.js handed over. */
(function () {
  "use strict";
  var view = document.getElementById("view");
  var visitorName = "";

  function routeName() {
    var path = (location.hash || "#/landing").slice(1).split("?")[0];
    if (path === "/form") {
      return "form";
    }
    return path === "/thanks" && visitorName ? "thanks" : "landing";
  }

  function render() {
    var name = routeName();
    view.replaceChildren(document.getElementById("t-" + name).content.cloneNode(true));
    view.setAttribute("data-route", name);
    if (name === "form") {
      document.getElementById("spa-lead").addEventListener("submit", submit);
    } else if (name === "thanks") {
      view.querySelectorAll(".visitor-name").forEach(function (el) { el.textContent = visitorName; });
    }
    window.scrollTo(0, 0);
    demoBar();
  }

  function submit(event) {
    event.preventDefault();
    var form = event.target;
    var status = document.getElementById("spa-form-status");
    form.querySelectorAll(".error").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll(".field").forEach(function (el) { el.classList.remove("invalid"); });
    status.textContent = "提交中 Sending…";
    fetch("../lead", {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.ok) {
        visitorName = answer.name;
        location.hash = "#/thanks";
        return;
      }
      status.textContent = "";
      Object.keys(answer.errors || {}).forEach(function (field) {
        var el = form.querySelector('.error[data-for="' + field + '"]');
        if (el) {
          el.textContent = answer.errors[field];
          el.parentNode.classList.add("invalid");
        }
      });
    })["catch"](function () {
      status.textContent = "网络错误，请重试 Network error, please try again.";
    });
  }

  /* In the demo, the bar shows the 360 click the server holds for this browser (404 elsewhere: no bar). */
  function demoBar() {
    fetch("../demo/status.json", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (status) {
      if (!status) {
        return;
      }
      var text = document.getElementById("demo-click");
      var bar = document.getElementById("demo-bar");
      text.replaceChildren();
      if (status.click) {
        text.append("360 点击 click: ", element("b", status.click.lineName), " ",
          element("code", status.click.id));
      } else {
        text.append("还没有 360 点击 · No 360 click yet");
      }
      bar.setAttribute("data-line", status.click ? status.click.line : "");
      bar.hidden = false;
    })["catch"](function () {});
  }

  function element(name, text) {
    var el = document.createElement(name);
    el.textContent = text;
    return el;
  }

  window.addEventListener("hashchange", render);
  render();
  /* /qhtrack.js hands the click over in the background; show it once it has. */
  window.setTimeout(demoBar, 800);
})();
