/* Kebiao pages: small progressive enhancements; every page works without JavaScript. */
(function () {
  "use strict";

  // Filters apply as soon as a choice changes (the submit button stays for keyboards and no-JS).
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("select")) form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });

  // On phones, unused filters fold away behind a button (without JavaScript they simply stay open).
  document.querySelectorAll("details[data-fold-on-phones]").forEach(function (box) {
    if (window.matchMedia("(max-width: 719px)").matches) box.open = false;
  });

  // "Copy" buttons next to calendar links.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.querySelector(button.getAttribute("data-copy"));
      if (!input) return;
      input.select();
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-copied") || "✓";
        setTimeout(function () { button.textContent = label; }, 1600);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });

  // Confirm before destructive or public actions (publish, roll back, new private link).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });

  // Print button on the poster.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
