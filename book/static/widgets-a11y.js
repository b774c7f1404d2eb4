// Saved ipywidgets render without accessible names: the explorer's figure is an <img> with no
// alt text, slider handles are unnamed ARIA sliders, and the Play widget's buttons are icons
// only. Name each one from what the widget already shows: the explorer's title, the control's
// own label, the button's icon. Runs whenever the widget manager adds views to the page.
(function () {
  var ICONS = { "fa-play": "Play", "fa-pause": "Pause", "fa-stop": "Stop", "fa-repeat": "Repeat" };

  function name(root) {
    root.querySelectorAll("img.widget-image:not([alt])").forEach(function (img) {
      var box = img.closest(".widget-vbox");
      var title = box && box.querySelector(".widget-html-content b");
      img.alt = "Explorer figure" + (title ? ": " + title.textContent.trim() : "") +
        ". Move the controls above it in a running notebook to redraw it.";
    });
    root.querySelectorAll("[role=slider]:not([aria-label])").forEach(function (handle) {
      var control = handle.closest(".widget-slider, .jupyter-widget-slider, .widget-inline-hbox");
      var label = control && control.querySelector(".widget-label");
      var text = label && label.textContent.trim();
      handle.setAttribute("aria-label", text || "slider");
    });
    root.querySelectorAll("button.jupyter-button").forEach(function (button) {
      if (button.textContent.trim() || button.getAttribute("aria-label")) return;
      var icon = button.querySelector("i");
      var label = button.title;
      if (!label && icon) {
        Object.keys(ICONS).forEach(function (cls) { if (icon.classList.contains(cls)) label = ICONS[cls]; });
      }
      button.setAttribute("aria-label", label || "button");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    name(document);
    new MutationObserver(function () { name(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
