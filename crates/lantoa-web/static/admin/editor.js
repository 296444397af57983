// lantoa — the content body editor (back office only: loaded on the content form after
// paste.js; docs/adr/0015-editor.md). Progressive enhancement: without this file the
// <textarea id="body"> works as before. With it:
// 1. a formatting toolbar (role=toolbar, one Tab stop, arrow keys inside, Alt+F10 from the
//    text, Escape back) over a contenteditable area; Ctrl+B / Ctrl+I / Ctrl+K; undo and redo
//    are the browser's own, since every change goes through execCommand;
// 2. paste keeps a document's structure and drops its styling (LantoaPaste.clean);
// 3. the textarea stays the submitted field, kept in sync (cleaned) on every save and submit;
// 4. autosave of the form's fields to localStorage per user and item every few seconds, an
//    offer to restore a newer unsaved copy, cleared after a successful save.
// The server cleans the body again whatever arrives (lantoa_app::html).
(function () {
  "use strict";
  var P = window.LantoaPaste;
  var box = document.querySelector("[data-editor]");
  var area = document.getElementById("body");
  if (!P || !box || !area || !area.form || typeof document.execCommand !== "function") return;
  var form = area.form;
  var bar = box.querySelector("[role=toolbar]");
  var ed = box.querySelector("[contenteditable]");
  var say = box.querySelector("[data-editor-status]");
  var savedAt = box.querySelector("[data-editor-saved]");
  var buttons = [].slice.call(bar.querySelectorAll("button"));
  var CMD = { bold: "bold", italic: "italic", ul: "insertUnorderedList", ol: "insertOrderedList" };
  var TABLE = "<table><thead><tr><th>Cột 1</th><th>Cột 2</th><th>Cột 3</th></tr></thead><tbody>" +
    "<tr><td><br></td><td><br></td><td><br></td></tr><tr><td><br></td><td><br></td><td><br></td></tr>" +
    "</tbody></table><p><br></p>";
  var range = null, source = false;

  // Blocks only, without the newlines between them (they would become text in the editor);
  // an empty body starts as one paragraph. Browsers nest lists made from a paragraph inside
  // it (<p><ul>): left as is so their undo stays whole, the cleaner lifts them out on sync.
  function html(value, text) {
    return (text ? P.fromText(value) : P.clean(value)).replace(/\n/g, "");
  }
  function load(value) { ed.innerHTML = html(value, !P.isHtml(value)) || "<p><br></p>"; }
  function sync() { if (!source) area.value = P.clean(ed.innerHTML, { styles: false }); }
  function exec(c, v) { document.execCommand(c, false, v); }
  function esc(s) { return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;"); }

  // The selection in the text, kept while the focus is on the toolbar.
  function keep() {
    var s = window.getSelection();
    if (s.rangeCount && ed.contains(s.anchorNode)) range = s.getRangeAt(0).cloneRange();
  }
  function back() {
    ed.focus();
    if (range) {
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(range);
    }
  }
  function closest(re) {
    for (var n = range && range.startContainer; n && n !== ed; n = n.parentNode) {
      if (re.test(n.nodeName)) return n;
    }
    return null;
  }
  function block() {
    var b = closest(/^(H2|H3|BLOCKQUOTE)$/);
    return b ? b.nodeName.toLowerCase() : "";
  }
  function pressed() {
    var b = block();
    buttons.forEach(function (btn) {
      var c = btn.getAttribute("data-cmd");
      if (!btn.hasAttribute("aria-pressed") || c === "source") return;
      // Headings are bold by their style, not by a <strong>: "Đậm" is not pressed there.
      var on = CMD[c] ? document.queryCommandState(CMD[c]) && !(c === "bold" && /^h/.test(b)) :
        b === (c === "quote" ? "blockquote" : c);
      btn.setAttribute("aria-pressed", String(!!on));
    });
  }
  function status(text) { say.textContent = text; }

  function link() {
    var a = closest(/^A$/);
    var url = window.prompt("Địa chỉ liên kết: bắt đầu bằng https, http, mailto: hoặc / (một trang " +
      "trong cổng). Để trống để bỏ liên kết.", a ? a.getAttribute("href") : "");
    back();
    if (url === null) return;
    url = url.trim();
    if (!url) {
      if (a) {
        range = document.createRange();
        range.selectNodeContents(a);
        back();
        exec("unlink");
      }
      return;
    }
    // "kgc.edu.vn/tuyen-sinh" means a web address, not a page of the portal.
    if (/^[\w-]+(\.[\w-]+)+(\/|$)/.test(url) && url.indexOf("@") < 0) url = "https:" + "//" + url;
    if (!P.safeHref(url)) {
      status("Không chèn được liên kết: chỉ dùng địa chỉ http, https, mailto hoặc một trang trong cổng (bắt đầu bằng /).");
      return;
    }
    if (a) a.setAttribute("href", url);
    else if (range && !range.collapsed) exec("createLink", url);
    else exec("insertHTML", "<a href=\"" + esc(url) + "\">" + esc(url) + "</a>");
  }

  function toggleSource(btn) {
    if (source) load(area.value);
    else sync();
    source = !source;
    area.hidden = !source;
    ed.hidden = source;
    buttons.forEach(function (b) { if (b !== btn) b.disabled = source; });
    btn.setAttribute("aria-pressed", String(source));
  }

  function run(btn) {
    var c = btn.getAttribute("data-cmd");
    status("");
    if (c === "source") return toggleSource(btn);
    back();
    if (CMD[c] || c === "undo" || c === "redo") exec(CMD[c] || c);
    else if (c === "h2" || c === "h3" || c === "quote") {
      var tag = c === "quote" ? "blockquote" : c;
      exec("formatBlock", block() === tag ? "p" : tag);
    } else if (c === "table") exec("insertHTML", TABLE);
    else if (c === "link") link();
    keep();
    pressed();
    changed();
  }

  // Toolbar: one Tab stop, arrows move inside it (WAI-ARIA toolbar pattern).
  function roving(target) {
    buttons.forEach(function (b) { b.tabIndex = b === target ? 0 : -1; });
  }
  bar.addEventListener("mousedown", function (e) {
    if (e.target.closest("button")) e.preventDefault(); // keep the selection in the text
  });
  bar.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b || b.disabled) return;
    roving(b);
    run(b);
  });
  bar.addEventListener("keydown", function (e) {
    var live = buttons.filter(function (b) { return !b.disabled; });
    var i = live.indexOf(document.activeElement);
    var j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: live.length - 1 }[e.key];
    if (e.key === "Escape" && !source) {
      e.preventDefault();
      back();
    } else if (j !== undefined && i >= 0) {
      e.preventDefault();
      var b = live[(j + live.length) % live.length];
      roving(b);
      b.focus();
    }
  });
  ed.addEventListener("keydown", function (e) {
    var k = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (k === "b" || k === "i" || k === "k")) {
      e.preventDefault();
      keep();
      run(bar.querySelector("[data-cmd=" + (k === "b" ? "bold" : k === "i" ? "italic" : "link") + "]"));
    } else if (e.altKey && e.key === "F10") {
      e.preventDefault();
      keep();
      (bar.querySelector("[tabindex='0']") || buttons[0]).focus();
    }
  });
  document.addEventListener("selectionchange", function () {
    var s = window.getSelection();
    if (s.rangeCount && ed.contains(s.anchorNode)) {
      keep();
      pressed();
    }
  });
  ed.addEventListener("paste", function (e) {
    var d = e.clipboardData;
    if (!d) return;
    var data = d.getData("text/html"), text = d.getData("text/plain");
    e.preventDefault();
    if (data) exec("insertHTML", html(data));
    else if (/\n\s*\n/.test(text)) exec("insertHTML", html(text, true));
    else exec("insertText", text);
  });
  // The field's label and the error summary's link point at the (hidden) textarea.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a[href='#body'], label[for=body]") && !source) {
      e.preventDefault();
      ed.focus();
    }
  });

  // Autosave: the form's own fields (not the CSRF token, files or hidden values).
  var KEY = "lantoa.draft." + box.getAttribute("data-draft-key");
  var SAVING = "lantoa.draftSaving";
  var DAY = 864e5, dirty = false, waiting = false;
  function store() { try { return window.localStorage; } catch (x) { return null; } }
  function skip(el) {
    return !el.name || el.name === "_csrf" || el.disabled ||
      /^(hidden|file|submit|button|reset|password)$/.test(el.type);
  }
  function fields() {
    var out = [];
    [].forEach.call(form.elements, function (el) {
      if (skip(el) || (/^(checkbox|radio)$/.test(el.type) && !el.checked)) return;
      out.push([el.name, el.value]);
    });
    return out;
  }
  function restore(list) {
    [].forEach.call(form.elements, function (el) {
      if (skip(el)) return;
      var mine = list.filter(function (p) { return p[0] === el.name; });
      if (/^(checkbox|radio)$/.test(el.type)) {
        el.checked = mine.some(function (p) { return p[1] === el.value; });
      } else if (mine.length) el.value = mine[0][1];
    });
    load(area.value);
    if (source) area.hidden = false;
  }
  function hhmm(t) {
    var d = new Date(t);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var s = two(d.getHours()) + ":" + two(d.getMinutes());
    if (d.toDateString() !== new Date().toDateString()) {
      s += " ngày " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
    }
    return s;
  }
  function save() {
    var ls = store();
    if (!ls || waiting) return;
    dirty = false;
    sync();
    var at = Date.now();
    try {
      ls.setItem(KEY, JSON.stringify({ at: at, fields: fields() }));
      savedAt.textContent = "Đã lưu tạm trên máy này lúc " + hhmm(at) + ".";
    } catch (x) {
      savedAt.textContent = "Không lưu tạm được trên máy này (bộ nhớ trình duyệt đầy hoặc bị tắt).";
    }
  }
  function changed() { dirty = true; }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  setInterval(function () { if (dirty) save(); }, 3000);
  window.addEventListener("pagehide", function () { if (dirty) save(); });
  form.addEventListener("submit", function (e) {
    sync();
    var preview = e.submitter && e.submitter.hasAttribute("formaction");
    if (preview) return;
    try {
      window.sessionStorage.setItem(SAVING, JSON.stringify({ key: KEY, at: Date.now() }));
    } catch (x) {
      // Without sessionStorage the copy stays until the next "Bỏ qua".
    }
  });

  function start() {
    var ls = store();
    if (!ls) return;
    // A save sent from this tab a moment ago: its copy goes when the page shows no errors.
    try {
      var mark = JSON.parse(window.sessionStorage.getItem(SAVING) || "null");
      window.sessionStorage.removeItem(SAVING);
      if (mark && Date.now() - mark.at < 120000 &&
        !document.querySelector("[data-error-summary], .field__error, .alert--error")) {
        ls.removeItem(mark.key);
      }
    } catch (x) {
      // Nothing to clear.
    }
    for (var i = ls.length - 1; i >= 0; i--) {
      var k = ls.key(i);
      if (k && k.indexOf("lantoa.draft.") === 0) {
        try {
          if (Date.now() - JSON.parse(ls.getItem(k)).at > 30 * DAY) ls.removeItem(k);
        } catch (x) {
          ls.removeItem(k);
        }
      }
    }
    var draft = null;
    try { draft = JSON.parse(ls.getItem(KEY) || "null"); } catch (x) { draft = null; }
    if (!draft || !draft.fields) return;
    sync();
    if (JSON.stringify(draft.fields) === JSON.stringify(fields())) return;
    var notice = document.querySelector("[data-draft-notice]");
    notice.querySelector("[data-draft-text]").textContent = "Có bản nháp chưa lưu lúc " + hhmm(draft.at);
    form.insertBefore(notice, form.firstChild);
    notice.hidden = false;
    waiting = true;
    notice.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-draft]");
      if (!b) return;
      waiting = false;
      notice.hidden = true;
      if (b.getAttribute("data-draft") === "restore") {
        restore(draft.fields);
        status("Đã khôi phục bản nháp lúc " + hhmm(draft.at) + ". Bấm “Lưu” để lưu lên máy chủ.");
        save();
      } else {
        ls.removeItem(KEY);
        status("Đã bỏ bản nháp chưa lưu.");
      }
      ed.focus();
    });
  }

  try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (x) { /* old browser */ }
  load(area.value);
  ["aria-describedby", "aria-invalid"].forEach(function (a) {
    if (area.hasAttribute(a)) ed.setAttribute(a, area.getAttribute(a));
  });
  ed.parentNode.insertBefore(area, ed.nextSibling); // the HTML view sits where the text was
  area.hidden = true;
  box.hidden = false;
  roving(buttons[0]);
  start();
})();
