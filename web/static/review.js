// The review page: tabs between the three week views, a lane filter per view, printing.
// Without JavaScript all three views show one after another; nothing here is needed to use them.
(function () {
  "use strict";

  function setUpTabs() {
    var list = document.querySelector("[data-tabs]");
    if (!list) return;
    var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
    var views = tabs.map(function (tab) { return document.getElementById(tab.getAttribute("aria-controls")); });

    function show(key, focus) {
      tabs.forEach(function (tab, i) {
        var on = tab.dataset.tab === key;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        views[i].hidden = !on;
        if (on && focus) tab.focus();
      });
    }

    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () {
        show(tab.dataset.tab, false);
        history.replaceState(null, "", "#" + tab.dataset.tab);
      });
      // Arrow keys move between tabs, as the ARIA tabs pattern has it.
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        var next = tabs[(i + step + tabs.length) % tabs.length];
        show(next.dataset.tab, true);
        history.replaceState(null, "", "#" + next.dataset.tab);
        event.preventDefault();
      });
    });
    var wanted = location.hash.slice(1);
    var known = tabs.some(function (tab) { return tab.dataset.tab === wanted; });
    show(known ? wanted : tabs[0].dataset.tab, false);
    list.hidden = false;
  }

  function setUpFilters() {
    document.querySelectorAll("[data-lane-filter]").forEach(function (select) {
      var view = select.closest("[data-view]");
      select.closest("label").hidden = false;
      select.addEventListener("change", function () {
        view.querySelectorAll("[data-lane]").forEach(function (lane) {
          lane.hidden = select.value !== "" && lane.dataset.lane !== select.value;
        });
      });
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  setUpTabs();
  setUpFilters();
  setUpPrint();
})();
