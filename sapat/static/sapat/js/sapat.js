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
window.addEventListener("resize", focusableScrollers);
document.addEventListener("htmx:afterSettle", focusableScrollers);

// After an invalid submit the error summary takes the focus, so that a keyboard or screen
// reader user hears what went wrong and can follow its links to the fields.
(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
