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
