// lantoa — the editor's HTML cleaner (back office only; docs/adr/0015-editor.md).
// clean(html) keeps a document's structure: headings, paragraphs, lists (Word's mso-list
// paragraphs become real lists), bold, italic, underline, links, tables, quotes. It drops
// the styling: classes, styles, fonts, spans, <o:p>, comments, Office XML, images from
// elsewhere. The output holds only tags and attributes the server keeps (lantoa_app::html),
// escaped; the server cleans again whatever arrives, so this is comfort, not the guarantee.
// Pure string → string, no DOM: unit-tested in node (tests/js/paste.test.mjs); in the browser
// it is window.LantoaPaste.
(function (root) {
  "use strict";
  function set(s) {
    var o = Object.create(null);
    s.split(" ").forEach(function (k) { o[k] = true; });
    return o;
  }
  var VOID = set("br img hr meta link input col area base wbr source param embed");
  // Elements whose content is raw text: skipped by the tokenizer.
  var RAW = set("script style title textarea xmp noembed noframes");
  var DROP = set("head xml template noscript iframe object embed svg math select button " +
    "meta link colgroup col caption hr input");
  var BLOCK_IN = set("p div h1 h2 h3 h4 h5 h6 ul ol li table thead tbody tfoot tr td th " +
    "blockquote figure figcaption section article header footer main aside nav address " +
    "center pre dl dt dd form fieldset hr body html");
  var BOX = set("div section article header footer main aside nav address center pre dl dt " +
    "dd form fieldset body html");
  var BLOCK = set("p h2 h3 h4 ul ol li table thead tbody tr td th blockquote figure figcaption");
  var NAMED = Object.assign(Object.create(null), { amp: "&", lt: "<", gt: ">", quot: "\"",
    apos: "'", nbsp: "\u00a0", colon: ":", tab: "\t", newline: "\n" });

  function decode(s) {
    return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, function (all, e) {
      if (e[0] !== "#") return NAMED[e.toLowerCase()] || all;
      var n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : "\ufffd";
    });
  }
  function escAttr(s) {
    return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  // Text keeps its character references ("&eacute;" stays one); a bare & is escaped.
  function escText(s) {
    return s.replace(/&(?!#?[a-zA-Z0-9]+;)/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // A link the server keeps: http, https, mailto or no scheme (a page of the portal).
  function safeHref(h) {
    h = decode(h || "").replace(/[\u0000-\u001f\u007f]/g, "").trim();
    if (!h) return "";
    var head = h.split(/[\/?#]/)[0];
    if (head.indexOf(":") < 0 && head.indexOf("&") < 0) return h;
    return /^(https?|mailto):/i.test(h) ? h : "";
  }
  // An image on this site: /media/… or a relative path; never another host or a scheme.
  function localSrc(s) {
    s = decode(s || "").trim();
    if (!s || /^\/\/|\\/.test(s) || s.split(/[\/?#]/)[0].indexOf(":") >= 0) return "";
    return s[0] !== "/" || s.indexOf("/media/") === 0 ? s : "";
  }

  // Tokenizer and tree builder in one pass: tolerant like a browser (unquoted attributes,
  // unclosed <p>/<li>/<td>, stray end tags), no more.
  var TAG = /<([a-zA-Z][^\s\/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
  var END = /<\/([a-zA-Z][^\s\/>]*)[^>]*>/y;
  var ATTR = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  function parse(html) {
    var root = { name: "", attrs: {}, kids: [] }, stack = [root], i = 0, n = html.length;
    var lower = null, m, e;
    function top() { return stack[stack.length - 1]; }
    function popTo(names, stops) {
      for (var k = stack.length - 1; k > 0; k--) {
        if (names.indexOf(stack[k].name) >= 0) { stack.length = k; return; }
        if (stops.indexOf(stack[k].name) >= 0) return;
      }
    }
    while (i < n) {
      var lt = html.indexOf("<", i);
      if (lt < 0) lt = n;
      if (lt > i) top().kids.push(html.slice(i, lt));
      i = lt;
      if (i >= n) break;
      if (html.startsWith("<!--", i)) {
        e = html.indexOf("-->", i + 4);
        i = e < 0 ? n : e + 3;
        continue;
      }
      if (html[i + 1] === "!" || html[i + 1] === "?") {
        e = html.indexOf(">", i);
        i = e < 0 ? n : e + 1;
        continue;
      }
      END.lastIndex = i;
      if ((m = END.exec(html))) {
        i = END.lastIndex;
        var name = m[1].toLowerCase();
        for (var k = stack.length - 1; k > 0; k--) {
          if (stack[k].name === name) { stack.length = k; break; }
        }
        continue;
      }
      TAG.lastIndex = i;
      if (!(m = TAG.exec(html))) {
        top().kids.push("<");
        i++;
        continue;
      }
      i = TAG.lastIndex;
      name = m[1].toLowerCase();
      if (RAW[name]) {
        lower = lower || html.toLowerCase();
        e = lower.indexOf("</" + name, i);
        e = e < 0 ? -1 : html.indexOf(">", e);
        i = e < 0 ? n : e + 1;
        continue;
      }
      var attrs = Object.create(null), a;
      ATTR.lastIndex = 0;
      while ((a = ATTR.exec(m[2]))) {
        var key = a[1].toLowerCase();
        if (!(key in attrs)) attrs[key] = decode(a[2] != null ? a[2] : a[3] != null ? a[3] : a[4] || "");
      }
      if (top().name === "p" && BLOCK_IN[name]) stack.pop();
      if (name === "li") popTo(["li"], ["ul", "ol"]);
      else if (name === "td" || name === "th") popTo(["td", "th"], ["tr", "table"]);
      else if (name === "tr") popTo(["tr"], ["table", "thead", "tbody", "tfoot"]);
      var node = { name: name, attrs: attrs, kids: [] };
      top().kids.push(node);
      if (!VOID[name] && !/\/$/.test(m[2])) stack.push(node);
    }
    return root;
  }

  function el(n, a, k) { return { n: n, a: a || "", k: k || [] }; }
  function isBlock(x) { return typeof x === "object" && BLOCK[x.n] === true; }
  function textOf(node) {
    return typeof node === "string" ? decode(node) : node.kids.map(textOf).join("");
  }
  function derive(ctx, key, value) {
    var c = Object.create(ctx);
    c[key] = value !== false;
    return c;
  }
  // Inline formatting wrapped around nodes that may hold blocks: each block gets its own.
  function wrapIn(tag, nodes) {
    var out = [], run = [];
    function flush() {
      if (run.length) out.push(el(tag, "", run));
      run = [];
    }
    nodes.forEach(function (x) {
      if (isBlock(x)) {
        flush();
        out.push(el(x.n, x.a, wrapIn(tag, x.k)));
      } else run.push(x);
    });
    flush();
    return out;
  }

  // Word numbers its list paragraphs in their style: "mso-list:l0 level2 lfo1".
  function listInfo(node) {
    if (typeof node !== "object" || node.name !== "p") return null;
    var m = /mso-list\s*:\s*l(\d+)\s+level(\d+)\s+lfo(\d+)/i.exec(node.attrs.style || "");
    return m ? { level: +m[2], list: m[1] + "/" + m[3] } : null;
  }
  function blank(x) { return typeof x === "string" && !/\S/.test(decode(x).replace(/\u00a0/g, " ")); }

  function kidsOf(node, ctx) {
    var out = [], kids = node.kids;
    for (var j = 0; j < kids.length; j++) {
      if (listInfo(kids[j]) && !ctx.cell) {
        var items = [];
        for (; j < kids.length; j++) {
          if (blank(kids[j])) continue;
          var info = listInfo(kids[j]);
          if (!info) break;
          ctx.st.marker = "";
          var li = el("li", "", inner(kids[j], derive(ctx, "cell")));
          var marker = ctx.st.marker.replace(/[\s\u00a0]+/g, "");
          info.ordered = /^[(\[]?([0-9]+|[a-z]|[ivxlcdm]+)[.)\]]/i.test(marker);
          info.start = /^\d+/.test(marker) ? parseInt(marker, 10) : 1;
          info.li = li;
          items.push(info);
        }
        j--;
        out.push.apply(out, lists(items));
        continue;
      }
      out.push.apply(out, convert(kids[j], ctx));
    }
    return out;
  }

  function lists(items) {
    var out = [], stack = [];
    items.forEach(function (it) {
      var lvl = Math.max(1, Math.min(it.level, stack.length + 1)), tag = it.ordered ? "ol" : "ul";
      stack.length = Math.min(stack.length, lvl);
      var cur = stack[lvl - 1];
      if (cur && lvl === 1 && (cur.list !== it.list || cur.n !== tag)) {
        cur = null;
        stack.length = 0;
      }
      if (!cur) {
        cur = el(tag, it.ordered && it.start > 1 ? " start=\"" + it.start + "\"" : "");
        cur.list = it.list;
        if (lvl === 1) out.push(cur);
        else {
          var parent = stack[lvl - 2].k;
          parent[parent.length - 1].k.push(cur);
        }
        stack[lvl - 1] = cur;
      }
      cur.k.push(it.li);
    });
    return out;
  }

  // The node's children with its inline formatting (tag or, when pasted, inline style).
  function inner(node, ctx) {
    var name = node.name, style = ctx.st.styles ? (node.attrs.style || "").toLowerCase() : "";
    var bold = /font-weight\s*:\s*(bold|[6-9]00)/.test(style);
    var ital = /font-style\s*:\s*italic/.test(style);
    var under = !ctx.a && /text-decoration[^;]*underline/.test(style);
    if (name === "b" || name === "strong") bold = !/font-weight\s*:\s*(normal|[1-4]00)/.test(style);
    if (name === "i" || name === "em") ital = !/font-style\s*:\s*normal/.test(style);
    if (name === "u") under = !ctx.a;
    var wrap = [];
    if (bold && !ctx.strong) { wrap.push("strong"); ctx = derive(ctx, "strong"); }
    if (ital && !ctx.em) { wrap.push("em"); ctx = derive(ctx, "em"); }
    if (under && !ctx.u) { wrap.push("u"); ctx = derive(ctx, "u"); }
    var kids = kidsOf(node, ctx);
    while (wrap.length) kids = wrapIn(wrap.pop(), kids);
    return kids;
  }

  function cellKids(kids) {
    while (kids.length && (kids[kids.length - 1].n === "br" || blank(kids[kids.length - 1]))) kids.pop();
    return kids;
  }
  function only(kids, names) {
    return kids.filter(function (x) { return typeof x === "object" && names.indexOf(x.n) >= 0; });
  }

  function convert(node, ctx) {
    if (typeof node === "string") return [node];
    var name = node.name, a = node.attrs, style = (a.style || "").toLowerCase(), kids;
    if (DROP[name] || /^v:/.test(name) || /display\s*:\s*none|mso-hide\s*:\s*all/.test(style)) return [];
    if (/mso-list\s*:\s*ignore/.test(style)) {
      ctx.st.marker += textOf(node);
      return [];
    }
    if (/^h\d$/.test(name)) {
      ctx.st.marker = "";
      kids = inner(node, derive(ctx, "strong"));
      // A numbered heading keeps its number as text.
      if (ctx.st.marker.trim() && /mso-list/.test(style)) kids.unshift(ctx.st.marker.trim() + " ");
      if (ctx.cell || kids.some(isBlock)) return kids;
      var level = Math.min(4, Math.max(2, +name[1] + ctx.st.shift));
      return [el("h" + level, "", kids)];
    }
    if (name === "p" || BOX[name]) {
      kids = inner(node, ctx);
      if (kids.some(isBlock)) return kids;
      if (ctx.cell) return name === "p" || name === "div" ? kids.concat(el("br")) : kids;
      return [el("p", "", kids)];
    }
    if (name === "ul" || name === "ol") {
      var items = [];
      kidsOf(node, derive(ctx, "cell", false)).forEach(function (x) {
        if (x.n === "li") items.push(x);
        else if ((x.n === "ul" || x.n === "ol") && items.length) items[items.length - 1].k.push(x);
        else if (!blank(x)) items.push(el("li", "", [x]));
      });
      var start = name === "ol" && /^\d+$/.test(a.start || "") && a.start !== "1" ? " start=\"" + a.start + "\"" : "";
      return items.length ? [el(name, start, items)] : [];
    }
    if (name === "li") return [el("li", "", cellKids(inner(node, derive(ctx, "cell"))))];
    if (name === "table") {
      var parts = [], body = null;
      kidsOf(node, ctx).forEach(function (x) {
        if (x.n === "tr") {
          if (!body) parts.push(body = el("tbody"));
          body.k.push(x);
        } else if (x.n === "thead" || x.n === "tbody") {
          parts.push(x);
          body = null;
        }
      });
      return parts.length ? [el("table", "", parts)] : [];
    }
    if (name === "thead" || name === "tbody" || name === "tfoot") {
      return [el(name === "thead" ? "thead" : "tbody", "", only(kidsOf(node, ctx), ["tr"]))];
    }
    if (name === "tr") return [el("tr", "", only(kidsOf(node, ctx), ["td", "th"]))];
    if (name === "td" || name === "th") {
      var span = "";
      ["colspan", "rowspan"].concat(name === "th" ? ["scope"] : []).forEach(function (k) {
        var v = (a[k] || "").trim();
        if (k === "scope" ? /^(row|col|rowgroup|colgroup)$/.test(v) : /^\d+$/.test(v) && v !== "1") {
          span += " " + k + "=\"" + v + "\"";
        }
      });
      return [el(name, span, cellKids(inner(node, derive(ctx, "cell"))))];
    }
    if (name === "blockquote" || name === "figure") {
      kids = kidsOf(node, derive(ctx, "cell", false));
      return [el(name, "", name === "figure" ? kids : paragraphs(kids))];
    }
    if (name === "figcaption") return [el(name, "", inner(node, derive(ctx, "cell")))];
    if (name === "br") return [el("br")];
    if (name === "img") {
      var src = localSrc(a.src);
      if (!src) return [];
      var attrs = " src=\"" + escAttr(src) + "\" alt=\"" + escAttr(a.alt || "") + "\"";
      ["width", "height"].forEach(function (k) {
        if (/^\d+$/.test(a[k] || "")) attrs += " " + k + "=\"" + a[k] + "\"";
      });
      return [el("img", attrs)];
    }
    if (name === "a") {
      var href = safeHref(a.href);
      kids = inner(node, derive(ctx, "a"));
      if (!href || ctx.a || kids.some(isBlock)) return kids;
      return [el("a", " href=\"" + escAttr(href) + "\"", kids)];
    }
    return inner(node, ctx);
  }

  // Inline runs beside blocks become paragraphs.
  function paragraphs(nodes) {
    if (!nodes.some(isBlock)) return nodes.some(function (x) { return !blank(x); }) ? [el("p", "", nodes)] : [];
    var out = [], run = [];
    function flush() {
      if (run.some(function (x) { return !blank(x); })) out.push(el("p", "", run));
      run = [];
    }
    nodes.forEach(function (x) {
      if (isBlock(x)) { flush(); out.push(x); } else run.push(x);
    });
    flush();
    return out;
  }

  var KEEP_EMPTY = set("td th tr tbody thead br img");
  function str(x) { return typeof x === "string"; }
  // Whitespace collapsed, empty elements dropped, neighbours merged, blocks trimmed.
  function tidy(nodes, inBlock) {
    var out = [];
    function text(t) {
      if (str(out[out.length - 1])) out[out.length - 1] += t;
      else out.push(t);
    }
    nodes.forEach(function (x) {
      if (str(x)) return text(x.replace(/&nbsp;|&#160;|&#xa0;|\u00a0/gi, " ").replace(/\s+/g, " "));
      x.k = tidy(x.k, BLOCK[x.n] === true);
      var prev = out[out.length - 1];
      if (!KEEP_EMPTY[x.n] && !x.k.some(function (y) { return !str(y) || /\S/.test(y); })) {
        // An empty inline element still separates words.
        if (!BLOCK[x.n] && x.k.length) text(" ");
        return;
      }
      if (x.n === "br" && (isBlock(prev) || (!inBlock && !prev))) return;
      if (isBlock(x) && prev && prev.n === "br") out.pop();
      prev = out[out.length - 1];
      if (prev && !str(prev) && prev.n === x.n && !x.a && !prev.a && !BLOCK[x.n] && x.n !== "br") {
        prev.k = tidy(prev.k.concat(x.k), false);
        return;
      }
      out.push(x);
    });
    if (out.some(isBlock)) out = out.filter(function (x) { return !str(x) || /\S/.test(x); });
    if (inBlock) {
      while (out.length && out[out.length - 1].n === "br") out.pop();
      while (out.length && out[0].n === "br") out.shift();
      if (str(out[0])) out[0] = out[0].replace(/^ /, "");
      if (str(out[out.length - 1])) out[out.length - 1] = out[out.length - 1].replace(/ $/, "");
      out = out.filter(function (x) { return x !== ""; });
    }
    return out;
  }

  function serialise(nodes, top) {
    var s = "";
    nodes.forEach(function (x, i) {
      if (typeof x === "string") { s += escText(x); return; }
      if (top && i > 0 && isBlock(x)) s += "\n";
      s += "<" + x.n + x.a + ">";
      if (x.n !== "br" && x.n !== "img") s += serialise(x.k) + "</" + x.n + ">";
    });
    return s;
  }

  /**
   * Cleans HTML from the clipboard (or the editor). Options: `styles` (default true) reads
   * bold/italic/underline from inline styles (Google Docs); the editor's own content passes
   * false, since browsers add styled spans while editing.
   */
  function clean(html, options) {
    var styles = !(options && options.styles === false);
    var st = { marker: "", shift: /<h1[\s>]/i.test(html) ? 1 : 0, styles: styles };
    var ctx = { st: st };
    var nodes = tidy(kidsOf(parse(String(html || "")), ctx), false);
    nodes = nodes.some(isBlock) ? tidy(paragraphs(nodes), false) : tidy(nodes, true);
    return serialise(nodes, true);
  }

  /** Plain text as HTML: blank lines separate paragraphs, other line breaks become <br>. */
  function fromText(text) {
    return String(text || "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/).map(function (p) {
      p = p.trim();
      return p ? "<p>" + p.split("\n").map(function (l) { return escAttr(l.trim()); }).join("<br>") + "</p>" : "";
    }).filter(Boolean).join("\n");
  }

  /** Does the text hold markup (a tag, a comment, a doctype)? "Điểm < 5" does not. */
  function isHtml(text) { return /<[a-zA-Z!\/?]/.test(String(text || "")); }

  var api = { clean: clean, fromText: fromText, isHtml: isHtml, safeHref: safeHref };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.LantoaPaste = api;
})(this);
