// Risk screens: the passport's unit picker opens the chosen unit's passport.
document.addEventListener("change", function (event) {
  const select = event.target.closest("select[data-navigate]");
  if (select && select.value) window.location.assign(select.value);
});
