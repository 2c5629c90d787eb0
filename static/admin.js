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

// The work-plan dropdown of the placement form offers only the chosen agency's lines. Every option
// names its agency in data-agency; the full list is kept here and the dropdown rebuilt from it when
// the agency changes (by mouse, keyboard or select2). A line of another agency that was chosen is
// dropped back to "— pilih —". The server refuses such a line anyway (models.Placement).
(function ($) {
  if (!$) {
    return;
  }
  $(function () {
    var $agency = $("select#agency");
    var $commitment = $("select#commitment");
    if (!$agency.length || !$commitment.length || !$commitment.find("option[data-agency]").length) {
      return;
    }
    var all = $commitment.find("option").clone();
    function narrow() {
      var agency = $agency.val();
      var chosen = $commitment.val();
      var kept = all.filter(function () {
        var owner = this.getAttribute("data-agency");
        return owner === null || owner === agency;
      }).clone();
      $commitment.empty().append(kept);
      var stillThere = kept.filter(function () {
        return this.value === chosen;
      }).length > 0;
      $commitment.val(stillThere ? chosen : kept.first().val());
      // select2 redraws its box from the select on "change".
      $commitment.trigger("change");
    }
    $agency.on("change", narrow);
    narrow();
  });
})(window.jQuery);
