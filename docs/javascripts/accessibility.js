// Printing opens every closed section (a claim's details), for browsers that print closed <details> closed.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (details) { details.open = true; });
});
