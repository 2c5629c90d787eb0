// Confirmation before destructive buttons (data-confirm="question"). It replaces Flask-Admin's
// inline onclick handlers, which the Content-Security-Policy of this application blocks.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopPropagation();
  }
});
