// Adds the viewer's own time zone to every <time datetime> element, beside the UTC time the server wrote.
// The page says everything without this script; it only adds the local reading.
(function () {
  "use strict";
  function localise(root) {
    var times = (root || document).querySelectorAll("time[datetime]:not([data-local])");
    for (var i = 0; i < times.length; i++) {
      var t = times[i];
      var at = new Date(t.getAttribute("datetime"));
      if (isNaN(at)) { continue; }
      var local = at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium", timeZoneName: "short" });
      var abs = t.querySelector(".abs");
      if (abs) { abs.textContent = "(" + t.getAttribute("title") + " · " + local + ")"; }
      t.setAttribute("data-local", local);
    }
  }
  document.addEventListener("DOMContentLoaded", function () { localise(document); });
  document.addEventListener("htmx:afterSwap", function (e) { localise(e.target.parentNode || document); });
  document.addEventListener("htmx:sseMessage", function () { localise(document); });
})();

// Output boxes (a jump line's output): those marked data-tail open at their end, where a failure shows; a box keeps
// where its reader scrolled to when the part of the page it is in is refreshed.
(function () {
  "use strict";
  var kept = {};
  function boxes() { return document.querySelectorAll("pre.output[id]"); }
  document.addEventListener("htmx:beforeSwap", function () {
    kept = {};
    boxes().forEach(function (b) {
      kept[b.id] = { top: b.scrollTop, atEnd: b.scrollHeight - b.scrollTop - b.clientHeight < 4 };
    });
  });
  function place(b) {
    var k = kept[b.id];
    if (k && !k.atEnd) { b.scrollTop = k.top; }
    else if (k || b.hasAttribute("data-tail")) { b.scrollTop = b.scrollHeight; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("pre.output[data-tail]").forEach(function (b) { b.scrollTop = b.scrollHeight; });
  });
  document.addEventListener("htmx:afterSettle", function () { boxes().forEach(place); kept = {}; });
})();
