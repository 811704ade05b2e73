// Record forms: a filter box for long lists of choices, and focus on the error summary.
// Without JavaScript the forms work the same; this only helps with long lists.
(function () {
  "use strict";

  // Long lists of choices (a group's members) get a filter box.
  document.querySelectorAll(".options.long").forEach(function (list, i) {
    var input = document.createElement("input");
    var label = document.createElement("label");
    var box = document.createElement("div");
    input.type = "search";
    input.id = "filter-" + i;
    label.htmlFor = input.id;
    label.textContent = list.dataset.filterLabel;
    box.className = "filter";
    box.append(label, input);
    list.before(box);
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      list.querySelectorAll("label.check").forEach(function (item) {
        var chosen = item.querySelector("input").checked;
        item.hidden = q !== "" && !chosen && item.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });

  // Keyboard and screen reader users start at the list of what to correct.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
