// Florwork's own behaviour, loaded as a file (the CSP forbids inline scripts).
(function () {
  "use strict";

  // Loaded before Bootstrap Italia's bundle: its video player would otherwise inject a <style>
  // element at start-up, which the CSP (style-src 'self') blocks and reports in the console.
  window.VIDEOJS_NO_DYNAMIC_STYLE = true;

  // <form data-confirm="Question?">: ask before submitting a destructive action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <button data-copy="#input-id" data-copied-label="Copied">: copy a field's value to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) { return; }
    field.select();
    var done = function () {
      var label = button.getAttribute("data-copied-label");
      if (label) { button.textContent = label; }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // An HTMX request that ends with a login redirect (session expired) reloads the whole page there.
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 401) {
      window.location.reload();
    }
  });
})();
