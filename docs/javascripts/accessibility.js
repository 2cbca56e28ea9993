// Material's search panel has role="dialog" but no name, which screen readers announce as an unnamed dialog
// (axe: aria-dialog-name). Name it after its own search field.
(function () {
  var dialog = document.querySelector(".md-search[role=dialog]");
  var input = document.querySelector(".md-search__input");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }
})();

// Printing opens every closed section (a claim's details), for browsers that print closed <details> closed.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (details) { details.open = true; });
});
