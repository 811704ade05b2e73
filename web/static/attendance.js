// One tap per mother, saved at once without reloading the page. Without JavaScript each
// tap is a plain form post that comes back to the same place; this only spares the reload.
(function () {
  "use strict";
  var problem = document.querySelector(".tap-problem");
  var count = document.querySelector(".tap-count");

  function recount() {
    if (!count) { return; }
    var marked = document.querySelectorAll("form[data-tap] button[aria-pressed='true']").length;
    count.textContent = count.textContent.replace(/\d+/, String(marked));
  }

  document.querySelectorAll("form[data-tap]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) { return; }  // the plain post does it
      event.preventDefault();
      var body = new FormData(form);
      body.set("status", button.value);
      form.classList.add("busy");
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        form.classList.remove("busy");
        if (!answer.ok) {
          if (problem) { problem.textContent = answer.data.error || ""; problem.hidden = false; }
          return;
        }
        if (problem) { problem.hidden = true; }
        form.querySelectorAll("button[name='status']").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        document.querySelectorAll("input.record-version").forEach(function (input) {
          input.value = String(answer.data.version);
        });
        recount();
        // "Nothing recorded yet" or the last save's line no longer says what is stored.
        document.querySelectorAll("p.recorded").forEach(function (line) { line.hidden = true; });
      }).catch(function () {
        form.classList.remove("busy");
        // No answer from the server: post the form the plain way, with the tap's status.
        var chosen = document.createElement("input");
        chosen.type = "hidden"; chosen.name = "status"; chosen.value = button.value;
        form.append(chosen);
        form.submit();
      });
    });
  });
})();
