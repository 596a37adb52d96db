// The 点单 survey's live warnings: two chosen groups that meet at the same time, and chosen groups outside the
// ticked free time. The server saves whatever passes its checks; these only help while picking.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  var dataNode = document.getElementById("survey-data");
  var texts = document.getElementById("survey-texts");
  var out = document.getElementById("survey-warnings");
  if (!form || !dataNode || !texts || !out) return;
  var data = JSON.parse(dataNode.textContent);

  function hhmm(m) { return String(Math.floor(m / 60)).padStart(2, "0") + ":" + String(m % 60).padStart(2, "0"); }
  function when(t) { return data.days[t[0]] + " " + hhmm(t[1]) + "–" + hhmm(t[2]); }
  function fill(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; }); }

  function chosenGroups() {
    var seen = [];
    form.querySelectorAll(".wish-list select").forEach(function (s) {
      if (data.groups[s.value] && seen.indexOf(s.value) < 0) seen.push(s.value);
    });
    return seen;
  }

  function freeSpans() {
    var spans = [];
    form.querySelectorAll("input[name=free]:checked").forEach(function (box) {
      var parts = box.value.split("-");
      var span = data.parts[parts[1]];
      spans.push([Number(parts[0]), span[0], span[1]]);
    });
    return spans;
  }

  function inside(t, spans) {
    return spans.some(function (s) { return s[0] === t[0] && s[1] <= t[1] && t[2] <= s[2]; });
  }

  function update() {
    var lines = [];
    var chosen = chosenGroups();
    for (var i = 0; i < chosen.length; i++) {
      for (var j = i + 1; j < chosen.length; j++) {
        var a = data.groups[chosen[i]], b = data.groups[chosen[j]];
        a.times.forEach(function (x) {
          b.times.forEach(function (y) {
            if (x[0] === y[0] && x[1] < y[2] && y[1] < x[2]) {
              lines.push(fill(texts.dataset.clash, { a: a.name, b: b.name, when: when(x) }));
            }
          });
        });
      }
    }
    var spans = freeSpans();
    if (spans.length) {
      chosen.forEach(function (key) {
        var g = data.groups[key];
        g.times.forEach(function (t) {
          if (!inside(t, spans)) lines.push(fill(texts.dataset.outside, { a: g.name, when: when(t) }));
        });
      });
    }
    var copies = [out].concat(Array.prototype.slice.call(document.querySelectorAll("[data-copy-of=survey-warnings]")));
    copies.forEach(function (box) {
      box.innerHTML = "";
      if (!lines.length) return;
      var heading = document.createElement("strong");
      heading.textContent = "⚠ " + out.dataset.heading;
      var list = document.createElement("ul");
      lines.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      box.appendChild(heading);
      box.appendChild(list);
    });
  }

  form.addEventListener("change", update);
  update();
})();
