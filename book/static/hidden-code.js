// A hidden code cell's source arrives inside a <template> (book/_ext/reader_pages.py): parsed,
// but not styled or laid out while the page loads. The first time a reader opens the cell, the
// source goes into the page as the theme would have left it: with a copy button like every
// visible cell's (sphinx-copybutton's clipboard listens on the document, so a button added
// later works), and a tab stop if the code scrolls sideways (the theme gives those at load).
(function () {
  var opened = 0;
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.tagName !== "DETAILS" || !details.open) return;
    var template = details.querySelector(":scope > template");
    if (!template) return;
    var source = template.content;
    var blocks = Array.prototype.slice.call(source.querySelectorAll("div.highlight pre"));
    var model = document.querySelector(".copybtn");
    blocks.forEach(function (pre) {
      pre.id = "hidden-code-" + opened++;
      if (!model) return;
      var button = model.cloneNode(true);
      button.setAttribute("data-clipboard-target", "#" + pre.id);
      pre.insertAdjacentElement("afterend", button);
    });
    template.replaceWith(source);
    blocks.forEach(function (pre) {
      if (pre.scrollWidth > pre.clientWidth) pre.tabIndex = 0;
    });
  }, true);
})();
