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
        fetch(f.action, { method: "POST", body: data, credentials: "same-origin" })
          .then(function (response) {
            if (response.redirected) { window.location.href = response.url; return null; }
            return response.text();
          })
          .then(function (html) { if (html !== null) show(html); })
          .catch(function () { f.submit(); });
      });
    });
  };

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".timegrid .session.block, .agenda .session");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    if (link.getAttribute("data-dragged")) { event.preventDefault(); link.removeAttribute("data-dragged"); return; }
    event.preventDefault();
    open(link);
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !aside.hidden) close(); });
})();
