// Names and descriptions for the controls that scripts create after the page loads, on every admin
// page (loaded last by templates/admin/app_base.html; a file, so the Content-Security-Policy allows it).
//
// The server-rendered controls are labelled in the templates. What is made here is made by
// Flask-Admin's scripts and by select2, which leave it unnamed:
// - a list filter's row (bs4_filters.js): its operation and value fields and its remove button;
// - a journal row added with "Tambah Jurnal kerja" (form.js): its labels keep pointing at the
//   template's ids, so they are pointed at the row's own fields;
// - a select2 box: its focusable part was named by the chosen value only ("DLH"), not by the
//   field's label ("Instansi");
// - a form field's help text and error message: tied to the field with aria-describedby, and a
//   field with an error is marked aria-invalid.
// A MutationObserver catches what the scripts add later (a filter chosen, a row added).
(function () {
  "use strict";

  var counter = 0;

  function idOf(element, prefix) {
    if (!element.id) {
      counter += 1;
      element.id = prefix + "-" + counter;
    }
    return element.id;
  }

  function text(element) {
    return (element && element.textContent ? element.textContent : "").replace(/[×*]/g, "").replace(/\s+/g, " ").trim();
  }

  function describe(control, element) {
    var ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    var id = idOf(element, "keterangan");
    if (ids.indexOf(id) === -1) {
      ids.push(id);
      control.setAttribute("aria-describedby", ids.join(" "));
    }
  }

  // A filter row: "× Status" [operation] [value].
  function labelFilterRow(row) {
    var remove = row.querySelector(".remove-filter");
    var name = text(remove);
    if (!name) {
      return;
    }
    remove.setAttribute("aria-label", "Hapus filter " + name);
    var operation = row.querySelector("select.filter-op");
    if (operation) {
      operation.setAttribute("aria-label", name + ": cara menyaring");
    }
    row.querySelectorAll(".filter-val").forEach(function (value) {
      value.setAttribute("aria-label", name + ": nilai filter");
    });
  }

  // A journal row added from the template: form.js renames the fields (`work_date` →
  // `hour_logs-3-work_date`) but not what points at them. Labels, the date hints' ids and the
  // aria-describedby pointing at them follow, so no id repeats from one new row to the next.
  function fixRowLabels(row) {
    var prefix = row.id;
    if (!prefix || row.getAttribute("data-ids-fixed")) {
      return;
    }
    row.setAttribute("data-ids-fixed", "1");
    row.querySelectorAll("label[for]").forEach(function (label) {
      var target = label.getAttribute("for");
      if (target.indexOf(prefix + "-") !== 0 && document.getElementById(prefix + "-" + target)) {
        label.setAttribute("for", prefix + "-" + target);
      }
    });
    row.querySelectorAll("[aria-describedby]").forEach(function (control) {
      var ids = control.getAttribute("aria-describedby").split(/\s+/).map(function (id) {
        var hint = id.indexOf(prefix + "-") !== 0 ? row.querySelector('[id="' + id + '"]') : null;
        if (hint) {
          hint.id = prefix + "-" + id;
          return hint.id;
        }
        return id;
      });
      control.setAttribute("aria-describedby", ids.join(" "));
    });
  }

  // The element a select2 box stands for: select2 3.5 puts its box just before it (our name span
  // may sit between them).
  function originalOf(container) {
    var next = container.nextElementSibling;
    while (next && next.classList.contains("select2-field-name")) {
      next = next.nextElementSibling;
    }
    return next && (next.tagName === "SELECT" || next.tagName === "INPUT") ? next : null;
  }

  // A select2 box is named by its field: the <label for> of the element it stands for, or that
  // element's aria-label (a list filter's fields, named by labelFilterRow).
  function labelSelect2(container) {
    var original = originalOf(container);
    if (!original) {
      return;
    }
    var label = original.id ? document.querySelector('label[for="' + original.id + '"]') : null;
    var name = label ? text(label) : original.getAttribute("aria-label");
    if (!name) {
      return;
    }
    container.querySelectorAll("input.select2-input").forEach(function (search) {
      // A single box's search field, or a multiple box's typing field (the "dalam daftar" filters).
      search.setAttribute("aria-label", container.classList.contains("select2-container-multi") ? name : "Cari " + name);
    });
    var focusser = container.querySelector("input.select2-focusser");
    var chosen = container.querySelector(".select2-chosen");
    if (!focusser || !chosen) {
      return;
    }
    // The field's name first, then the value chosen: "Instansi, DLH". Beside the box, not in it:
    // select2 owns what is inside.
    var nameElement = container.nextElementSibling;
    if (!nameElement || !nameElement.classList.contains("select2-field-name")) {
      nameElement = document.createElement("span");
      nameElement.className = "select2-field-name sr-only";
      nameElement.setAttribute("aria-hidden", "true");
      container.parentNode.insertBefore(nameElement, container.nextSibling);
    }
    if (nameElement.textContent !== name) {
      // Only when it changed: setting it is itself a change the observer would see again.
      nameElement.textContent = name;
    }
    focusser.setAttribute("aria-labelledby", idOf(nameElement, "nama-pilihan") + " " + idOf(chosen, "pilihan"));
  }

  // select2's open list: its search box says which list it controls (ARIA 1.2 asks aria-controls,
  // select2 3.5 gives aria-owns), and its messages ("Tidak ada yang cocok", "Mencari…") are read as
  // options that cannot be chosen instead of stray list items in a listbox.
  function fixSelect2Drop(drop) {
    var search = drop.querySelector("input.select2-input[aria-owns]");
    if (search && !search.getAttribute("aria-controls")) {
      search.setAttribute("aria-controls", search.getAttribute("aria-owns"));
    }
    drop
      .querySelectorAll(
        ".select2-results > li.select2-no-results, .select2-results > li.select2-searching," +
          " .select2-results > li.select2-more-results, .select2-results > li.select2-selection-limit," +
          " .select2-results > li.select2-ajax-error"
      )
      .forEach(function (message) {
        message.setAttribute("role", "option");
        message.setAttribute("aria-disabled", "true");
      });
  }

  // Help text and errors of a form field (Flask-Admin's lib.render_field layout).
  function describeField(group) {
    var label = group.querySelector(":scope > label[for]");
    var control = label ? document.getElementById(label.getAttribute("for")) : null;
    if (!control) {
      return;
    }
    var required = label.querySelector("strong.text-danger");
    if (required) {
      // The asterisk is seen; `required` already says it to a screen reader.
      required.setAttribute("aria-hidden", "true");
    }
    group.querySelectorAll(":scope > .invalid-feedback, :scope > .form-text, :scope > .input-group > .invalid-feedback").forEach(
      function (element) {
        describe(control, element);
      }
    );
    if (group.querySelector(".invalid-feedback") || control.classList.contains("is-invalid")) {
      control.setAttribute("aria-invalid", "true");
    }
  }

  // Everything above, on the whole page; each step only sets what is missing or changed.
  function enhance() {
    document.querySelectorAll(".inline-field.fresh").forEach(fixRowLabels);
    document.querySelectorAll(".form-group").forEach(describeField);
    document.querySelectorAll("table.filters tr").forEach(labelFilterRow);
    document.querySelectorAll(".select2-container").forEach(labelSelect2);
    document.querySelectorAll(".select2-drop").forEach(fixSelect2Drop);
  }

  function start() {
    enhance();
    // The observer runs after the script that changed the page has finished its step (a row added
    // and its select2 boxes made, a result list filled), before anything else can look.
    new MutationObserver(enhance).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
