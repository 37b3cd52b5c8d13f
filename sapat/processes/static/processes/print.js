// Buttons marked data-print open the browser's print dialog (print.css lays the page out).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { window.print(); }
});
