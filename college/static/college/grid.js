/* The coordinators' week grid: a click on a session opens its panel beside the grid (without JavaScript, the
   session's own page opens); the panel's forms post as usual and come back to the grid. */
(function () {
  "use strict";
  var aside = document.getElementById("session-panel");
  if (!aside) return;

  var withPanel = function (url) { return url + (url.indexOf("?") < 0 ? "?" : "&") + "panel=1"; };

  var show = function (html) {
    aside.innerHTML = html;
    aside.hidden = false;
    document.body.classList.add("panel-open");
    wire(aside);
    var title = aside.querySelector("h2");
    if (title) { title.setAttribute("tabindex", "-1"); title.focus(); }
  };

  var close = function () {
    document.querySelectorAll(".session.block.ghost").forEach(function (g) { g.remove(); });
    aside.hidden = true;
    aside.innerHTML = "";
    document.body.classList.remove("panel-open");
    document.querySelectorAll(".session.block.selected").forEach(function (b) { b.classList.remove("selected"); });
  };

  var open = function (link) {
    document.querySelectorAll(".session.block.selected").forEach(function (b) { b.classList.remove("selected"); });
    link.classList.add("selected");
    fetch(withPanel(link.href), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(show)
      .catch(function () { window.location.href = link.href; });
  };

  // Move fields only matter when moving; a form posted from the panel answers with the panel (or the grid).
  var wire = function (root) {
    root.querySelectorAll("[data-close-panel]").forEach(function (a) {
      a.addEventListener("click", function (event) { event.preventDefault(); close(); });
    });
    var form = root.querySelector("#one-off-form");
    if (form) {
      var toggle = function () {
        var moving = form.querySelector("input[name=action]:checked");
        form.querySelector(".move-fields").hidden = !(moving && moving.value === "move");
      };
      form.querySelectorAll("input[name=action]").forEach(function (r) { r.addEventListener("change", toggle); });
      toggle();
    }
    root.querySelectorAll("form").forEach(function (f) {
      f.addEventListener("submit", function (event) {
        if (f.getAttribute("data-confirm") && !window.confirm(f.getAttribute("data-confirm"))) { event.preventDefault(); return; }
        event.preventDefault();
        var data = new FormData(f);
        data.append("panel", "1");
        var get = (f.getAttribute("method") || "get").toLowerCase() === "get";
        var target = f.getAttribute("action");  // not f.action: a field named "action" hides it
        var url = get ? target + "?" + new URLSearchParams(data).toString() : target;
        fetch(url, get ? { credentials: "same-origin" } : { method: "POST", body: data, credentials: "same-origin" })
          .then(function (response) {
            if (response.status === 204) { window.location.href = response.headers.get("X-Location"); return null; }
            return response.text();
          })
          .then(function (html) { if (html !== null) show(html); })
          .catch(function () { f.submit(); });
      });
    });
  };

  // In a draft, a session is dragged to another day and start (snapped to the term's start times); dropping it
  // asks the server for a preview in the panel, and nothing is saved before "Save this move".
  var grid = document.querySelector(".timegrid[data-editable]");
  if (grid) {
    var first = Number(grid.getAttribute("data-first"));
    var starts = grid.getAttribute("data-starts").split(",").map(Number);
    var minutes = function () { return Number(getComputedStyle(grid).getPropertyValue("--minutes")); };
    var perMinute = function () { return grid.querySelector(".tg-body").getBoundingClientRect().height / minutes(); };
    var hhmm = function (m) { return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0"); };
    var drag = null;

    var target = function (event) {
      var column = document.elementsFromPoint(event.clientX, event.clientY).find(function (el) {
        return el.classList && el.classList.contains("tg-day");
      });
      if (!column) return null;
      var top = column.getBoundingClientRect().top;
      var wanted = first + (event.clientY - drag.grab - top) / perMinute();
      var start = starts.reduce(function (best, s) { return Math.abs(s - wanted) < Math.abs(best - wanted) ? s : best; }, starts[0]);
      return { column: column, weekday: Number(column.getAttribute("data-weekday")), start: start };
    };

    grid.addEventListener("dragstart", function (event) { event.preventDefault(); });  // not the browser's link drag
    grid.addEventListener("pointerdown", function (event) {
      var block = event.target.closest(".session.block");
      if (!block || event.button !== 0 || block.classList.contains("pinned")) return;
      drag = { block: block, x: event.clientX, y: event.clientY, grab: event.clientY - block.getBoundingClientRect().top,
               ghost: null, to: null };
    });
    document.addEventListener("pointermove", function (event) {
      if (!drag) return;
      if (!drag.ghost) {
        if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 6) return;
        drag.ghost = drag.block.cloneNode(true);
        drag.ghost.classList.add("ghost");
        drag.ghost.removeAttribute("href");
        drag.block.classList.add("dragging");
      }
      event.preventDefault();
      var to = target(event);
      if (!to) return;
      drag.to = to;
      drag.ghost.style.setProperty("--top", to.start - first);
      drag.ghost.style.setProperty("--lane", 0);
      drag.ghost.style.setProperty("--lanes", 1);
      var length = Number(drag.block.getAttribute("data-length"));
      drag.ghost.querySelector(".t").textContent = hhmm(to.start) + "–" + hhmm(to.start + length);
      if (drag.ghost.parentNode !== to.column) to.column.appendChild(drag.ghost);
    });
    document.addEventListener("pointercancel", function () {
      if (drag && drag.ghost) { drag.ghost.remove(); drag.block.classList.remove("dragging"); }
      drag = null;
    });
    document.addEventListener("pointerup", function () {
      if (!drag) return;
      var done = drag;
      drag = null;
      if (!done.ghost) return;  // a click: the panel opens as usual
      done.block.setAttribute("data-dragged", "1");  // the click that ends a drag opens nothing
      window.setTimeout(function () { done.block.removeAttribute("data-dragged"); }, 0);
      done.block.classList.remove("dragging");
      document.querySelectorAll(".session.block.ghost").forEach(function (g) { if (g !== done.ghost) g.remove(); });
      if (!done.to) { done.ghost.remove(); return; }
      var url = done.block.href + "&weekday=" + done.to.weekday + "&start=" + done.to.start;
      document.querySelectorAll(".session.block.selected").forEach(function (b) { b.classList.remove("selected"); });
      done.block.classList.add("selected");
      fetch(withPanel(url), { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(show)
        .catch(function () { window.location.href = url; });
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".timegrid .session.block, .agenda .session");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    if (link.getAttribute("data-dragged")) { event.preventDefault(); link.removeAttribute("data-dragged"); return; }
    event.preventDefault();
    open(link);
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !aside.hidden) close(); });
})();
