// A background job's progress (seating, guest import): poll the section's data-poll URL, show
// the progress and message, reload the page when the job is done or failed. Without this
// file the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";

  function pollJob(section) {
    var url = section.getAttribute("data-poll");
    var bar = document.getElementById("job-progress");
    var text = document.getElementById("job-message");
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          bar.value = job.progress;
          bar.textContent = Math.round(job.progress * 100) + " %";
          text.textContent = job.message || "";
          if (job.status === "done" || job.status === "failed") {
            window.location.reload();
          } else {
            window.setTimeout(tick, 400);
          }
        })
        .catch(function () { window.setTimeout(tick, 2000); });
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var job = document.getElementById("job");
    if (job && job.getAttribute("data-poll")) { pollJob(job); }
  });
})();
