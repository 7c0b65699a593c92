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
