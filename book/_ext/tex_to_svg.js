// Typesets the book's formulas at build time: TeX in, SVG out (MathJax 3, from the npm
// registry; make installs it under _build/mathjax, book/_ext/math_svg.py calls this script).
//
// stdin:  {"pages": [{"formulas": [{"tex": "...", "display": false}, ...]}, ...]}
// stdout: {"css": "...", "pages": [{"svgs": ["<mjx-container ...>", ...], "glyphs": "<svg ...>",
//          "errors": ["...", ...]}, ...]}
//
// Glyph outlines are shared per page ("global" font cache): each formula refers to them with
// <use>, and the page carries one hidden <svg> of definitions, so a letter used two hundred
// times on a page is drawn once. Every formula keeps its MathML for screen readers
// (MathJax's assistive-MathML handler), and the SVG itself is hidden from them.
"use strict";

const path = require("path");
const modules = process.env.MATHJAX_MODULES;
const need = (name) => require(path.join(modules, "mathjax-full", "js", name));

const { mathjax } = need("mathjax.js");
const { TeX } = need("input/tex.js");
const { SVG } = need("output/svg.js");
const { liteAdaptor } = need("adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = need("handlers/html.js");
const { AssistiveMmlHandler } = need("a11y/assistive-mml.js");
need("input/tex/AllPackages.js"); // registers every TeX package; PACKAGES picks the ones used

// what the browser's tex-chtml component gives a page (its packages and those it autoloads on
// first use), so a formula renders as it did with MathJax in the browser; "noerrors" and
// "noundefined" are left out: a bad formula or an unknown macro must fail the build
const PACKAGES = ["base", "ams", "newcommand", "configmacros", "action", "bbox", "boldsymbol",
  "braket", "cancel", "color", "enclose", "extpfeil", "html", "unicode", "verb"];

function main(request) {
  const adaptor = liteAdaptor();
  AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
  let current = null; // the error of the formula being converted, if any
  const tex = new TeX({
    packages: PACKAGES,
    formatError: (jax, err) => { current = err.message; return jax.formatError(err); },
  });
  const svg = new SVG({ fontCache: "global" });
  const doc = mathjax.document("", { InputJax: tex, OutputJax: svg });
  const pages = request.pages.map((page) => {
    const errors = [];
    const svgs = page.formulas.map((f) => {
      current = null;
      // em/ex/width only matter for relative sizes: the SVG is sized in ex of the page's font
      const node = doc.convert(f.tex, { display: f.display, em: 16, ex: 8, containerWidth: 1280 });
      if (current !== null) errors.push(`${current}: ${f.tex}`);
      return adaptor.outerHTML(node);
    });
    // the hidden <svg> of glyph definitions MathJax itself would put in a page
    const glyphs = adaptor.outerHTML(svg.pageElements(doc));
    svg.clearFontCache();
    return { svgs, glyphs, errors };
  });
  const css = adaptor.textContent(svg.styleSheet(doc));
  return { css, pages };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(main(JSON.parse(input))));
});
