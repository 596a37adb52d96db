/* Live progress of a solve on the term dashboard: poll the job's JSON every second until it ends. */
(function () {
  "use strict";
  var panel = document.getElementById("job");
  if (!panel || panel.getAttribute("data-active") !== "1") return;
  var url = panel.getAttribute("data-progress-url");
  var lang = document.documentElement.lang || undefined;
  var number = function (value, digits) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString(lang, { maximumFractionDigits: digits || 0 });
  };
  var set = function (name, text) {
    panel.querySelectorAll('[data-field="' + name + '"]').forEach(function (el) { el.textContent = text; });
  };
  var tick = function () {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        set("status_label", job.status_label);
        set("objective", number(job.objective));
        set("bound", number(job.bound));
        set("gap", job.gap === null ? "—" : (100 * job.gap).toFixed(1) + "%");
        set("elapsed", number(job.elapsed, 1));
        set("sessions_placed", job.sessions_placed);
        set("sessions_total", job.sessions_total);
        var bar = panel.querySelector('[data-field="bar"]');
        if (bar) {
          bar.parentNode.classList.toggle("indeterminate", !job.elapsed);
          bar.style.width = job.elapsed ? Math.min(100, (100 * job.elapsed) / job.time_limit) + "%" : "";
        }
        panel.querySelectorAll(".badge").forEach(function (badge) { badge.className = "badge " + job.status; });
        if (job.active) {
          window.setTimeout(tick, 1000);
        } else {
          panel.setAttribute("data-active", "0");
          window.location.reload(); // the new version, its score and the publish button come with the page
        }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  };
  window.setTimeout(tick, 1000);
})();
