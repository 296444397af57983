// lantoa — progressive enhancement only: every page works without this file.
// 1. Text size control (A− / A / A+), remembered in localStorage.
// 2. Confirmation before destructive actions marked data-confirm="…" (the server still
//    asks for its own confirmation; this only saves a round trip).
// 3. Focus the error summary of a form that came back with errors.
// 4. Buttons marked data-print (hidden without this file) print the page.
(function () {
  "use strict";
  var KEY = "lantoa.textSize";
  var MIN = -1, MAX = 2;
  var root = document.documentElement;

  function read() {
    try {
      var v = parseInt(window.localStorage.getItem(KEY) || "0", 10);
      return isNaN(v) ? 0 : Math.max(MIN, Math.min(MAX, v));
    } catch (e) {
      return 0;
    }
  }

  function apply(size, controls) {
    if (size === 0) {
      root.removeAttribute("data-text-size");
    } else {
      root.setAttribute("data-text-size", String(size));
    }
    if (controls) {
      var buttons = controls.querySelectorAll("button[data-size]");
      for (var i = 0; i < buttons.length; i++) {
        var step = buttons[i].getAttribute("data-size");
        buttons[i].setAttribute("aria-pressed", String(step === "0" && size === 0));
        if (step === "-1") buttons[i].disabled = size <= MIN;
        if (step === "1") buttons[i].disabled = size >= MAX;
      }
    }
  }

  function setUpTextSize() {
    var controls = document.querySelector("[data-text-size-control]");
    var size = read();
    apply(size, controls);
    if (!controls) return;
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-size]");
      if (!button) return;
      var step = parseInt(button.getAttribute("data-size"), 10);
      size = step === 0 ? 0 : Math.max(MIN, Math.min(MAX, size + step));
      apply(size, controls);
      try {
        window.localStorage.setItem(KEY, String(size));
      } catch (e) {
        // Private mode or storage disabled: the size still applies to this page.
      }
    });
  }

  function setUpConfirm() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.getAttribute("data-confirm")) ||
        form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
      }
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-confirm]");
      if (link && !window.confirm(link.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  function setUpPrint() {
    var buttons = document.querySelectorAll("button[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  // The saved size applies as soon as the script runs (it is deferred, so after parsing).
  setUpTextSize();
  setUpConfirm();
  focusErrorSummary();
  setUpPrint();
})();
