// newsframes explorer: three views (term, outlet, article) over the data embedded in this page.
// Every piece of article text is inserted as a text node (el() below); nothing from the data
// is ever parsed as HTML. The URL's hash names the view, so links and the back button work.
(function () {
  "use strict";
  const payload = JSON.parse(document.getElementById("nf-data").textContent);
  const D = payload.data, OPT = payload.options;
  const view = document.getElementById("view");
  const termIndex = new Map(D.terms.map((t, i) => [t, i]));
  const outletIndex = new Map(D.outlets.map((o, i) => [o.name, i]));
  const articleIndex = new Map(D.articles.map((a, i) => [a.id, i]));
  const contentRoles = new Set(D.content_roles.map((r) => D.roles.indexOf(r)));
  const PAGE = 50, ROWS = 100, MAX_POINTS = 3000, WINDOW = 7;
  // sharded:begin (only in a page split into shard files: explore.page.explorer_files)
  // Article text and KWIC places are in scripts beside the page (D.shards.folder), loaded on demand
  // with a script element, which a page opened from file:// may do (it may not fetch them).
  const loaded = new Set(), loading = new Map();
  D.contexts = [];
  window.NF_SHARD = (kind, n, items) => {
    const first = D.shards[kind][n];
    items.forEach((item, i) => {
      if (kind === "articles") Object.assign(D.articles[first + i], item);
      else D.contexts[first + i] = item;
    });
    loaded.add(kind + "-" + n);
  };
  function shardOf(kind, index) {  // the last shard starting at or before index
    const starts = D.shards[kind];
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= index) lo = mid; else hi = mid - 1; }
    return kind + "-" + lo;
  }
  function load(shard) {
    if (!loading.has(shard)) {
      const [kind, n] = shard.split("-");
      const file = encodeURIComponent(D.shards.folder) + "/" + kind + "-" + n.padStart(3, "0") + ".js";
      const failed = (reject) => { loading.delete(shard); reject(file); };
      loading.set(shard, new Promise((resolve, reject) => document.head.append(el("script", { src: file,
        onload: () => (loaded.has(shard) ? resolve() : failed(reject)), onerror: () => failed(reject) }))));
    }
    return loading.get(shard);
  }
  // Whether the view must wait for shards: if so it says "loading…" and is drawn again once they are in.
  function waiting(shards) {
    const missing = [...new Set(shards)].filter((shard) => !loaded.has(shard));
    if (!missing.length) return false;
    const note = view.appendChild(el("p", { id: "loading", class: "note" }, "loading…"));
    const at = location.hash;
    Promise.all(missing.map(load)).then(() => { if (location.hash === at) route(); }, (file) => {
      note.textContent = "Could not load " + decodeURIComponent(file) + ": this page needs the folder “" +
        D.shards.folder + "” that was written beside it (copy or send the two together).";
    });
    return true;
  }
  function articleShards(places) {  // [article step, paragraph, start, length, ...]
    const out = [];
    for (let i = 0, d = 0; i < places.length; i += 4) { d += places[i]; out.push(shardOf("articles", d)); }
    return out;
  }
  // sharded:end

  // ------------------------------------------------------------------ DOM helpers (text nodes only)
  function el(tag, attrs, ...children) {
    return fill(document.createElement(tag), attrs, children);
  }
  function svg(tag, attrs, ...children) {
    return fill(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, children);
  }
  function fill(node, attrs, children) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null) continue;
      if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child == null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function hash(params) {
    return "#" + Object.entries(params).filter(([, v]) => v != null && v !== "")
      .map(([k, v]) => k + "=" + encodeURIComponent(v)).join("&");
  }
  const fmt = (x, digits) => (x === 0 ? "0" : Number(x).toFixed(digits == null ? 2 : digits));
  const int = (n) => Number(n).toLocaleString("en");
  const plural = (n, word) => int(n) + " " + word + (n === 1 ? "" : "s");
  function swatch(outlet) {
    return el("span", { class: "swatch", style: "background:" + D.outlets[outlet].color });
  }
  function outletLink(o) {
    return el("a", { href: hash({ outlet: D.outlets[o].name }) }, swatch(o), D.outlets[o].name);
  }

  // ------------------------------------------------------------------ terms: search with completion
  function normalise(text) {
    return String(text || "").trim().toLowerCase().replace(/\s+/g, " ");
  }
  function suggest(text, n) {
    const query = normalise(text);
    if (!query) return [];
    const out = [];
    let lo = 0, hi = D.terms.length;  // terms are sorted: binary search for the first with this prefix
    while (lo < hi) { const mid = (lo + hi) >> 1; if (D.terms[mid] < query) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < D.terms.length && out.length < n && D.terms[i].startsWith(query); i++) out.push(D.terms[i]);
    for (let i = 0; i < D.terms.length && out.length < n; i++) {
      const t = D.terms[i];
      if (!t.startsWith(query) && t.includes(query)) out.push(t);
    }
    return out;
  }
  const search = document.getElementById("search");
  const list = document.getElementById("suggestions");
  let selected = -1;
  function showSuggestions() {
    list.replaceChildren(...suggest(search.value, 12).map((t, i) =>
      el("li", { role: "option", "aria-selected": i === selected ? "true" : "false" },
        el("a", { href: hash({ term: t }), onclick: () => { list.hidden = true; } }, t))));
    list.hidden = list.children.length === 0;
  }
  search.addEventListener("input", () => { selected = -1; showSuggestions(); });
  search.addEventListener("keydown", (event) => {
    const n = list.children.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!n) return;
      selected = (selected + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      showSuggestions();
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = normalise(search.value);
    if (!typed) return;
    const options = suggest(typed, 12);
    const term = selected >= 0 && options[selected] ? options[selected] : typed;
    list.hidden = true;
    location.hash = hash({ term: term });
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("#search-form")) list.hidden = true;
  });

  // ------------------------------------------------------------------ term view
  function rateChart(rows, scale) {
    const width = 220, height = 16, x = (v) => 4 + (width - 8) * (scale > 0 ? v / scale : 0);
    return rows.map((r) => svg("svg", { width: width, height: height, role: "img",
      "aria-label": r.name + ": " + fmt(r.rate) + " per 1,000 words, 95% interval " + fmt(r.low) + " to " + fmt(r.high) },
      svg("line", { class: "grid", x1: x(0), x2: x(0), y1: 0, y2: height }),
      svg("line", { x1: x(r.low), x2: x(r.high), y1: height / 2, y2: height / 2, stroke: r.color, "stroke-width": 2 }),
      svg("line", { x1: x(r.low), x2: x(r.low), y1: 4, y2: height - 4, stroke: r.color }),
      svg("line", { x1: x(r.high), x2: x(r.high), y1: 4, y2: height - 4, stroke: r.color }),
      svg("circle", { cx: x(r.rate), cy: height / 2, r: 4, fill: r.count ? r.color : "#fff", stroke: r.color })));
  }
  function kwicLine(d, p, s, e) {  // article, paragraph, character span
    const text = D.articles[d].paras[p][1];
    const before = text.slice(Math.max(0, s - 300), s).split(/\s+/);
    const after = text.slice(e, e + 300).split(/\s+/);
    const left = (s > 300 || before.length > WINDOW + 1 ? "… " : "") + before.slice(-WINDOW - 1).join(" ");
    const right = after.slice(0, WINDOW + 1).join(" ") + (e + 300 < text.length || after.length > WINDOW + 1 ? " …" : "");
    const target = hash({ article: D.articles[d].id, para: p });
    return el("tr", {},
      el("td", { class: "left" }, el("span", { dir: "ltr" }, left)),
      el("td", { class: "match" }, el("a", { href: target }, text.slice(s, e))),
      el("td", { class: "right" }, right),
      el("td", { class: "doc" }, el("a", { href: target, class: "kwic-link" }, D.articles[d].id)));
  }
  function showTerm(raw) {
    const term = normalise(raw);
    const t = termIndex.get(term);
    view.append(el("h1", {}, term));
    if (t === undefined) {
      const near = suggest(term.slice(0, 3), 10);
      view.append(el("p", { id: "no-term" }, "No term “", term, "” in this corpus. Terms are lemmas (islands → island); ",
        "multiword names are one term (northern territories)."),
      near.length ? el("p", {}, "Terms starting alike: ", near.map((n, i) => [i ? ", " : "", el("a", { href: hash({ term: n }) }, n)])) : null);
      return term;
    }
    const found = new Map();
    const r = D.rates[t];
    for (let i = 0; i < r.length; i += 5) found.set(r[i], { count: r[i + 1], rate: r[i + 2], low: r[i + 3], high: r[i + 4] });
    const rows = D.outlets.map((o, i) => Object.assign({ outlet: i, name: o.name, color: o.color },
      found.get(i) || { count: 0, rate: 0, low: 0, high: o.zero_high }));
    const total = rows.reduce((sum, row) => sum + row.count, 0);
    const scale = Math.max(...rows.map((row) => row.high));
    const charts = rateChart(rows, scale);
    view.append(
      el("p", { class: "note" }, int(total), " uses in ", D.outlets.length, " outlets. Rate per 1,000 words of each outlet's ",
        "text (punctuation left out, stopwords counted in the total), with its 95% Wilson interval; ",
        "the same numbers as notebook 01."),
      el("table", { id: "rates" },
        el("thead", {}, el("tr", {}, el("th", {}, "outlet"), el("th", { class: "num" }, "count"),
          el("th", { class: "num" }, "per 1,000 words"), el("th", { class: "num" }, "95% interval"),
          el("th", {}, "rate and interval, 0 to " + fmt(scale)))),
        el("tbody", {}, rows.map((row, i) => el("tr", { "data-outlet": row.name },
          el("td", {}, outletLink(row.outlet)), el("td", { class: "num count" }, int(row.count)),
          el("td", { class: "num rate" }, fmt(row.rate)),
          el("td", { class: "num interval" }, fmt(row.low) + " – " + fmt(row.high)),
          el("td", {}, charts[i]))))));
    view.append(el("h2", {}, "In context"));
    // sharded:begin
    if (waiting([shardOf("contexts", t)]) || waiting(articleShards(D.contexts[t]))) return term;
    // sharded:end
    const c = D.contexts[t], groups = new Map();  // [article step, paragraph, start, length, ...]
    for (let i = 0, d = 0; i < c.length; i += 4) {
      d += c[i];
      const o = D.articles[d].outlet;
      if (!groups.has(o)) groups.set(o, []);
      groups.get(o).push([d, c[i + 1], c[i + 2], c[i + 2] + c[i + 3]]);
    }
    for (const row of rows) {
      const at = groups.get(row.outlet);
      if (!at) continue;
      const shown = at.length < row.count
        ? el("span", { class: "note cut" }, " (", int(at.length), " of ", int(row.count),
          " lines, spread evenly through them: the page keeps at most ", int(D.kwic_cap), " per outlet and term)") : null;
      view.append(el("h3", { "data-outlet": row.name }, swatch(row.outlet), row.name, " ",
        el("span", { class: "note" }, int(at.length), at.length === 1 ? " line" : " lines"), shown),
      el("table", { class: "kwic", "data-outlet": row.name },
        el("tbody", {}, at.map((place) => kwicLine(...place)))));
    }
    if (!groups.size) view.append(el("p", {}, "No uses."));
    return term;
  }

  // ------------------------------------------------------------------ outlet view
  const pooled = new Float64Array(D.terms.length);
  D.keyness.forEach((flat) => { for (let i = 0; i < flat.length; i += 3) pooled[flat[i]] += flat[i + 1]; });
  const contentTotal = D.outlets.reduce((sum, o) => sum + o.content, 0);

  function countsOf(o) {
    const out = new Map(), flat = D.keyness[o];
    for (let i = 0; i < flat.length; i += 3) if (flat[i + 1] > 0) out.set(flat[i], flat[i + 1]);
    return out;
  }
  // Against the rest: the library's z (keyness.keyness). Against one other outlet: the same
  // formula as keyness.log_odds_z with the corpus prior, a_w = the pooled count of w over all
  // outlets and a_0 their sum (Monroe, Colaresi & Quinn 2008, eqs. 16-22).
  function comparison(a, b) {
    if (b == null) {
      const flat = D.keyness[a];
      const nA = D.outlets[a].content, nB = contentTotal - nA, rows = [];
      for (let i = 0; i < flat.length; i += 3) {
        rows.push({ term: D.terms[flat[i]], a: flat[i + 1], b: pooled[flat[i]] - flat[i + 1], z: flat[i + 2] });
      }
      return { rows: rows, nA: nA, nB: nB };
    }
    const ca = countsOf(a), cb = countsOf(b);
    const terms = Array.from(new Set([...ca.keys(), ...cb.keys()])).sort((x, y) => x - y);
    const a0 = contentTotal, nA = D.outlets[a].content, nB = D.outlets[b].content;
    const rows = terms.map((t) => {
      const yA = ca.get(t) || 0, yB = cb.get(t) || 0, alpha = pooled[t];
      const delta = Math.log((yA + alpha) / (nA + a0 - yA - alpha)) - Math.log((yB + alpha) / (nB + a0 - yB - alpha));
      return { term: D.terms[t], a: yA, b: yB, z: delta / Math.sqrt(1 / (yA + alpha) + 1 / (yB + alpha)) };
    });
    return { rows: rows, nA: nA, nB: nB };
  }
  function outletSelect(id, value, withRest) {
    return el("select", { id: id, onchange: () => {
      const a = document.getElementById("pick-outlet").value, b = document.getElementById("pick-vs").value;
      location.hash = hash({ outlet: a, vs: b === a ? "" : b });
    } },
    withRest ? el("option", { value: "" }, "all the other outlets") : null,
    D.outlets.map((o) => el("option", value === o.name ? { value: o.name, selected: "" } : { value: o.name }, o.name)));
  }
  function scatter(result, a, b) {
    const W = 620, H = 460, M = 46, rows = result.rows;
    let min = 1;  // show terms used at least `min` times in all, few enough to read
    while (rows.filter((r) => r.a + r.b >= min).length > MAX_POINTS) min++;
    const shown = rows.filter((r) => r.a + r.b >= min);
    const rate = (count, n) => Math.log10(1000 * (count + 0.5) / Math.max(n, 1));
    const xs = shown.map((r) => rate(r.a, result.nA)), ys = shown.map((r) => rate(r.b, result.nB));
    const lo = Math.min(...xs, ...ys), hi = Math.max(...xs, ...ys);
    const sx = (v) => M + (W - M - 70) * (v - lo) / (hi - lo || 1), sy = (v) => H - M - (H - M - 10) * (v - lo) / (hi - lo || 1);
    const colourA = D.outlets[a].color, colourB = b == null ? "#555555" : D.outlets[b].color;
    const tip = document.getElementById("tooltip") || document.body.appendChild(el("div", { id: "tooltip", hidden: "" }));
    const nameB = b == null ? "the rest" : D.outlets[b].name;
    const plot = svg("svg", { id: "scatter", width: W, height: H, role: "img",
      "aria-label": "Each term's rate in " + D.outlets[a].name + " against " + nameB + " (log scales)" },
      svg("line", { class: "axis", x1: M, x2: W - 10, y1: H - M, y2: H - M }),
      svg("line", { class: "axis", x1: M, x2: M, y1: 10, y2: H - M }),
      svg("line", { class: "grid", x1: sx(lo), y1: sy(lo), x2: sx(hi), y2: sy(hi), "stroke-dasharray": "4 3" }),
      svg("text", { x: W / 2, y: H - 12, "text-anchor": "middle" }, D.outlets[a].name + ": per 1,000 words (log scale)"),
      svg("text", { x: 12, y: H / 2, transform: "rotate(-90 12 " + H / 2 + ")", "text-anchor": "middle" },
        nameB + ": per 1,000 words (log scale)"));
    shown.forEach((r, i) => {
      const strength = Math.min(Math.abs(r.z) / 4, 1);
      const dot = svg("circle", { class: "term", cx: sx(xs[i]).toFixed(1), cy: sy(ys[i]).toFixed(1), r: 3.2,
        fill: r.z >= 0 ? colourA : colourB, "fill-opacity": (0.15 + 0.85 * strength).toFixed(2), "data-term": r.term,
        onclick: () => { location.hash = hash({ term: r.term }); },
        onmousemove: (event) => {
          tip.replaceChildren(el("b", {}, r.term), " ", D.outlets[a].name + " " + r.a + ", " + nameB + " " + r.b + ", z " + fmt(r.z));
          tip.hidden = false;
          tip.style.left = event.clientX + 12 + "px";
          tip.style.top = event.clientY + 12 + "px";
        },
        onmouseleave: () => { tip.hidden = true; } },
      svg("title", {}, r.term));
      plot.append(dot);
    });
    const ranked = shown.map((r, i) => [r, i]).sort((p, q) => q[0].z - p[0].z);
    const placed = [];  // label the most distinctive terms each way, skipping labels that would overlap
    for (const [r, i] of ranked.slice(0, 10).concat(ranked.slice(-10).filter(([r2]) => r2.z < 0))) {
      const box = [sx(xs[i]) + 5, sy(ys[i]) - 14, sx(xs[i]) + 5 + 6.5 * r.term.length, sy(ys[i]) - 2];
      if (placed.some((q) => box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3])) continue;
      placed.push(box);
      plot.append(svg("text", { x: box[0].toFixed(1), y: (box[3] - 2).toFixed(1), "pointer-events": "none" }, r.term));
    }
    return [plot, el("p", { class: "note" }, "Each dot is a term used at least ", min, min === 1 ? " time" : " times",
      " (", int(shown.length), " terms); coloured by z, stronger colour for larger |z|. Above the dashed line a term is more ",
      "frequent in ", nameB, ", below it in ", D.outlets[a].name, ". Hover for the term, click to open it.")];
  }
  function keyTable(result, a, b) {
    const nameB = b == null ? "the rest" : D.outlets[b].name;
    const columns = [["term", "term"], ["a", "count, " + D.outlets[a].name], ["b", "count, " + nameB],
      ["rateA", "per 1,000, " + D.outlets[a].name], ["rateB", "per 1,000, " + nameB], ["z", "log-odds z"]];
    const rows = result.rows.map((r) => Object.assign({ rateA: 1000 * r.a / result.nA, rateB: 1000 * r.b / result.nB }, r));
    let key = "z", descending = true, limit = ROWS;
    const table = el("table", { id: "keyness" });
    const more = el("button", { type: "button", onclick: () => { limit += ROWS; draw(); } }, "show more");
    function draw() {
      const sign = descending ? -1 : 1;
      rows.sort((p, q) => (p[key] < q[key] ? sign * -1 : p[key] > q[key] ? sign : 0) || (q.z - p.z) || (p.term < q.term ? -1 : 1));
      table.replaceChildren(
        el("thead", {}, el("tr", {}, columns.map(([k, label]) => el("th", {
          class: k === "term" ? null : "num", "aria-sort": k === key ? (descending ? "descending" : "ascending") : "none" },
        el("button", { type: "button", "data-key": k, onclick: () => {
          descending = k === key ? !descending : k !== "term";
          key = k; draw();
        } }, label))))),
        el("tbody", {}, rows.slice(0, limit).map((r) => el("tr", {},
          el("td", {}, el("a", { href: hash({ term: r.term }) }, r.term)), el("td", { class: "num" }, int(r.a)),
          el("td", { class: "num" }, int(r.b)), el("td", { class: "num" }, fmt(r.rateA)),
          el("td", { class: "num" }, fmt(r.rateB)), el("td", { class: "num z" }, fmt(r.z))))));
      more.hidden = limit >= rows.length;
    }
    draw();
    return [table, more];
  }
  function showOutlet(nameA, nameB) {
    const a = nameA ? outletIndex.get(nameA) : 0;
    if (a === undefined) {
      view.append(el("h1", {}, nameA), el("p", {}, "No outlet “", nameA, "” in this corpus. Outlets: "),
        el("ul", { class: "plain" }, D.outlets.map((o, i) => el("li", {}, outletLink(i)))));
      return nameA;
    }
    const b = nameB && outletIndex.has(nameB) && outletIndex.get(nameB) !== a ? outletIndex.get(nameB) : null;
    const name = D.outlets[a].name + (b == null ? "" : " vs " + D.outlets[b].name);
    view.append(el("h1", {}, swatch(a), name),
      el("div", { class: "controls" }, el("label", {}, "Outlet ", outletSelect("pick-outlet", D.outlets[a].name, false)),
        el("label", {}, "compared with ", outletSelect("pick-vs", b == null ? "" : D.outlets[b].name, true))),
      el("p", { class: "note" }, plural(D.outlets[a].docs, "article"), ", ", plural(D.outlets[a].tokens, "word"), ". Distinctive terms: ",
        "weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), z above 0 where ",
        D.outlets[a].name, " uses the term more than ", b == null ? "the other outlets pooled" : D.outlets[b].name,
        "; |z| above 1.96 is the usual mark, not a test (words in running text are not independent draws). ",
        "Lemmas, stopwords left out. ", b == null ? "Terms the outlet never uses are listed only where z < −1.96." : ""));
    const result = comparison(a, b);
    view.append(el("h2", {}, "Frequency here and there"), ...scatter(result, a, b),
      el("h2", {}, "Distinctive terms"), el("p", { class: "note" }, "Click a column to sort; click a term to open it."),
      ...keyTable(result, a, b));
    return name;
  }

  // ------------------------------------------------------------------ article view
  function paragraph(article, p, coded) {
    const [role, text] = article.paras[p];
    const content = contentRoles.has(role);
    const body = el("div", { class: "text" });
    let cursor = 0;
    for (const [, start, end, frames] of coded.filter((c) => c[0] === p).sort((x, y) => x[1] - y[1])) {
      const labels = frames.map((f) => D.frames[f]).join(", ");
      body.append(text.slice(cursor, start),
        el("mark", { title: labels }, text.slice(start, end)), el("span", { class: "frames" }, "[" + labels + "]"));
      cursor = end;
    }
    body.append(text.slice(cursor));
    return el("div", { class: "para" + (content ? "" : " clutter"), id: "p" + p, "data-role": D.roles[role] },
      el("span", { class: "role" }, D.roles[role]), body);
  }
  function showArticle(id, para) {
    const d = articleIndex.get(id);
    if (d === undefined) {
      view.append(el("h1", {}, id), el("p", {}, "No article “", id, "” in this corpus."), articleBrowser(""));
      return id;
    }
    // sharded:begin
    if (waiting([shardOf("articles", d)])) return id;
    // sharded:end
    const article = D.articles[d];
    const prev = D.articles[d - 1], next = D.articles[d + 1];
    view.append(el("p", { class: "note" }, outletLink(article.outlet), " · ", article.date, " · ", article.id,
      prev ? [" · ", el("a", { href: hash({ article: prev.id }) }, "← previous")] : null,
      next ? [" · ", el("a", { href: hash({ article: next.id }) }, "next →")] : null),
    el("h1", {}, article.headline),
    el("p", { class: "note" }, "The article as segmented: each line with its role; grey lines are clutter left out of every count. ",
      "Highlighted sentences carry at least one frame of the codebook, named in brackets (", article.coded.length,
      article.coded.length === 1 ? " sentence)." : " sentences)."),
    el("div", { id: "article" }, article.paras.map((_, p) => paragraph(article, p, article.coded))));
    if (para != null && document.getElementById("p" + para)) {
      const target = document.getElementById("p" + para);
      target.classList.add("target");
      setTimeout(() => target.scrollIntoView({ block: "center" }), 0);
    }
    return article.id;
  }

  // ------------------------------------------------------------------ home: outlets and a searchable, paged article list
  function articleBrowser(initial) {
    const box = el("input", { id: "article-filter", type: "search", placeholder: "filter by id, outlet, date or headline",
      value: initial, size: 40 });
    const listing = el("ol", { id: "articles", class: "plain" }), pager = el("div", { class: "pager" });
    let page = 0;
    function draw() {
      const query = box.value.trim().toLowerCase();
      const matching = D.articles.filter((a) => !query || (a.id + " " + D.outlets[a.outlet].name + " " + a.date + " " + a.headline)
        .toLowerCase().includes(query));
      const pages = Math.max(1, Math.ceil(matching.length / PAGE));
      page = Math.min(page, pages - 1);
      listing.replaceChildren(...matching.slice(page * PAGE, (page + 1) * PAGE).map((a) => el("li", {},
        swatch(a.outlet), el("a", { href: hash({ article: a.id }) }, a.headline), " ",
        el("span", { class: "note" }, D.outlets[a.outlet].name, " · ", a.date, " · ", a.id))));
      pager.replaceChildren(
        el("button", { type: "button", disabled: page === 0 ? "" : null, onclick: () => { page--; draw(); } }, "← earlier"),
        el("span", {}, "page " + (page + 1) + " of " + pages + " (" + int(matching.length) + " articles)"),
        el("button", { type: "button", disabled: page >= pages - 1 ? "" : null, onclick: () => { page++; draw(); } }, "later →"));
    }
    box.addEventListener("input", () => { page = 0; draw(); });
    draw();
    return el("div", {}, box, pager, listing);
  }
  function showHome() {
    const common = D.rates.map((r, t) => [t, r.filter((_, i) => i % 5 === 1).reduce((s, c) => s + c, 0)])
      .filter(([t]) => pooled[t] > 0).sort((p, q) => q[1] - p[1]).slice(0, 30);
    view.append(el("h1", {}, OPT.title),
      el("p", {}, "Search any term above (words as lemmas, multiword names as one term) to see its rate in each outlet ",
        "and every line it occurs in; open an outlet for its distinctive terms; open an article to read it as segmented, ",
        "with its frame-coded sentences. Every view has its own link (copy the address to share it)."),
      el("h2", {}, "Frequent terms"),
      el("p", {}, common.map(([t], i) => [i ? " · " : "", el("a", { href: hash({ term: D.terms[t] }) }, D.terms[t])])),
      el("h2", {}, "Outlets"),
      el("ul", { class: "plain" }, D.outlets.map((o, i) => el("li", {}, outletLink(i), " ",
        el("span", { class: "note" }, plural(o.docs, "article"), ", ", plural(o.tokens, "word"))))),
      el("h2", {}, "Articles"), articleBrowser(""));
    return null;
  }

  // ------------------------------------------------------------------ routing: the hash names the view
  function route() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    document.getElementById("tooltip")?.setAttribute("hidden", "");
    view.replaceChildren();
    let name;
    if (params.has("term")) name = showTerm(params.get("term"));
    else if (params.has("outlet")) name = showOutlet(params.get("outlet"), params.get("vs"));
    else if (params.has("article")) name = showArticle(params.get("article"), params.get("para"));
    else name = showHome();
    document.title = name ? name + " — " + OPT.title : OPT.title;
    view.setAttribute("data-view", params.has("term") ? "term" : params.has("outlet") ? "outlet" : params.has("article") ? "article" : "home");
    if (!params.has("para")) window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);
  route();
})();
