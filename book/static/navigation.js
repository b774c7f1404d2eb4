// The sidebar buttons readers see sit in the article header (sphinx-book-theme), but both themes
// attach their click handlers to the first `.primary-toggle` / `.secondary-toggle` in the page,
// which is pydata-sphinx-theme's own header button, hidden in this layout. So the visible buttons
// did nothing: no navigation on a phone, no collapsing the sidebar on a desktop. Forward each
// visible button's click to the button that carries the handlers.
document.addEventListener("DOMContentLoaded", function () {
  ["primary-toggle", "secondary-toggle"].forEach(function (name) {
    var buttons = document.querySelectorAll("." + name);
    var wired = buttons[0];
    Array.prototype.slice.call(buttons, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        wired.click();
      });
    });
  });
});
