// Small behaviours that need no framework. No inline script anywhere (CSP).
document.addEventListener("click", function (event) {
  // A button with data-confirm asks before it submits.
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
  // A button with data-print prints the page.
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Forms with data-add-row: a button that reveals the next hidden extra formset row.
document.addEventListener("click", function (event) {
  const adder = event.target.closest("[data-add-row]");
  if (!adder) return;
  const hidden = document.querySelector(adder.dataset.addRow + " [hidden]");
  if (hidden) hidden.hidden = false;
});

// The main menu on a narrow screen: hidden behind a button (aria-expanded says whether it
// is open). Without this script the button stays hidden and the menu stays in view.
(function () {
  const toggle = document.querySelector("[data-menu-toggle]");
  const menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!menu) return;
  toggle.hidden = false;
  document.documentElement.classList.add("menu-collapsible");
  const show = function (open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  };
  toggle.addEventListener("click", function () {
    show(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      show(false);
      toggle.focus();
    }
  });
})();

// A table that scrolls sideways inside its frame can be scrolled from the keyboard: the
// frame takes focus (the regulation's tables say so in their markup; others are found here).
function focusableScrollers() {
  document.querySelectorAll(".table-wrap:not([tabindex]), .table-scroll:not([tabindex])").forEach(function (frame) {
    if (frame.scrollWidth > frame.clientWidth) frame.setAttribute("tabindex", "0");
  });
}
focusableScrollers();
window.addEventListener("load", focusableScrollers);  // images can widen a table after this ran
window.addEventListener("resize", focusableScrollers);
document.addEventListener("htmx:afterSettle", focusableScrollers);

// After an invalid submit the error summary takes the focus, so that a keyboard or screen
// reader user hears what went wrong and can follow its links to the fields.
(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();

// The risk form's 5×5 picker: a cell sets likelihood and consequences (their selects fire
// "change", so the level preview updates); choosing in a select checks the matching cell,
// or none while either is missing. Without this script the picker stays hidden.
document.querySelectorAll("[data-lc-picker]").forEach(function (picker) {
  const l = document.querySelector(picker.dataset.likelihood);
  const c = document.querySelector(picker.dataset.consequences);
  if (!l || !c) return;
  picker.hidden = false;
  picker.addEventListener("change", function (event) {
    const cell = event.target.closest("input[type=radio]");
    if (!cell) return;
    l.value = cell.dataset.l;
    c.value = cell.dataset.c;
    l.dispatchEvent(new Event("change", { bubbles: true }));
    c.dispatchEvent(new Event("change", { bubbles: true }));
  });
  const follow = function () {
    picker.querySelectorAll("input[type=radio]").forEach(function (cell) {
      cell.checked = cell.dataset.l === l.value && cell.dataset.c === c.value;
    });
  };
  l.addEventListener("change", follow);
  c.addEventListener("change", follow);
});

// People and positions (3,000 people): the page carries only the chosen ones, in a
// <select> with data-search-url. A combobox (ARIA 1.2: a text box that controls a listbox;
// Down and Up move, Enter picks, Escape closes) asks the server for matches as the person
// types; a pick is added to the select (in a single-choice select it replaces the one
// before), which the form submits as before. Each chosen one is shown with a button to
// remove it. Without this script the select shows the chosen ones, and the form still
// validates whatever is sent.
document.querySelectorAll("select[data-search-url]").forEach(function (select, n) {
  const d = select.dataset;
  const base = select.id || "search-" + n;
  const label = document.querySelector('label[for="' + select.id + '"]');
  const box = document.createElement("div");
  box.className = "combo";
  box.dataset.testid = "combo-" + select.name;
  const chosen = document.createElement("ul");
  chosen.className = "combo-chosen";
  chosen.setAttribute("aria-label", d.searchChosen || "");
  const input = document.createElement("input");
  input.type = "text";
  input.id = base + "-search";
  input.className = "combo-input";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", base + "-listbox");
  input.autocomplete = "off";
  input.placeholder = d.searchPlaceholder || "";
  input.dataset.testid = "search-" + select.name;
  const list = document.createElement("ul");
  list.id = base + "-listbox";
  list.className = "combo-list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("aria-live", "polite");
  if (label) {
    label.htmlFor = input.id;
    if (!label.id) label.id = base + "-label";
    list.setAttribute("aria-labelledby", label.id);
  } else {
    input.setAttribute("aria-label", d.searchLabel || "");
    list.setAttribute("aria-label", d.searchLabel || "");
  }
  input.setAttribute("aria-describedby", base + "-hint");
  const hint = document.createElement("span");
  hint.id = base + "-hint";
  hint.className = "visually-hidden";
  hint.textContent = d.searchLabel || "";
  box.append(chosen, input, hint, list, status);
  select.hidden = true;
  select.parentNode.insertBefore(box, select.nextSibling);
  // The error summary's link to the field leads to the box that replaces the select.
  document.querySelectorAll('a[href="#' + select.id + '"]').forEach(function (link) {
    link.setAttribute("href", "#" + input.id);
  });

  let results = [];
  let active = -1;
  let timer = null;
  let pending = null;

  const drawChosen = function () {
    chosen.replaceChildren();
    Array.from(select.options).filter(function (o) { return o.selected && o.value; }).forEach(function (option) {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = option.text;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "combo-remove";
      remove.textContent = "×";
      remove.setAttribute("aria-label", (d.searchRemove || "") + ": " + option.text);
      remove.addEventListener("click", function () {
        option.selected = false;
        option.remove();
        if (!select.multiple) select.value = "";  // back to the empty choice
        drawChosen();
        input.focus();
      });
      item.append(name, remove);
      chosen.append(item);
    });
    chosen.hidden = !chosen.children.length;
  };
  const close = function () {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const mark = function (index) {
    active = index;
    Array.from(list.children).forEach(function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    const item = list.children[index];
    if (item && item.getAttribute("role") === "option") {
      input.setAttribute("aria-activedescendant", item.id);
      item.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const pick = function (row) {
    if (!select.multiple) {  // one person: the pick takes the place of the one before
      Array.from(select.options).forEach(function (o) {
        if (o.value && o.value !== String(row.id)) { o.selected = false; o.remove(); }
      });
    }
    let option = Array.from(select.options).find(function (o) { return o.value === String(row.id); });
    if (!option) {
      option = new Option(row.text, row.id, true, true);
      select.add(option);
    }
    option.selected = true;
    drawChosen();
    input.value = "";
    close();
    status.textContent = (d.searchChosen || "") + ": " + row.text;
    input.focus();
  };
  const note = function (text) {
    const item = document.createElement("li");
    item.className = "combo-note";
    item.setAttribute("aria-disabled", "true");
    item.textContent = text;
    list.append(item);
  };
  const draw = function (answer) {
    const taken = new Set(Array.from(select.options).filter(function (o) { return o.selected && o.value; })
      .map(function (o) { return o.value; }));
    results = answer.results.filter(function (row) { return !taken.has(String(row.id)); });
    list.replaceChildren();
    results.forEach(function (row, i) {
      const item = document.createElement("li");
      item.id = base + "-option-" + row.id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = row.text;
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { pick(row); });
      list.append(item);
    });
    if (!results.length) note(d.searchNone || "");
    if (answer.more) note(d.searchMore || "");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    status.textContent = results.length ? String(results.length) : (d.searchNone || "");
  };
  const search = function () {
    const text = input.value.trim();
    if (pending) pending.abort();
    if (!text) { close(); return; }
    pending = new AbortController();
    fetch(d.searchUrl + "?q=" + encodeURIComponent(text), {
      credentials: "same-origin", signal: pending.signal,
      headers: { "Accept": "application/json" },
    }).then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (answer) { if (input.value.trim() === text) draw(answer); })
      .catch(function () {});
  };
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) { if (input.value.trim()) search(); return; }
      if (!results.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      mark(active < 0 ? (step > 0 ? 0 : results.length - 1)
        : (active + step + results.length) % results.length);
    } else if (event.key === "Enter") {
      event.preventDefault();  // never a submit of the whole form from here
      if (!list.hidden && active >= 0 && results[active]) pick(results[active]);
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
  drawChosen();
});
