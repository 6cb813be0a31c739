/* The landing page's own script: the "copy WeChat id" button. qhtrack.js reports the click on it (WX_BUTTON_C)
   by itself, from its data-qhtrack-event attribute; this only copies. */
(function (d, n) {
  "use strict";
  var button = d.getElementById("copy-wechat"), id = d.getElementById("wechat-id"),
    note = d.getElementById("wechat-note");
  if (!button || !id || !note) {
    return;
  }
  function shown(copied) {
    button.setAttribute("data-copied", copied ? "true" : "false");
    note.textContent = copied ? " 已复制 Copied" : " 请长按复制 Press and hold the id to copy it";
  }
  function selectId() {
    var range = d.createRange(), selection = window.getSelection();
    range.selectNodeContents(id);
    selection.removeAllRanges();
    selection.addRange(range);
  }
  button.addEventListener("click", function () {
    var text = id.textContent;
    if (n.clipboard && n.clipboard.writeText) {
      n.clipboard.writeText(text).then(function () { shown(true); }, function () { selectId(); shown(false); });
    } else {
      selectId();
      try {
        shown(d.execCommand("copy"));
      } catch (e) {
        shown(false);
      }
    }
  }, false);
})(document, navigator);
