"""The script every preview page loads from `/_preview/reload.js`.

It polls `/_preview/state`, reloads the page when a new build is in, and shows the
current problems in an overlay (text set with textContent only: problem messages quote
content). Styles are set through the CSSOM, which the preview CSP allows.
"""

RELOAD_JS = """\
(function () {
  "use strict";
  var seen = null;
  var hidden = false;
  var shownProblems = "";
  var onIndex = location.pathname.indexOf("/_preview/") === 0;
  var waiting = document.querySelector('meta[name="omcreport-preview-waiting"]') !== null;

  function style(el, rules) {
    for (var key in rules) { el.style[key] = rules[key]; }
    return el;
  }

  function overlay() {
    var box = document.getElementById("omcreport-preview-problems");
    if (box) { return box; }
    box = style(document.createElement("section"), {
      position: "fixed", left: "1rem", right: "1rem", bottom: "1rem", maxHeight: "60vh",
      overflow: "auto", zIndex: "2147483647", background: "#fff8f7", color: "#3b0a05",
      border: "2px solid #b3261e", borderRadius: "6px", padding: "0.75rem 1rem",
      font: "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      boxShadow: "0 4px 24px rgba(0,0,0,0.25)"
    });
    box.id = "omcreport-preview-problems";
    box.setAttribute("role", "alert");
    document.body.appendChild(box);
    return box;
  }

  // As omcreport.wording.count_noun: "1 error", "2 errors".
  function count(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function render(state) {
    var old = document.getElementById("omcreport-preview-problems");
    if (!state.problems.length || hidden) { if (old) { old.remove(); } return; }
    var box = overlay();
    box.replaceChildren();
    var errors = state.problems.filter(function (p) { return p.severity === "error"; }).length;
    var title = document.createElement("strong");
    title.textContent = errors
      ? "omcreport preview: " + count(errors, "error") + " in content; showing the last good build"
      : "omcreport preview: " + count(state.problems.length, "warning");
    var close = style(document.createElement("button"), { float: "right" });
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", function () { hidden = true; box.remove(); });
    var list = style(document.createElement("ul"), { margin: "0.5rem 0 0", paddingLeft: "1.25rem" });
    state.problems.forEach(function (p) {
      var item = document.createElement("li");
      item.textContent = p.path
        ? p.path + ":" + p.line + ":" + p.col + ": " + p.severity + "[" + p.code + "]: " + p.message
        : p.severity + ": " + p.message;
      list.appendChild(item);
    });
    box.append(close, title, list);
  }

  function poll() {
    fetch("/_preview/state", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        var mark = onIndex ? state.generation + "/" + state.reports_generation : String(state.generation);
        if ((seen !== null && mark !== seen) || (waiting && state.generation > 0)) { location.reload(); return; }
        var problems = JSON.stringify(state.problems);
        if (problems !== shownProblems) { hidden = false; shownProblems = problems; }
        seen = mark;
        render(state);
        setTimeout(poll, 400);
      })
      .catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
"""
