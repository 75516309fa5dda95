// Copy actions on document pages: the standard citation, the page link, and item links.
// Links are copied as the address the reader sees (canonical on the public site).
(function () {
  "use strict";
  function absolute(hash) {
    var url = window.location.href.split("#")[0];
    return hash ? url + hash : url;
  }
  function copy(text, element) {
    var done = function () {
      var old = element.getAttribute("data-label") || element.textContent;
      element.setAttribute("data-label", old);
      element.classList.add("vb-copied");
      if (element.tagName === "BUTTON") element.textContent = "Đã sao chép";
      setTimeout(function () {
        element.classList.remove("vb-copied");
        if (element.tagName === "BUTTON") element.textContent = old;
      }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
  }
  function fallback(text) {
    // file:// and plain http have no async clipboard: use a temporary text area.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-copy-text],[data-copy-link]") : null;
    if (!target) return;
    if (target.hasAttribute("data-copy-text")) {
      copy(target.getAttribute("data-copy-text"), target);
    } else {
      var hash = target.getAttribute("data-copy-link");
      copy(absolute(hash), target);
      if (hash) { event.preventDefault(); history.replaceState(null, "", hash); }
    }
  });
})();
