// Confirmation before destructive buttons (data-confirm="question"). It replaces Flask-Admin's
// inline onclick handlers, which the Content-Security-Policy of this application blocks.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopPropagation();
  }
});

// Bulk actions ("Dengan yang dipilih"): Flask-Admin's actions.js does the work once asked.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-model-action]");
  if (link && window.modelActions) {
    event.preventDefault();
    window.modelActions.execute(link.getAttribute("data-model-action"));
  }
});

// "Tambah <row>" under an inline list (the placement's journal rows).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-inline-add]");
  if (button && window.faForm) {
    event.preventDefault();
    window.faForm.addInlineField(button, button.getAttribute("data-inline-add"));
  }
});
