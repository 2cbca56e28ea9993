// Previews: a citation shows its reference (how well it was checked, its key finding) and a glossary term its
// definition — on hover, on keyboard focus, and on a tap, where the first tap shows the preview and a second tap on
// the same citation follows its link to the reference list.
//
// One listener per event on the document, and nothing measured until a reader points at something: Material's own
// tooltips (content.tooltips) set up every one of a claims page's ~300 titles as the page loads, which was most of
// the script time Lighthouse counted on a phone. A citation's preview is its entry in the page's reference list, so
// the text is in the page once; without this script the number still links to that entry.
(function () {
  "use strict";

  var TARGETS = "a.citation-link, .md-typeset abbr[title], .md-typeset abbr[data-preview]";
  var preview = null;   // the one preview element, made on first use
  var shownFor = null;  // the element whose preview is showing
  var lastPointer = "mouse";

  function previewElement() {
    if (!preview) {
      preview = document.createElement("div");
      preview.id = "evidence-preview";
      preview.className = "evidence-preview";
      preview.setAttribute("role", "tooltip");
      preview.setAttribute("popover", "manual");  // the top layer: never clipped by a scrolling table or a card
      document.body.appendChild(preview);
    }
    return preview;
  }

  // What an element previews: a citation, its reference-list entry without the links; a term, its definition
  // (its title, moved to data-preview so that the browser does not show a second, native tooltip).
  function content(target) {
    if (target.matches("a.citation-link")) {
      var entry = document.getElementById((target.getAttribute("href") || "").slice(1));
      if (!entry) return null;
      var copy = entry.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll(".reference-links, .reference-cited-under").forEach(function (links) { links.remove(); });
      return copy.childNodes;
    }
    if (target.hasAttribute("title")) {
      target.setAttribute("data-preview", target.getAttribute("title"));
      target.removeAttribute("title");
    }
    return [document.createTextNode(target.getAttribute("data-preview"))];
  }

  function show(target) {
    if (shownFor === target) return;
    var nodes = content(target);
    if (!nodes) return;
    var element = previewElement();
    element.replaceChildren.apply(element, Array.prototype.slice.call(nodes));
    if (element.showPopover && !element.matches(":popover-open")) element.showPopover();
    element.hidden = false;
    place(element, target);
    target.setAttribute("aria-describedby", element.id);
    shownFor = target;
  }

  // Below the target, or above it, whichever has more room; always inside the screen. A preview taller than that
  // room scrolls inside itself (CSS caps its height), so a long reference is never cut off on a small phone.
  function place(element, target) {
    var box = target.getBoundingClientRect();
    var margin = 8;
    var roomBelow = window.innerHeight - box.bottom - 2 * margin;
    var roomAbove = box.top - 2 * margin;
    element.style.maxHeight = Math.max(roomBelow, roomAbove) + "px";
    var width = Math.min(element.offsetWidth, window.innerWidth - 2 * margin);
    var left = Math.max(margin, Math.min(box.left, window.innerWidth - width - margin));
    var top = element.offsetHeight <= roomBelow || roomBelow >= roomAbove
      ? box.bottom + margin : box.top - margin - element.offsetHeight;
    element.style.left = left + "px";
    element.style.top = top + "px";
  }

  function hide() {
    if (!shownFor) return;
    shownFor.removeAttribute("aria-describedby");
    shownFor = null;
    if (preview.hidePopover && preview.matches(":popover-open")) preview.hidePopover();
    preview.hidden = true;
  }

  function targetOf(event) {
    return event.target instanceof Element ? event.target.closest(TARGETS) : null;
  }

  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || "mouse"; }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;  // a tap is handled on click
    var target = targetOf(event);
    if (target) show(target);
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") return;
    var target = targetOf(event);
    if (target && target === shownFor && !target.contains(event.relatedTarget)) hide();
  });

  document.addEventListener("focusin", function (event) {
    if (lastPointer === "touch") return;  // a tap focuses the link too: the click below decides
    var target = targetOf(event);
    if (target) show(target);
  });

  document.addEventListener("focusout", function (event) {
    if (targetOf(event) === shownFor) hide();
  });

  // A tap on a citation that is not showing its preview shows it; a second tap follows the link.
  document.addEventListener("click", function (event) {
    var target = targetOf(event);
    if (lastPointer !== "touch") return;
    if (target && target !== shownFor) {
      if (target.matches("a.citation-link")) event.preventDefault();
      show(target);
    } else if (!target) {
      hide();
    }
  });

  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key === "Escape") hide();
    if (event.key === "Tab") joinTabOrder();
  });

  // Glossary terms join the keyboard's tab order on the first Tab (before the browser moves focus), so their
  // definitions can be read without a mouse; doing it at load cost a phone a long task for readers who never tab.
  var joined = false;
  function joinTabOrder() {
    if (joined) return;
    joined = true;
    // A term already hovered keeps its definition in data-preview: it joins too.
    document.querySelectorAll(".md-typeset abbr[title], .md-typeset abbr[data-preview]")
      .forEach(function (term) { term.tabIndex = 0; });
  }

  // Focus scrolls its target into view: the preview follows it rather than closing.
  window.addEventListener("scroll", function () { if (shownFor) place(preview, shownFor); }, { passive: true });
})();
