// An optional calendar in Indonesian beside every typed date field (inputs with data-calendar).
//
// The field stays a text field that the server reads (24-11-2026, 24/11/2026, 2026-11-24,
// 24 November 2026): the calendar only writes such a text into it. Its button is left out of the
// Tab order, so a keyboard user goes from the date straight to the next field; a mouse user opens
// it, picks a day (Senin first) and the field reads "24-11-2026". Escape or a click elsewhere closes
// it. Everything is built with DOM calls, so the Content-Security-Policy needs no exception.
(function () {
  "use strict";

  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember"];
  var DAYS = [["Sen", "Senin"], ["Sel", "Selasa"], ["Rab", "Rabu"], ["Kam", "Kamis"],
    ["Jum", "Jumat"], ["Sab", "Sabtu"], ["Min", "Minggu"]];
  var open = null; // {input, popup, shown: Date (first of the month shown)}

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // The day a field's text names, in the formats the server reads, or null.
  function parse(text) {
    var cleaned = (text || "").trim().toLowerCase().replace(/\s+/g, " ");
    var match = cleaned.match(/^(\d{1,2})\s*[-\/.]\s*(\d{1,2})\s*[-\/.]\s*(\d{4})$/);
    if (match) return new Date(+match[3], +match[2] - 1, +match[1]);
    match = cleaned.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    if (match) return new Date(+match[1], +match[2] - 1, +match[3]);
    match = cleaned.match(/^(\d{1,2}) ([a-z]+)\.? (\d{4})$/);
    if (match) {
      for (var index = 0; index < MONTHS.length; index++) {
        if (MONTHS[index].toLowerCase().indexOf(match[2].slice(0, 3)) === 0) {
          return new Date(+match[3], index, +match[1]);
        }
      }
    }
    return null;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function close(returnFocus) {
    if (!open) return;
    var input = open.input;
    open.popup.remove();
    input.calendarToggle.setAttribute("aria-expanded", "false");
    open = null;
    if (returnFocus) input.focus();
  }

  function choose(day) {
    var input = open.input;
    input.value = pad(day.getDate()) + "-" + pad(day.getMonth() + 1) + "-" + day.getFullYear();
    input.dispatchEvent(new Event("change", { bubbles: true }));
    close(true);
  }

  function navButton(label, symbol, months) {
    var button = element("button", "btn btn-sm btn-outline-secondary", symbol);
    button.type = "button";
    button.setAttribute("aria-label", label);
    button.addEventListener("click", function () {
      open.shown = new Date(open.shown.getFullYear(), open.shown.getMonth() + months, 1);
      render();
    });
    return button;
  }

  // The month shown, as a table of day buttons; the chosen day and today are marked.
  function render() {
    var popup = open.popup;
    var shown = open.shown;
    var chosen = parse(open.input.value);
    var today = new Date();
    popup.textContent = "";
    var header = element("div", "d-flex align-items-center justify-content-between mb-2");
    var title = element("strong", "px-2", MONTHS[shown.getMonth()] + " " + shown.getFullYear());
    title.setAttribute("aria-live", "polite");
    header.append(
      navButton("Tahun sebelumnya", "«", -12),
      navButton("Bulan sebelumnya", "‹", -1),
      title,
      navButton("Bulan berikutnya", "›", 1),
      navButton("Tahun berikutnya", "»", 12)
    );
    popup.append(header);
    var table = element("table", "table table-sm table-borderless text-center mb-0");
    var head = element("tr");
    DAYS.forEach(function (day) {
      var cell = element("th", "", day[0]);
      cell.scope = "col";
      cell.abbr = day[1];
      head.append(cell);
    });
    var thead = element("thead");
    thead.append(head);
    table.append(thead);
    var body = element("tbody");
    // Monday first: JavaScript counts Sunday as 0.
    var offset = (shown.getDay() + 6) % 7;
    var days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
    var row = element("tr");
    for (var blank = 0; blank < offset; blank++) row.append(element("td"));
    for (var number = 1; number <= days; number++) {
      var day = new Date(shown.getFullYear(), shown.getMonth(), number);
      var isChosen = chosen && chosen.getTime() === day.getTime();
      var isToday = day.toDateString() === today.toDateString();
      var button = element("button", "btn btn-sm " + (isChosen ? "btn-primary" : isToday ? "btn-outline-primary" : "btn-light"), String(number));
      button.type = "button";
      button.setAttribute("aria-label", number + " " + MONTHS[day.getMonth()] + " " + day.getFullYear() + (isToday ? " (hari ini)" : ""));
      if (isChosen) button.setAttribute("aria-pressed", "true");
      button.addEventListener("click", choose.bind(null, day));
      var cell = element("td", "p-0");
      cell.append(button);
      row.append(cell);
      if ((offset + number) % 7 === 0) {
        body.append(row);
        row = element("tr");
      }
    }
    if (row.childElementCount) body.append(row);
    table.append(body);
    popup.append(table);
  }

  function show(input) {
    close(false);
    var popup = element("div", "card card-body shadow p-2 calendar-popup");
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", "Kalender");
    var chosen = parse(input.value) || new Date();
    open = { input: input, popup: popup, shown: new Date(chosen.getFullYear(), chosen.getMonth(), 1) };
    render();
    var place = input.getBoundingClientRect();
    popup.style.position = "absolute";
    popup.style.zIndex = "1060";
    popup.style.top = place.bottom + window.scrollY + 2 + "px";
    popup.style.left = place.left + window.scrollX + "px";
    document.body.append(popup);
    input.calendarToggle.setAttribute("aria-expanded", "true");
    var current = popup.querySelector("[aria-pressed=true]") || popup.querySelector("tbody button");
    if (current) current.focus();
  }

  // A calendar button after each date field; fields added later (a new journal row) get one too.
  function equip(root) {
    var inputs = root.querySelectorAll ? root.querySelectorAll("input[data-calendar]") : [];
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.calendarToggle) return;
      var button = element("button", "btn btn-outline-secondary calendar-toggle");
      button.type = "button";
      button.tabIndex = -1;
      button.setAttribute("aria-label", "Pilih tanggal dari kalender");
      button.setAttribute("aria-expanded", "false");
      button.title = "Pilih tanggal dari kalender";
      button.append(element("span", "fa fa-calendar"));
      button.querySelector("span").setAttribute("aria-hidden", "true");
      button.addEventListener("click", function () {
        if (open && open.input === input) close(true);
        else show(input);
      });
      input.calendarToggle = button;
      // Field and button side by side, as one Bootstrap input group.
      var group = element("div", "input-group calendar-group");
      var append = element("div", "input-group-append");
      input.parentNode.insertBefore(group, input);
      group.append(input);
      append.append(button);
      group.append(append);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (open && event.key === "Escape") {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener("mousedown", function (event) {
    if (open && !open.popup.contains(event.target) && event.target.closest(".calendar-toggle") !== open.input.calendarToggle) {
      close(false);
    }
  });
  function start() {
    equip(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && !node.classList.contains("calendar-popup")) equip(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
