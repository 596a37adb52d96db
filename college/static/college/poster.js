/* The poster's text grows (the --fit factor, from 1 to 3) until the sheet is full; a week too long for one sheet
   names its venues by marks, then flows on to a second sheet. Without JavaScript it prints at its smallest size. */
(function () {
  "use strict";
  var poster = document.querySelector("[data-fit]");
  if (!poster) return;

  function fits(scale) {
    poster.style.setProperty("--fit", String(scale));
    var box = poster.getBoundingClientRect();
    var bottom = box.bottom - parseFloat(getComputedStyle(poster).paddingBottom);
    return poster.lastElementChild.getBoundingClientRect().bottom <= bottom - 2;  // slack for print's own rounding
  }

  function fit() {
    poster.setAttribute("data-measuring", "");  // the grid at its own height, not stretched to the sheet
    poster.removeAttribute("data-overflow");
    poster.removeAttribute("data-marks");
    poster.style.removeProperty("--fit");
    if (window.matchMedia("screen and (max-width: 760px)").matches) {  // the phone layout
      poster.removeAttribute("data-measuring");
      return;
    }
    if (!fits(1)) poster.setAttribute("data-marks", "");
    if (!fits(1)) {
      poster.setAttribute("data-overflow", "");
    } else {
      var low = 1, high = 3;
      for (var step = 0; step < 10; step++) {
        var middle = (low + high) / 2;
        if (fits(middle)) low = middle; else high = middle;
      }
      poster.style.setProperty("--fit", low.toFixed(3));
    }
    poster.removeAttribute("data-measuring");
  }

  fit();
  window.addEventListener("resize", fit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
})();
