// Follows a planning run on its week's page (templates/coordinator/_job.html): polls
// GET /api/jobs/<id> every second, moves the bar and the figures, and reloads the page when
// the run changes state, so that the server renders what comes next. The page carries
// every word; this script writes only numbers.
(function () {
  "use strict";

  var box = document.querySelector("[data-job-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-job-url");
  var shown = box.getAttribute("data-status");
  var bar = box.querySelector("progress");
  var whole = new Intl.NumberFormat(document.documentElement.lang || "fi", {
    maximumFractionDigits: 0,
    useGrouping: false, // as the page writes them: 1237, not 1,237
  });

  function put(name, value) {
    var element = box.querySelector('[data-job="' + name + '"]');
    if (element) {
      element.textContent = value === null || value === undefined ? "\u2013" : value;
    }
  }

  function figure(value) {
    return value === null || value === undefined ? null : whole.format(value);
  }

  function gap(progress) {
    if (progress.objective === null || progress.bound === null || !(progress.objective > 0)) {
      return null;
    }
    var percent = (100 * (progress.objective - progress.bound)) / progress.objective;
    return whole.format(percent) + "\u00a0%";
  }

  function show(job) {
    var progress = job.progress;
    if (bar && progress.elapsed !== null) {
      bar.value = Math.min(progress.elapsed, job.time_limit);
    }
    put("elapsed", figure(progress.elapsed));
    put("objective", figure(progress.objective));
    put("gap", gap(progress));
    put("placed", figure(progress.placed));
    put("items", figure(progress.items));
  }

  function later() {
    window.setTimeout(poll, 1000);
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        // Logged out (the login page), no longer allowed, or the run is gone: a reload
        // lets the server say so.
        if (response.redirected || [401, 403, 404].indexOf(response.status) >= 0) {
          window.location.reload();
          return null;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (job) {
        if (job === null) {
          return;
        }
        if (job.status !== shown) {
          window.location.reload();
          return;
        }
        show(job);
        later();
      })
      .catch(later); // a passing network or server hiccup: ask again
  }

  later();
})();
