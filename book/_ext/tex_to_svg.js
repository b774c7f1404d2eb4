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
//
// MathJax wraps every token in a <g> of its own (the token's MathML node name and its offset),
// about nineteen elements per formula: on a chapter of two hundred formulas that was a third of
// the page's elements, and style and layout work at load grows with them. flatten() moves each
// plain wrapper's offset onto its children and drops the wrapper; the drawing is the same.
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

// MATHJAX_FLATTEN=0: MathJax's own markup, the reference tests/browser/test_lean_pages.py
// compares the flattened drawing with
const FLATTEN = process.env.MATHJAX_FLATTEN !== "0";
// wrappers the stylesheet selects (tables, errors, toggles): kept, and so are their children
const STYLED = new Set(["mtable", "mtr", "mlabeledtr", "mtd", "merror", "maction"]);
const PLAIN = new Set(["transform", "data-mml-node", "data-mjx-texclass"]);
// elements that take a transform attribute (a nested <svg> does not, in SVG 1.1)
const MOVABLE = new Set(["g", "use", "rect", "path", "line", "text"]);

// "translate(a,b) translate(c d) scale(s)" as a list of [op, numbers]; null if not understood
function parseTransform(text) {
  const ops = [];
  const re = /\s*(translate|scale)\(\s*([-\d.e]+)(?:[\s,]+([-\d.e]+))?\s*\)/gy;
  let m;
  let end = 0;
  while ((m = re.exec(text)) !== null) {
    const x = Number(m[2]);
    const y = m[3] === undefined ? (m[1] === "scale" ? x : 0) : Number(m[3]);
    ops.push([m[1], x, y]);
    end = re.lastIndex;
  }
  return text.slice(end).trim() === "" ? ops : null;
}

// adjacent translations (and adjacent scalings) merged, identities dropped
function formatTransform(ops) {
  const merged = [];
  for (const [op, x, y] of ops) {
    const last = merged[merged.length - 1];
    if (last && last[0] === op) {
      if (op === "translate") { last[1] += x; last[2] += y; } else { last[1] *= x; last[2] *= y; }
    } else {
      merged.push([op, x, y]);
    }
  }
  const round = (v) => String(Math.round(v * 1000) / 1000);
  return merged
    .filter(([op, x, y]) => (op === "translate" ? x !== 0 || y !== 0 : x !== 1 || y !== 1))
    .map(([op, x, y]) => (op === "scale" && x === y ? `scale(${round(x)})` : `${op}(${round(x)},${round(y)})`))
    .join(" ");
}

function flattenable(adaptor, g) {
  if (adaptor.kind(g) !== "g") return false;
  const attrs = adaptor.allAttributes(g);
  if (!attrs.every((a) => PLAIN.has(a.name))) return false;
  if (STYLED.has(adaptor.getAttribute(g, "data-mml-node"))) return false;
  const parent = adaptor.parent(g);
  if (parent && STYLED.has(adaptor.getAttribute(parent, "data-mml-node"))) return false;
  if (parseTransform(adaptor.getAttribute(g, "transform") || "") === null) return false;
  return adaptor.childNodes(g).every((c) => MOVABLE.has(adaptor.kind(c))
    && parseTransform(adaptor.getAttribute(c, "transform") || "") !== null);
}

// children first, so a wrapper's children are final when the wrapper itself is dissolved
function flatten(adaptor, node) {
  for (const child of adaptor.childNodes(node).slice()) {
    if (adaptor.kind(child) === "#text" || adaptor.kind(child) === "#comment") continue;
    flatten(adaptor, child);
  }
  if (!flattenable(adaptor, node)) return;
  const outer = parseTransform(adaptor.getAttribute(node, "transform") || "");
  for (const child of adaptor.childNodes(node).slice()) {
    const transform = formatTransform(outer.concat(parseTransform(adaptor.getAttribute(child, "transform") || "")));
    if (transform) adaptor.setAttribute(child, "transform", transform);
    else adaptor.removeAttribute(child, "transform");
    adaptor.insert(child, node);
  }
  adaptor.remove(node);
}

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
      if (FLATTEN) flatten(adaptor, node);
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
