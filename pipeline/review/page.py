"""The report page's style and script, written into the page itself (no file beside it, no
network). The script only reads the page: it filters the tables, shows a fact's details on
click and marks the place a link jumped to; it writes text with textContent, never as HTML."""

CSS = """
:root{--ink:#1d2430;--muted:#5d6675;--line:#d9dde3;--bg:#fbfbfc}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{position:sticky;top:0;z-index:5;background:#243447;color:#fff;padding:.5em 1.2em;display:flex;gap:1.5em;align-items:baseline}
header nav a{color:#cfe3ff;margin-right:1em;text-decoration:none}
header nav a:hover{text-decoration:underline}
main{padding:0 1.2em 4em;max-width:1400px}
section{margin-top:1.2em}
h2{border-bottom:2px solid var(--line);padding-bottom:.2em;margin:.8em 0 .5em}
h3{margin:.2em 0}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid var(--line);padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.range{white-space:nowrap}
td.src{color:var(--muted);font-size:12px;word-break:break-all}
tr[hidden]{display:none}
.scroll{max-height:26em;overflow:auto;border:1px solid var(--line)}
.filters{display:flex;flex-wrap:wrap;gap:.4em 1em;align-items:center;margin:.4em 0;padding:.5em;background:#eef1f5;border-radius:4px}
.filters select,.filters input{font:inherit;padding:.1em .3em}
.filters .count{color:var(--muted);margin-left:auto}
.chip{display:inline-block;background:var(--c);border-radius:3px;padding:0 .35em;font-size:12px;margin:0 .15em .15em 0}
.none,.missing,.meta{color:var(--muted)}
.missing{font-style:italic}
article{background:#fff;border:1px solid var(--line);border-radius:4px;padding:.8em 1em;margin:1em 0}
.text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:15px;line-height:1.7;max-width:60em}
mark.f,article,section,span.c{scroll-margin-top:4em}
span.c:target::before{content:"▶";color:#d43;font-weight:700}
mark.f{background:var(--c);color:inherit;border-radius:2px;padding:0 1px;cursor:pointer;box-shadow:inset 0 -2px rgba(0,0,0,.18)}
mark.f:focus,mark.f.on{outline:2px solid #d43;outline-offset:1px}
mark.f.flash{animation:flash 1.6s ease-out}
@keyframes flash{0%{box-shadow:0 0 0 6px #ff6a3d}100%{box-shadow:0 0 0 0 transparent}}
tr.rel-differs td:first-child{color:#b02a1a;font-weight:600}
tr.rel-same td:first-child{color:#1d7a35;font-weight:600}
aside#detail{position:fixed;right:1em;bottom:1em;width:24em;max-width:90vw;background:#fff;border:1px solid #9aa3af;border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.18);padding:.6em .9em;z-index:10}
aside#detail dl{display:grid;grid-template-columns:auto 1fr;gap:.1em .8em;margin:.2em 0 .4em}
aside#detail dt{color:var(--muted)}
aside#detail dd{margin:0;word-break:break-word}
aside#detail .close{float:right;border:0;background:none;font-size:18px;cursor:pointer}
"""

SCRIPT = """
(function () {
  "use strict";
  function filterTable(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".count");
    function apply() {
      var want = {};
      form.querySelectorAll("select").forEach(function (s) { want[s.name] = s.value; });
      var q = form.querySelector("input[name=q]").value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var ok = (!want.type || r.getAttribute("data-type") === want.type) &&
          (!want.block || r.getAttribute("data-block") === want.block) &&
          (!want.doc || r.getAttribute("data-doc") === want.doc) &&
          (!want.source || (" " + r.getAttribute("data-source") + " ").indexOf(" " + want.source + " ") >= 0) &&
          (!q || r.getAttribute("data-q").indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length;
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  document.querySelectorAll("form.filters").forEach(filterTable);

  var panel = document.getElementById("detail");
  var list = panel.querySelector("dl");
  var current = null;
  var FIELDS = [["type", "type"], ["value", "value"], ["unit", "unit"], ["qualifier", "qualifier"],
    ["source", "source"], ["block", "block"], ["sentence", "sentence no."], ["claim", "claim"]];
  function show(mark) {
    if (current) { current.classList.remove("on"); }
    current = mark;
    mark.classList.add("on");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    var article = mark.closest("article");
    var rows = [["text", mark.textContent], ["document", article ? article.getAttribute("data-doc") : ""]];
    FIELDS.forEach(function (f) { rows.push([f[1], mark.getAttribute("data-" + f[0]) || ""]); });
    rows.forEach(function (pair) {
      if (!pair[1]) { return; }
      var dt = document.createElement("dt");
      var dd = document.createElement("dd");
      dt.textContent = pair[0];
      dd.textContent = pair[1];
      list.appendChild(dt);
      list.appendChild(dd);
    });
    panel.hidden = false;
  }
  document.addEventListener("click", function (e) {
    var mark = e.target.closest ? e.target.closest("mark.f") : null;
    if (mark) { show(mark); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches && e.target.matches("mark.f")) { show(e.target); }
    if (e.key === "Escape") { panel.hidden = true; }
  });
  panel.querySelector(".close").addEventListener("click", function () { panel.hidden = true; });
  function jumped() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.matches("mark.f")) { return; }
    target.classList.remove("flash");
    void target.offsetWidth;
    target.classList.add("flash");
    show(target);
  }
  window.addEventListener("hashchange", jumped);
  jumped();
})();
"""
