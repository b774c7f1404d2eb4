// The saved-widget renderer (@jupyter-widgets/html-manager) finds its icon fonts relative to
// AMD module paths under "@jupyter-widgets/", which require.js resolves against the page's own
// folder. Point them at the copies served from _static/vendor, wherever the page sits.
(function () {
  var vendor = document.currentScript.src.replace(/[^/]*$/, "vendor/");
  require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": vendor + "html-manager",
      "@jupyter-widgets": vendor + "jupyter-widgets",
    },
  });
})();

// html-manager 1.0 typesets widget labels through the MathJax 2 API (MathJax.Hub.Queue), which
// MathJax 3 no longer has: without a bridge every widget render throws a page error. MathJax 3
// replaces the global object while it starts, so the bridge is attached to whatever object is
// assigned to window.MathJax, at the moment it is assigned.
(function () {
  function bridge(mj) {
    if (mj && typeof mj === "object" && !mj.Hub) {
      Object.defineProperty(mj, "Hub", {
        enumerable: false, configurable: true,
        value: {
          Queue: function (job) {
            var el = Array.isArray(job) ? job[2] : undefined;
            var run = function () {
              if (current.typesetPromise) current.typesetPromise(el ? [el] : undefined);
            };
            if (current.startup && current.startup.promise) current.startup.promise.then(run); else run();
          },
        },
      });
    }
    return mj;
  }
  var current = bridge(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = bridge(value); },
  });
})();
