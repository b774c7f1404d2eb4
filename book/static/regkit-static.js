/* Practice without a kernel (issue 13).
 *
 * The book's Sphinx extension (book/_ext/regkit_static.py) replaces every saved widget with
 * <div class="regkit-app" data-app="...">; this script turns each into
 *   - an explorer player: flips through the states the Python explorer rendered at build
 *     time (_static/explorers/<name>/manifest.json, frames loaded only when visited);
 *   - a quiz, a spaced-repetition review (SM-2) or a mock interview over the question bank
 *     exported at build time (_static/practice/bank.json).
 * Nothing here recomputes what Python computes: figures and numbers come from the manifest.
 * Progress is kept in localStorage under keys starting with "regkit.".
 */
(function () {
  "use strict";

  // ---------- SM-2 (Wozniak 1990), the same algorithm as regkit.course.practice.scheduler ----------
  var GRADES = { again: 1, hard: 3, good: 4, easy: 5 };

  function addDays(day, n) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function sm2(card, grade, today) {
    var q = GRADES[grade];
    if (q === undefined) throw new Error("grade must be one of again, hard, good, easy");
    var c = card ? Object.assign({}, card) : { reps: 0, interval: 0, ease: 2.5, lapses: 0 };
    c.ease = Math.max(1.3, Math.round((c.ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)) * 1000) / 1000);
    if (q < 3) {
      c.reps = 0;
      c.interval = 1;
      c.lapses = (c.lapses || 0) + 1;
    } else {
      c.interval = c.reps === 0 ? 1 : c.reps === 1 ? 6 : Math.round(c.interval * c.ease);
      c.reps += 1;
    }
    c.last = today;
    c.due = addDays(today, c.interval);
    return c;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { sm2: sm2, addDays: addDays, GRADES: GRADES };
    return;
  }

  // ---------- small helpers ----------
  var SCRIPT = document.currentScript;
  var STATIC = new URL(".", SCRIPT ? SCRIPT.src : location.href).href;
  var ROOT = new URL("..", STATIC).href;
  var uid = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "html") node.innerHTML = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function nextId(prefix) { uid += 1; return "rk-" + prefix + "-" + uid; }
  function today() {
    var d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }
  function load(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem("regkit." + key)); return v === null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem("regkit." + key, JSON.stringify(value)); }
  // Question text may carry TeX ($...$, as the notebooks' practice widgets write it). The
  // pages' own formulas are SVG made at build time, so no page loads MathJax (260 kB, a phone's
  // CPU busy while the page loads): it is fetched the first time a shown question has a formula.
  var MATHJAX_SRC = new URL("mathjax/tex-chtml.js", document.currentScript.src).href;
  var HAS_TEX = /\$[^$]+\$|\\\(|\\\[/;
  var mathjax = null;
  function loadMathJax() {
    if (mathjax === null) {
      mathjax = new Promise(function (resolve, reject) {
        window.MathJax = {
          tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]] },
          startup: { typeset: false, pageReady: function () { return MathJax.startup.defaultPageReady().then(resolve); } }
        };
        var script = document.createElement("script");
        script.src = MATHJAX_SRC;
        script.onerror = function () { reject(new Error("could not load " + MATHJAX_SRC)); };
        document.head.appendChild(script);
      });
    }
    return mathjax;
  }
  function typeset(node) {
    if (!HAS_TEX.test(node.textContent)) return;
    loadMathJax().then(function () { return MathJax.typesetPromise([node]); }).catch(function (err) {
      console.error("regkit: the formulas of this question were not typeset: " + err.message);
    });
  }
  function escapeText(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  var bankPromise = null;
  function bank() {
    if (!bankPromise) bankPromise = fetch(STATIC + "practice/bank.json").then(function (r) {
      if (!r.ok) throw new Error("question bank not found (" + r.status + ")");
      return r.json();
    });
    return bankPromise;
  }
  // q.page: the chapter's page that holds the section (a chapter can continue on a "03b_" page)
  function chapterLink(q) { return ROOT + "book/" + (q.page || q.chapter) + ".html" + (q.section ? "#" + q.section : ""); }
  function isMC(q) { return Array.isArray(q.options) && q.options.length > 0; }
  function nCorrect(q) { return q.options.filter(function (o) { return o.correct; }).length; }
  function filtered(questions, chapter, difficulty) {
    return questions.filter(function (q) {
      return (!chapter || q.chapter === chapter) && (!difficulty || q.difficulty === difficulty);
    });
  }
  function selectField(label, options, value, onchange) {
    var id = nextId("sel");
    var sel = el("select", { id: id, onchange: onchange });
    options.forEach(function (o) {
      var opt = el("option", { value: o[0], text: o[1] });
      if (o[0] === value) opt.selected = true;
      sel.appendChild(opt);
    });
    return { wrap: el("span", { class: "rk-field" }, [el("label", { for: id, text: label }), sel]), select: sel };
  }
  function chapterOptions(data) {
    return [["", "all chapters"]].concat(data.chapters.map(function (c) { return [c.id, c.label]; }));
  }
  function levelOptions(data) {
    return [["", "all levels"]].concat(data.difficulties.map(function (d) { return [d, d]; }));
  }
  function failure(root, err) {
    root.textContent = "";
    root.appendChild(el("p", { class: "rk-error", role: "alert", text: "Could not load this interactive part: " + err.message }));
  }

  // ---------- explorer player ----------
  function explorerPlayer(root) {
    var name = root.getAttribute("data-explorer");
    var base = STATIC + "explorers/" + name + "/";
    root.setAttribute("aria-busy", "true");
    fetch(base + "manifest.json").then(function (r) {
      if (!r.ok) throw new Error("states of " + name + " not found (" + r.status + ")");
      return r.json();
    }).then(function (m) { buildPlayer(root, m, base); }).catch(function (e) { failure(root, e); });
  }

  function buildPlayer(root, m, base) {
    var controls = m.controls;
    var pos = controls.map(function (c) { return c.default; });
    var inputs = [];
    var nStates = Object.keys(m.states).length;
    root.textContent = "";
    root.classList.add("rk-player");
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Explorer " + m.name.replace(/_/g, " "));
    var note = "Precomputed without a kernel: " + nStates + " states rendered at build time by the same " +
      "Python explorer (the figure and the numbers are what it shows for these settings).";
    if (m.mode === "one-at-a-time") note += " This explorer varies one control at a time: moving a control " +
      "returns the others to their starting values.";
    root.appendChild(el("p", { class: "rk-note", text: note }));
    var box = el("div", { class: "rk-controls" });
    controls.forEach(function (c, k) {
      var id = nextId("ctl");
      var wrap = el("div", { class: "rk-control" });
      var steps = c.discretised ? " (" + c.values.length + " steps)" : "";
      var input;
      if (c.kind === "select") {
        input = el("select", { id: id, "data-key": c.key });
        c.labels.forEach(function (lab, i) { input.appendChild(el("option", { value: String(i), text: lab })); });
        wrap.appendChild(el("label", { for: id, text: c.label }));
        wrap.appendChild(input);
      } else if (c.kind === "checkbox") {
        input = el("input", { id: id, type: "checkbox", "data-key": c.key });
        wrap.appendChild(input);
        wrap.appendChild(el("label", { for: id, text: c.label }));
      } else {
        input = el("input", { id: id, type: "range", min: "0", max: String(c.values.length - 1), step: "1",
          "data-key": c.key });
        var out = el("output", { for: id, class: "rk-readout" });
        wrap.appendChild(el("label", { for: id }, [c.label, el("span", { class: "rk-steps", text: steps })]));
        wrap.appendChild(input);
        wrap.appendChild(out);
      }
      input.addEventListener(c.kind === "range" ? "input" : "change", function () {
        var i = c.kind === "checkbox" ? (input.checked ? 1 : 0) : parseInt(input.value, 10);
        if (m.mode === "one-at-a-time") pos = controls.map(function (cc) { return cc.default; });
        pos[k] = i;
        show();
      });
      inputs.push(input);
      box.appendChild(wrap);
    });
    root.appendChild(box);
    // the figure's own size (the column's, if narrower); frames have twice its pixels, for
    // high-density screens (regkit.course.static_export)
    var size = m.frame_size;
    var img = el("img", { class: "rk-frame", width: String(size[0]), height: String(size[1]), decoding: "async" });
    var numbers = el("div", { class: "rk-numbers", "aria-live": "polite" });
    root.appendChild(el("figure", { class: "rk-figure" }, [img]));
    root.appendChild(numbers);

    function describe() {
      return controls.map(function (c, k) { return c.label + " = " + c.labels[pos[k]]; }).join(", ");
    }
    function show() {
      controls.forEach(function (c, k) {
        var input = inputs[k];
        if (c.kind === "checkbox") input.checked = pos[k] === 1;
        else input.value = String(pos[k]);
        if (c.kind === "range") {
          input.setAttribute("aria-valuetext", c.labels[pos[k]]);
          input.nextSibling.textContent = c.labels[pos[k]];
        }
      });
      var key = pos.join("-");
      var state = m.states[key];
      if (!state) return;
      root.setAttribute("data-state", key);
      img.src = base + state.frame;
      img.alt = "Figure of the explorer at " + describe() + "; its numbers are listed below.";
      numbers.innerHTML = state.numbers;
    }
    show();
    root.removeAttribute("aria-busy");
    root.setAttribute("data-ready", "true");
  }

  // ---------- quiz ----------
  function optionFieldset(q, name, order) {
    var multi = nCorrect(q) > 1;
    var fs = el("fieldset", { class: "rk-options" }, [
      el("legend", { text: multi ? "Select all that apply" : "Choose one answer" })]);
    var boxes = order.map(function (i) {
      var id = nextId("opt");
      var input = el("input", { type: multi ? "checkbox" : "radio", name: name, id: id, value: String(i) });
      var lab = el("label", { for: id, html: escapeText(q.options[i].text) });
      fs.appendChild(el("div", { class: "rk-option" }, [input, lab]));
      return input;
    });
    return { fieldset: fs, boxes: boxes, multi: multi };
  }

  function optionFeedback(q, order, picked) {
    var right = true;
    var list = el("ul", { class: "rk-feedback-list" });
    order.forEach(function (i) {
      var o = q.options[i];
      var chosen = picked.indexOf(i) >= 0;
      if (chosen !== o.correct) right = false;
      list.appendChild(el("li", { class: o.correct ? "rk-right" : "rk-wrong" }, [
        el("strong", { text: (o.correct ? "✔ right" : "✘ wrong") + (chosen ? " (your pick)" : "") + ": " }),
        el("span", { html: escapeText(o.text) + " — " + escapeText(o.why) })]));
    });
    return { right: right, list: list };
  }

  function modelAnswer(q) {
    var rub = el("ul", {}, q.rubric.map(function (p) { return el("li", { html: escapeText(p) }); }));
    return el("div", { class: "rk-answer" }, [
      el("p", { html: "<strong>Model answer.</strong> " + escapeText(q.answer) }),
      el("p", { html: "<strong>A strong answer covers:</strong>" }), rub,
      el("p", {}, ["Reread: ", el("a", { href: chapterLink(q), class: "rk-source",
        text: (q.page || q.chapter).replace(/_/g, " ") + (q.section_title ? ", " + q.section_title : "") })])]);
  }

  // The bank lists the right option first; the page shows the options in an order fixed per
  // question (a hash of its id), so it is the same on every visit but not the file's order.
  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return h;
  }
  function shuffledOrder(q) {
    return q.options.map(function (_, i) { return i; }).sort(function (a, b) {
      return hash(q.id + ":" + a) - hash(q.id + ":" + b);
    });
  }

  // One question, answerable: calls done(right or null) once when checked or revealed.
  function questionCard(q, done) {
    var card = el("div", { class: "rk-card", "data-qid": q.id });
    card.appendChild(el("p", { class: "rk-meta", text: q.difficulty + " · " + q.chapter.replace(/_/g, " ") +
      " · " + (isMC(q) ? (nCorrect(q) > 1 ? "multiple choice, select all that apply" : "multiple choice") : "open question") }));
    card.appendChild(el("p", { class: "rk-question", html: escapeText(q.question) }));
    var feedback = el("div", { class: "rk-feedback", tabindex: "-1" });
    var finished = false;
    if (isMC(q)) {
      var order = shuffledOrder(q);
      var f = optionFieldset(q, nextId("q"), order);
      card.appendChild(f.fieldset);
      var check = el("button", { type: "button", class: "rk-button", text: "Check" });
      check.addEventListener("click", function () {
        var picked = f.boxes.filter(function (b) { return b.checked; }).map(function (b) { return parseInt(b.value, 10); });
        feedback.textContent = "";
        if (!picked.length) {
          feedback.appendChild(el("p", { role: "status", text: "Pick an option first." }));
          return;
        }
        var fb = optionFeedback(q, order, picked);
        feedback.appendChild(el("p", { class: fb.right ? "rk-verdict rk-right" : "rk-verdict rk-wrong", role: "status",
          text: fb.right ? "Right." : "Not quite: see why for every option." }));
        feedback.appendChild(fb.list);
        feedback.appendChild(modelAnswer(q));
        typeset(feedback);
        feedback.focus();
        if (!finished) { finished = true; done(fb.right); }
      });
      card.appendChild(check);
    } else {
      var reveal = el("button", { type: "button", class: "rk-button", text: "Show model answer" });
      reveal.addEventListener("click", function () {
        feedback.textContent = "";
        feedback.appendChild(modelAnswer(q));
        typeset(feedback);
        feedback.focus();
        reveal.disabled = true;
        if (!finished) { finished = true; done(null); }
      });
      card.appendChild(reveal);
    }
    card.appendChild(feedback);
    typeset(card);
    return card;
  }

  function quizApp(root) {
    bank().then(function (data) {
      var results = load("quiz", {});
      var chapter = root.getAttribute("data-chapter") || "";
      var difficulty = root.getAttribute("data-difficulty") || "";
      var list = [], at = 0;
      root.textContent = "";
      root.classList.add("rk-app", "rk-quiz");
      root.setAttribute("role", "region");
      root.setAttribute("aria-label", "Quiz");
      root.appendChild(el("h3", { class: "rk-title", text: "Quiz (works without a kernel)" }));
      var ch = selectField("Chapter", chapterOptions(data), chapter, function () { chapter = ch.select.value; restart(); });
      var lv = selectField("Level", levelOptions(data), difficulty, function () { difficulty = lv.select.value; restart(); });
      root.appendChild(el("div", { class: "rk-toolbar" }, [ch.wrap, lv.wrap]));
      var progress = el("p", { class: "rk-progress", "aria-live": "polite" });
      var slot = el("div");
      var prev = el("button", { type: "button", class: "rk-button", text: "Previous" });
      var next = el("button", { type: "button", class: "rk-button", text: "Next question" });
      prev.addEventListener("click", function () { if (at > 0) { at -= 1; render(); } });
      next.addEventListener("click", function () { if (at < list.length - 1) { at += 1; render(); } });
      root.appendChild(progress);
      root.appendChild(slot);
      root.appendChild(el("div", { class: "rk-toolbar" }, [prev, next]));

      function score() {
        var ids = list.map(function (q) { return q.id; });
        var mc = list.filter(isMC).length;
        var answered = ids.filter(function (id) { return results[id] && results[id].first !== undefined; });
        var right = answered.filter(function (id) { return results[id].first === true; }).length;
        var nMc = answered.filter(function (id) { return results[id].first !== null; }).length;
        progress.textContent = "Question " + (at + 1) + " of " + list.length + ". Done so far: " + answered.length +
          " of " + list.length + "; multiple choice right at the first check: " + right + " of " + nMc +
          " answered (" + mc + " in this selection). Saved in this browser.";
      }
      function render() {
        slot.textContent = "";
        var q = list[at];
        slot.appendChild(questionCard(q, function (right) {
          if (!results[q.id] || results[q.id].first === undefined) {
            results[q.id] = { first: right, date: today() };
            save("quiz", results);
          }
          score();
        }));
        prev.disabled = at === 0;
        next.disabled = at === list.length - 1;
        score();
      }
      function restart() { list = filtered(data.questions, chapter, difficulty); at = 0; render(); }
      restart();
      root.setAttribute("data-ready", "true");
    }).catch(function (e) { failure(root, e); });
  }

  // ---------- spaced repetition (SM-2) ----------
  function reviewApp(root) {
    bank().then(function (data) {
      var chapter = root.getAttribute("data-chapter") || "";
      var difficulty = root.getAttribute("data-difficulty") || "";
      var queue = [];
      root.textContent = "";
      root.classList.add("rk-app", "rk-review");
      root.setAttribute("role", "region");
      root.setAttribute("aria-label", "Spaced-repetition review");
      root.appendChild(el("h3", { class: "rk-title", text: "Review with spaced repetition (SM-2)" }));
      var ch = selectField("Chapter", chapterOptions(data), chapter, function () { chapter = ch.select.value; refresh(); });
      var lv = selectField("Level", levelOptions(data), difficulty, function () { difficulty = lv.select.value; refresh(); });
      var start = el("button", { type: "button", class: "rk-button rk-primary" });
      start.addEventListener("click", begin);
      root.appendChild(el("div", { class: "rk-toolbar" }, [ch.wrap, lv.wrap, start]));
      var table = el("div", { class: "rk-due" });
      root.appendChild(table);
      var status = el("p", { class: "rk-progress", "aria-live": "polite" });
      root.appendChild(status);
      var slot = el("div");
      root.appendChild(slot);
      var exp = el("button", { type: "button", class: "rk-button", text: "Export progress (JSON)" });
      var impId = nextId("imp");
      var imp = el("input", { type: "file", id: impId, accept: "application/json,.json" });
      var msg = el("span", { class: "rk-msg", role: "status" });
      exp.addEventListener("click", exportProgress);
      imp.addEventListener("change", function () { importProgress(imp.files[0], msg, refresh); });
      root.appendChild(el("div", { class: "rk-toolbar rk-io" }, [exp, el("label", { for: impId, text: "Import progress" }), imp, msg]));

      function cards() { return load("review", {}); }
      function isDue(card, day) { return !card || card.due <= day; }
      function dueList() {
        var c = cards(), day = today();
        return filtered(data.questions, chapter, difficulty).filter(function (q) { return isDue(c[q.id], day); });
      }
      function dueTable() {
        var c = cards(), day = today();
        var t = el("table", { class: "rk-table" });
        t.appendChild(el("caption", { text: "Due today (new cards count as due), by chapter and level" }));
        var head = el("tr", {}, [el("th", { scope: "col", text: "chapter" })]);
        data.difficulties.forEach(function (d) { head.appendChild(el("th", { scope: "col", text: d })); });
        head.appendChild(el("th", { scope: "col", text: "total" }));
        t.appendChild(el("thead", {}, [head]));
        var body = el("tbody");
        var totals = data.difficulties.map(function () { return 0; });
        data.chapters.forEach(function (chap) {
          var row = el("tr", {}, [el("th", { scope: "row", text: chap.label })]);
          var sum = 0;
          data.difficulties.forEach(function (d, j) {
            var n = data.questions.filter(function (q) {
              return q.chapter === chap.id && q.difficulty === d && isDue(c[q.id], day);
            }).length;
            sum += n; totals[j] += n;
            row.appendChild(el("td", { text: String(n), "data-chapter": chap.id, "data-difficulty": d }));
          });
          row.appendChild(el("td", { text: String(sum) }));
          body.appendChild(row);
        });
        var all = el("tr", {}, [el("th", { scope: "row", text: "all" })]);
        totals.forEach(function (n) { all.appendChild(el("td", { text: String(n) })); });
        all.appendChild(el("td", { class: "rk-total-due", text: String(totals.reduce(function (a, b) { return a + b; }, 0)) }));
        body.appendChild(all);
        t.appendChild(body);
        return t;
      }
      function refresh() {
        var due = dueList();
        start.textContent = "Start review (" + due.length + " due)";
        start.disabled = due.length === 0;
        table.textContent = "";
        table.appendChild(dueTable());
        var seen = Object.keys(cards()).length;
        status.textContent = seen + " of " + data.questions.length + " cards reviewed at least once.";
      }
      function begin() { queue = dueList(); show(); }
      function show() {
        slot.textContent = "";
        if (!queue.length) {
          slot.appendChild(el("p", { role: "status", text: "Nothing left to review in this selection today." }));
          refresh();
          return;
        }
        var q = queue[0];
        var card = el("div", { class: "rk-review-card" });
        card.appendChild(el("p", { class: "rk-progress", text: queue.length + " left in this session." }));
        var grades = el("div", { class: "rk-grades", role: "group", "aria-label": "How well did you answer?" });
        grades.hidden = true;
        var qc;
        if (isMC(q)) {
          qc = questionCard(q, function (right) {
            grades.hidden = false;
            grades.querySelector(right ? "[data-grade=good]" : "[data-grade=again]").classList.add("rk-suggested");
          });
        } else {
          qc = questionCard(q, function () { grades.hidden = false; });
          qc.querySelector(".rk-button").textContent = "Show answer";
        }
        card.appendChild(qc);
        ["again", "hard", "good", "easy"].forEach(function (g) {
          var b = el("button", { type: "button", class: "rk-button rk-grade", "data-grade": g, text: g });
          b.addEventListener("click", function () { grade(q, g); });
          grades.appendChild(b);
        });
        card.appendChild(el("p", { class: "rk-hint", text: "Grade yourself: again (missed it), hard, good, easy." }));
        card.appendChild(grades);
        slot.appendChild(card);
        var first = card.querySelector("input, button");
        if (first) first.focus();
      }
      function grade(q, g) {
        var c = cards();
        c[q.id] = sm2(c[q.id], g, today());
        save("review", c);
        queue.shift();
        // SM-2: an item graded below "good" is repeated in the same session until it is recalled
        if (g === "again" || g === "hard") queue.push(q);
        refresh();
        show();
      }
      refresh();
      root.setAttribute("data-ready", "true");
    }).catch(function (e) { failure(root, e); });
  }

  var PROGRESS_KEYS = ["review", "quiz", "mock-history"];
  function exportProgress() {
    var out = { format: "regkit-progress", version: 1, exported: new Date().toISOString() };
    PROGRESS_KEYS.forEach(function (k) { out[k] = load(k, k === "mock-history" ? [] : {}); });
    var blob = new Blob([JSON.stringify(out, null, 1)], { type: "application/json" });
    var a = el("a", { href: URL.createObjectURL(blob), download: "regkit-progress-" + today() + ".json" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function importProgress(file, msg, after) {
    if (!file) return;
    file.text().then(function (text) {
      var data = JSON.parse(text);
      if (!data || data.format !== "regkit-progress" || typeof data.review !== "object")
        throw new Error("not a regkit progress file");
      PROGRESS_KEYS.forEach(function (k) { if (data[k] !== undefined) save(k, data[k]); });
      msg.textContent = "Progress imported: " + Object.keys(data.review).length + " cards.";
      after();
    }).catch(function (e) { msg.textContent = "Import failed: " + e.message; });
  }

  // ---------- mock interview ----------
  function mockApp(root) {
    bank().then(function (data) {
      var chapter = root.getAttribute("data-chapter") || "";
      var difficulty = root.getAttribute("data-difficulty") || "";
      var seconds = parseInt(root.getAttribute("data-seconds") || "120", 10);
      var q = null, left = seconds, timer = null, startedAt = null, used = 0, lastId = null;
      root.textContent = "";
      root.classList.add("rk-app", "rk-mock");
      root.setAttribute("role", "region");
      root.setAttribute("aria-label", "Mock interview");
      root.appendChild(el("h3", { class: "rk-title", text: "Mock interview (works without a kernel)" }));
      var ch = selectField("Topic", chapterOptions(data), chapter, function () { chapter = ch.select.value; draw(); });
      var lv = selectField("Level", levelOptions(data), difficulty, function () { difficulty = lv.select.value; draw(); });
      var durations = [60, 120, 180, 300, 360];
      if (durations.indexOf(seconds) < 0) durations.push(seconds);
      var du = selectField("Clock", durations.sort(function (a, b) { return a - b; }).map(function (s) {
        return [String(s), (s / 60) + " min"]; }), String(seconds), function () {
        seconds = parseInt(du.select.value, 10); resetClock(); });
      var again = el("button", { type: "button", class: "rk-button", text: "New question" });
      again.addEventListener("click", draw);
      root.appendChild(el("div", { class: "rk-toolbar" }, [ch.wrap, lv.wrap, du.wrap, again]));
      var question = el("p", { class: "rk-question", "aria-live": "polite" });
      var meta = el("p", { class: "rk-meta" });
      root.appendChild(meta);
      root.appendChild(question);
      var bar = el("progress", { max: "100", value: "100", "aria-label": "time left" });
      var clock = el("span", { class: "rk-clock", role: "timer", "aria-live": "off" });
      var startBtn = el("button", { type: "button", class: "rk-button rk-primary", text: "Start the clock" });
      var stopBtn = el("button", { type: "button", class: "rk-button", text: "Stop and reveal the rubric" });
      startBtn.addEventListener("click", toggle);
      stopBtn.addEventListener("click", function () { finish(); });
      root.appendChild(el("div", { class: "rk-toolbar" }, [startBtn, stopBtn, bar, clock]));
      var sr = el("p", { class: "rk-sr", "aria-live": "assertive" });
      root.appendChild(sr);
      var rubric = el("div", { class: "rk-rubric", tabindex: "-1" });
      root.appendChild(rubric);
      var historyBox = el("div", { class: "rk-history" });
      root.appendChild(historyBox);

      function fmt(s) { return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2); }
      function paint() {
        clock.textContent = fmt(Math.max(0, Math.ceil(left))) + " left";
        bar.value = Math.max(0, 100 * left / seconds);
        bar.className = left <= 0 ? "rk-late" : left <= seconds / 4 ? "rk-soon" : "";
      }
      function resetClock() {
        if (timer) clearInterval(timer);
        timer = null; left = seconds; used = 0; startBtn.textContent = "Start the clock"; paint();
      }
      function tick() {
        var now = Date.now();
        left -= (now - startedAt) / 1000; used += (now - startedAt) / 1000; startedAt = now;
        if (left <= 0) { left = 0; paint(); sr.textContent = "Time is up."; finish(); return; }
        if (Math.ceil(left) % 60 === 0 && Math.ceil(left) !== seconds) sr.textContent = fmt(Math.ceil(left)) + " left";
        paint();
      }
      function toggle() {
        if (timer) { tick(); clearInterval(timer); timer = null; startBtn.textContent = "Resume the clock"; return; }
        if (left <= 0) resetClock();
        startedAt = Date.now();
        timer = setInterval(tick, 250);
        startBtn.textContent = "Pause the clock";
        sr.textContent = "Clock started: " + fmt(Math.ceil(left)) + ".";
      }
      var first = root.getAttribute("data-first");
      function draw() {
        var pool = filtered(data.questions, chapter, difficulty);
        if (pool.length > 1) pool = pool.filter(function (x) { return x.id !== lastId; });
        q = pool[Math.floor(Math.random() * pool.length)];
        if (first) {  // the question the notebook's seed draws in Python, on the first draw only
          q = data.questions.filter(function (x) { return x.id === first; })[0] || q;
          first = null;
        }
        lastId = q.id;
        meta.textContent = q.difficulty + " · " + q.chapter.replace(/_/g, " ");
        question.innerHTML = escapeText(q.question);
        rubric.textContent = "";
        stopBtn.disabled = false;
        resetClock();
        typeset(question);
      }
      function finish() {
        if (timer) { tick(); clearInterval(timer); timer = null; }
        if (!q || rubric.childNodes.length) return;
        stopBtn.disabled = true;
        startBtn.textContent = "Start the clock";
        var fs = el("fieldset", { class: "rk-checklist" }, [el("legend", { text: "Tick each point you said, with its reason" })]);
        var boxes = q.rubric.map(function (p) {
          var id = nextId("rub");
          var b = el("input", { type: "checkbox", id: id });
          fs.appendChild(el("div", { class: "rk-option" }, [b, el("label", { for: id, html: escapeText(p) })]));
          return b;
        });
        var scoreOut = el("p", { role: "status", class: "rk-score" });
        function upd() {
          var n = boxes.filter(function (b) { return b.checked; }).length;
          scoreOut.textContent = "Score: " + n + " of " + boxes.length + " rubric points.";
        }
        boxes.forEach(function (b) { b.addEventListener("change", upd); });
        upd();
        var saveBtn = el("button", { type: "button", class: "rk-button rk-primary", text: "Save this attempt" });
        saveBtn.addEventListener("click", function () {
          var h = load("mock-history", []);
          h.push({ date: new Date().toISOString(), id: q.id, question: q.question, difficulty: q.difficulty,
            chapter: q.chapter, clock: seconds, used: Math.round(used),
            score: boxes.filter(function (b) { return b.checked; }).length, of: boxes.length });
          save("mock-history", h);
          saveBtn.disabled = true;
          saveBtn.textContent = "Saved";
          history();
        });
        rubric.appendChild(el("p", { text: "Time used: " + fmt(Math.round(used)) + " of " + fmt(seconds) + "." }));
        rubric.appendChild(fs);
        rubric.appendChild(scoreOut);
        rubric.appendChild(saveBtn);
        rubric.appendChild(modelAnswer(q));
        typeset(rubric);
        rubric.focus();
      }
      function history() {
        var h = load("mock-history", []);
        historyBox.textContent = "";
        if (!h.length) { historyBox.appendChild(el("p", { text: "No attempt saved yet in this browser." })); return; }
        var t = el("table", { class: "rk-table" }, [el("caption", { text: "Your past attempts (this browser), newest first" })]);
        t.appendChild(el("thead", {}, [el("tr", {}, ["date", "question", "level", "time used", "score"].map(function (s) {
          return el("th", { scope: "col", text: s }); }))]));
        var body = el("tbody");
        h.slice().reverse().slice(0, 20).forEach(function (a) {
          body.appendChild(el("tr", {}, [el("td", { text: a.date.slice(0, 16).replace("T", " ") }),
            el("td", { text: a.question }), el("td", { text: a.difficulty }),
            el("td", { text: fmt(a.used) + " / " + fmt(a.clock) }), el("td", { text: a.score + " / " + a.of })]));
        });
        t.appendChild(body);
        var clear = el("button", { type: "button", class: "rk-button", text: "Clear history" });
        clear.addEventListener("click", function () { save("mock-history", []); history(); });
        historyBox.appendChild(t);
        historyBox.appendChild(clear);
      }
      draw();
      history();
      root.setAttribute("data-ready", "true");
    }).catch(function (e) { failure(root, e); });
  }

  // ---------- start: players when they come near the viewport, so frames load only when visited ----------
  var BUILDERS = { explorer: explorerPlayer, quiz: quizApp, review: reviewApp, mock: mockApp };
  function startAll() {
    var roots = Array.prototype.slice.call(document.querySelectorAll(".regkit-app"));
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { observer.unobserve(e.target); start(e.target); }
      });
    }, { rootMargin: "400px" }) : null;
    roots.forEach(function (root) { if (observer) observer.observe(root); else start(root); });
  }
  function start(root) {
    var build = BUILDERS[root.getAttribute("data-app")];
    if (build) build(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
