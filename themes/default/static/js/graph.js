// graph.js — the link graph (loaded on demand by site.js): a note's neighbourhood in the sidebar
// and the whole vault on graph/. Reads graph.json once, lays it out in graph-worker.js and draws
// on a devicePixelRatio-aware <canvas>: hover highlights neighbours, click opens a note, wheel /
// drag / pinch and the keyboard (arrows, + and −, 0, Enter) pan and zoom. Colours follow the theme.

import { visit } from "./navigate.js";
// The interface strings of the site's language, written by the build (a page's data-s-* win).
import strings from "./strings.js";

const html = document.documentElement;
const root = new URL(html.dataset.root || "./", document.baseURI);
let graphData = null;
const LINK_BUDGET = 30000; // links drawn at most per frame
// Folder colours come from the theme (--graph-c0 … --graph-c8, each at least 3:1 against the
// graph's background in light and dark); notes beyond them get --graph-node.
const PALETTE_SIZE = 9;
const still = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

function loadGraph() {
  // graph-view.json is graph.json with indices instead of repeated ids: a tenth of the size.
  graphData ??= fetch(new URL("graph-view.json", root))
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.status))))
    .then(index);
  return graphData;
}

// Notes as objects, and undirected adjacency over note indices, built once.
function index(view) {
  const data = {
    nodes: view.ids.map((id, i) => ({ id, title: view.titles[i], url: view.urls[i], tags: view.tags[i] })),
    tagNames: view.tagNames, tagUrls: view.tagUrls,
  };
  const ids = new Map(data.nodes.map((node, i) => [node.id, i]));
  const adj = data.nodes.map(() => new Set());
  for (let k = 0; k + 1 < view.links.length; k += 2) {
    const s = view.links[k], t = view.links[k + 1];
    if (s === t) continue;
    adj[s].add(t);
    adj[t].add(s);
  }
  // Nodes are coloured by top-level folder, the biggest folders first.
  const top = (id) => (id.includes("/") ? id.slice(0, id.indexOf("/")) : "");
  const sizes = new Map();
  for (const node of data.nodes) sizes.set(top(node.id), (sizes.get(top(node.id)) || 0) + 1);
  const order = [...sizes.keys()].filter((f) => f).sort((a, b) => sizes.get(b) - sizes.get(a) || a.localeCompare(b));
  const group = data.nodes.map((node) => {
    const at = order.indexOf(top(node.id));
    return at < 0 || at >= PALETTE_SIZE ? PALETTE_SIZE : at;
  });
  return { nodes: data.nodes, ids, adj, group, groups: order.slice(0, PALETTE_SIZE),
    tagNames: data.tagNames, tagUrls: data.tagUrls };
}

// The nodes and links to draw: the whole graph, or a note's neighbours up to `depth` links away.
function subgraph(g, { center = -1, depth = 1, tags = false }) {
  let members;
  if (center < 0) {
    members = g.nodes.map((_, i) => i);
  } else {
    const seen = new Map([[center, 0]]);
    let frontier = [center];
    for (let d = 1; d <= depth; d++) {
      const nextFrontier = [];
      for (const i of frontier) for (const j of g.adj[i]) if (!seen.has(j)) { seen.set(j, d); nextFrontier.push(j); }
      frontier = nextFrontier;
    }
    members = [...seen.keys()];
  }
  const local = new Map(members.map((gi, i) => [gi, i]));
  const nodes = members.map((gi) => {
    const node = g.nodes[gi];
    return { title: node.title, url: node.url, tag: false, current: gi === center, group: g.group[gi] };
  });
  const src = [], dst = [];
  for (const [gi, i] of local) {
    for (const gj of g.adj[gi]) {
      const j = local.get(gj);
      if (j !== undefined && i < j) { src.push(i); dst.push(j); }
    }
  }
  const noteLinks = src.length;
  if (tags) {
    const tagIndex = new Map();
    members.forEach((gi, i) => {
      for (const t of g.nodes[gi].tags || []) {
        if (!tagIndex.has(t)) {
          tagIndex.set(t, nodes.length);
          nodes.push({ title: "#" + g.tagNames[t], url: g.tagUrls[t], tag: true, current: false, group: -1 });
        }
        src.push(i);
        dst.push(tagIndex.get(t));
      }
    });
  }
  return { nodes, src: Int32Array.from(src), dst: Int32Array.from(dst), noteCount: members.length, noteLinks };
}

function plural(n, forms, lang) {
  const list = forms.split("|");
  const category = new Intl.PluralRules(lang).select(n);
  const at = { one: 0, few: 1, many: 2 }[category];
  return `${n.toLocaleString(lang)} ${list[Math.min(at ?? list.length - 1, list.length - 1)]}`;
}

function colours(el) {
  const css = getComputedStyle(el);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    node: v("--graph-node"), tag: v("--graph-tag"), current: v("--graph-current"),
    link: v("--graph-link"), linkHi: v("--graph-link-hi"), text: v("--fg"), halo: v("--bg"),
    focus: v("--accent"), palette: Array.from({ length: PALETTE_SIZE }, (_, i) => v(`--graph-c${i}`)),
  };
}

class GraphView {
  constructor(el, signal) {
    this.el = el;
    this.global = el.dataset.graph === "global";
    this.lang = html.lang || "ru";
    this.canvas = document.createElement("canvas");
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", el.dataset.sLabel || "");
    this.caption = document.createElement("p");
    // The local graph's caption is for screen readers (the sidebar has no room for four lines).
    this.caption.className = this.global ? "graph-caption" : "graph-caption visually-hidden";
    this.caption.id = `graph-caption-${el.dataset.graph}`;
    this.canvas.setAttribute("aria-describedby", this.caption.id);
    this.frame = document.createElement("div");
    this.frame.className = "graph-frame";
    this.frame.append(this.canvas);
    if (el.dataset.sLoading) {
      this.status = document.createElement("p");
      this.status.className = "graph-status";
      this.status.textContent = el.dataset.sLoading;
      this.frame.append(this.status);
    }
    el.append(this.frame, this.caption);
    this.ctx = this.canvas.getContext("2d");
    this.k = 1; this.tx = 0; this.ty = 0;
    this.follow = true; // keep fitting the view until the reader pans or zooms
    this.hover = -1;
    this.keyNode = -1;
    this.pointers = new Map();
    this.pending = false;
    this.lastPaint = 0;
    this.lastMove = 0;
    this.baseFresh = false;
    this.font = `12px ${getComputedStyle(el).fontFamily}`;
    this.colours = colours(el);
    this.resize();
    const sized = new ResizeObserver(() => this.resize());
    sized.observe(this.frame);
    const themed = new MutationObserver(() => this.recolour());
    themed.observe(html, { attributes: true, attributeFilter: ["data-theme"] });
    document.addEventListener("sitegen:theme", () => this.recolour(), { signal });
    // Another page replaced this one in place (instant navigation): stop the layout and watchers.
    signal?.addEventListener("abort", () => {
      sized.disconnect();
      themed.disconnect();
      this.worker?.terminate();
      this.worker = null;
    });
    this.bind();
  }

  recolour() {
    this.colours = colours(this.el);
    this.baseFresh = false;
    this.draw();
  }

  load(graph) {
    this.graph = graph;
    this.worker?.terminate();
    const n = graph.nodes.length;
    this.pos = null;
    this.degree = new Float32Array(n);
    this.neighbours = graph.nodes.map(() => []);
    for (let l = 0; l < graph.src.length; l++) {
      const s = graph.src[l], t = graph.dst[l];
      this.degree[s]++; this.degree[t]++;
      this.neighbours[s].push(t); this.neighbours[t].push(s);
    }
    this.radius = Float32Array.from(this.degree, (d, i) =>
      graph.nodes[i].current ? 7 : graph.nodes[i].tag ? 3.5 : Math.min(2.5 + Math.sqrt(d), 10));
    // Labels are tried biggest first, so the hubs are named when space is short.
    this.byDegree = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.degree[b] - this.degree[a]);
    this.hover = -1;
    this.keyNode = -1;
    this.follow = true;
    const ds = { ...strings.graph, ...this.el.dataset };
    let text = (ds.sSummary || "{notes}, {links}")
      .replace("{notes}", plural(graph.noteCount, ds.sNotes || "note|notes", this.lang))
      .replace("{links}", plural(graph.noteLinks, ds.sLinks || "link|links", this.lang));
    this.caption.textContent = `${text[0].toUpperCase()}${text.slice(1)}. ${ds.sAlt || ""}`;
    this.widths = new Float32Array(n);
    const big = this.big = n > 2000;
    this.running = true;
    this.baseFresh = false;
    this.worker = new Worker(new URL("./graph-worker.js", import.meta.url));
    const calm = still();
    this.worker.onmessage = (e) => {
      if (calm && !e.data.done && this.pos && !this.dragging) return; // no animation: show the settled layout
      this.pos = e.data.pos;
      this.running = !e.data.done;
      this.baseFresh = false;
      if (this.status) { this.status.remove(); this.status = null; }
      this.draw();
    };
    this.worker.postMessage({
      type: "start", n, src: graph.src, dst: graph.dst,
      center: graph.nodes.findIndex((node) => node.current), pin: !this.global,
      charge: this.global ? (big ? -40 : -90) : -120, linkDistance: this.global ? (big ? 30 : 40) : 45,
      gravity: this.global ? 0.05 : 0.08, ticks: big ? 220 : 300, spread: big ? 8 : 12,
      warmup: big ? 700 : 0, every: big ? 120 : 0,
    });
  }

  resize() {
    const r = this.frame.getBoundingClientRect();
    this.w = Math.max(1, r.width);
    this.h = Math.max(1, r.height);
    this.dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.w * this.dpr);
    this.canvas.height = Math.round(this.h * this.dpr);
    this.canvas.style.width = `${this.w}px`;
    this.canvas.style.height = `${this.h}px`;
    this.baseFresh = false;
    this.draw(true);
  }

  // ---- view transform: screen = world * k + t
  toWorld(sx, sy) { return [(sx - this.tx) / this.k, (sy - this.ty) / this.k]; }

  fitTarget() {
    const p = this.pos, n = p.length / 2;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = p[2 * i], y = p[2 * i + 1];
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
    // Room for the labels: they hang below the nodes and are centred on them.
    const padX = this.global ? 24 : 18, padTop = 18, padBottom = 30;
    const c = this.global ? -1 : this.graph.nodes.findIndex((node) => node.current);
    if (c >= 0) {
      // The note itself stays in the middle: the scale fits its farthest neighbour on each side.
      const cx = p[2 * c], cy = p[2 * c + 1];
      const rx = Math.max(x1 - cx, cx - x0, 1), ry = Math.max(y1 - cy, cy - y0, 1);
      const most = this.el.classList.contains("graph-expanded") ? 4 : 1.6;
      const k = Math.min((this.w / 2 - padX) / rx, (this.h / 2 - padBottom) / ry, most);
      return { k, tx: this.w / 2 - k * cx, ty: this.h / 2 - k * cy };
    }
    const k = Math.min((this.w - 2 * padX) / Math.max(x1 - x0, 1),
      (this.h - padTop - padBottom) / Math.max(y1 - y0, 1), this.global ? 3 : 1.6);
    return { k, tx: this.w / 2 - k * (x0 + x1) / 2, ty: padTop + (this.h - padTop - padBottom) / 2 - k * (y0 + y1) / 2 };
  }

  zoom(factor, sx = this.w / 2, sy = this.h / 2) {
    const k = Math.min(Math.max(this.k * factor, 0.02), 12);
    this.tx = sx - (sx - this.tx) * (k / this.k);
    this.ty = sy - (sy - this.ty) * (k / this.k);
    this.k = k;
    this.follow = false;
    this.lastMove = performance.now();
    this.draw();
  }

  pan(dx, dy) {
    this.tx += dx; this.ty += dy;
    this.follow = false;
    this.lastMove = performance.now();
    this.draw();
  }

  nodeAt(sx, sy, slop = 4) {
    if (!this.pos) return -1;
    const [wx, wy] = this.toWorld(sx, sy);
    const p = this.pos;
    let best = -1, bestD = Infinity;
    for (let i = 0, n = p.length / 2; i < n; i++) {
      const dx = p[2 * i] - wx, dy = p[2 * i + 1] - wy, d = dx * dx + dy * dy;
      const r = Math.max(this.radius[i], 2 / this.k) + slop / this.k;
      if (d < r * r && d < bestD) { best = i; bestD = d; }
    }
    return best;
  }

  nearestToCentre() {
    if (!this.pos) return -1;
    const [wx, wy] = this.toWorld(this.w / 2, this.h / 2);
    let best = -1, bestD = Infinity;
    for (let i = 0, n = this.pos.length / 2; i < n; i++) {
      const dx = this.pos[2 * i] - wx, dy = this.pos[2 * i + 1] - wy, d = dx * dx + dy * dy;
      if (d < bestD) { best = i; bestD = d; }
    }
    return best;
  }

  open(i) {
    const node = this.graph.nodes[i];
    if (node) visit(new URL(encodeURI(node.url), root));
  }

  // ---- Drawing. Links and nodes go to a cached layer (`base`) that is redrawn only when the
  // positions, the view or the colours change; hover, the keyboard ring and labels are drawn over
  // it every frame. Big graphs repaint at most a few times a second while the layout runs, and
  // while the reader pans or zooms they see the old layer moved and scaled until they pause.
  draw(now) {
    if (now) return this.paint();
    if (this.pending) return;
    this.pending = true;
    const gap = this.big && this.running && !this.interacting() ? 250 : 0;
    const wait = Math.max(0, this.lastPaint + gap - performance.now());
    const go = () => requestAnimationFrame(() => { this.pending = false; this.paint(); });
    if (wait > 0) setTimeout(go, wait); else go();
  }

  interacting() { return performance.now() - this.lastMove < 180; }

  paint() {
    const { ctx, dpr, w, h } = this;
    this.lastPaint = performance.now();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!this.pos || !this.graph) return;
    if (this.follow) {
      const t = this.fitTarget();
      const a = this.baseView && !still() ? 0.3 : 1;  // glides to the fit, or jumps with reduced motion
      this.k += (t.k - this.k) * a; this.tx += (t.tx - this.tx) * a; this.ty += (t.ty - this.ty) * a;
      if (Math.abs(t.k - this.k) / t.k > 0.005 || Math.abs(t.tx - this.tx) > 0.5 || Math.abs(t.ty - this.ty) > 0.5) this.draw();
    }
    const v = this.baseView;
    const same = v && v.k === this.k && v.tx === this.tx && v.ty === this.ty && v.w === w && v.h === h;
    if (!this.baseFresh || !same) {
      if (v && this.baseFresh && this.big && this.interacting()) {
        // A cheap preview while the reader moves the view; the real layer follows when they pause.
        const r = this.k / v.k;
        ctx.drawImage(this.base, this.tx - v.tx * r, this.ty - v.ty * r, v.w * r, v.h * r);
        clearTimeout(this.settle);
        this.settle = setTimeout(() => this.draw(), 200);
        this.overlay(true);
        return;
      }
      this.renderBase();
    }
    ctx.drawImage(this.base, 0, 0, w, h);
    this.overlay(false);
  }

  renderBase() {
    const { dpr, w, h, k, tx, ty } = this;
    const base = this.base ??= document.createElement("canvas");
    if (base.width !== this.canvas.width || base.height !== this.canvas.height) {
      base.width = this.canvas.width;
      base.height = this.canvas.height;
    }
    const ctx = base.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const p = this.pos, n = p.length / 2, nodes = this.graph.nodes, c = this.colours;
    const [x0, y0] = this.toWorld(-20, -20), [x1, y1] = this.toWorld(w + 20, h + 20);
    const inView = (i) => p[2 * i] > x0 && p[2 * i] < x1 && p[2 * i + 1] > y0 && p[2 * i + 1] < y1;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
    // Links: with tens of thousands on screen, an even sample of them draws the same grey haze.
    const { src, dst } = this.graph;
    const shown = [];
    for (let l = 0; l < src.length; l++) if (inView(src[l]) || inView(dst[l])) shown.push(l);
    const step = Math.max(1, Math.ceil(shown.length / LINK_BUDGET));
    ctx.lineWidth = Math.max(0.5, Math.min(1.2, 1.2 * k)) / k;
    ctx.strokeStyle = c.link;
    ctx.beginPath();
    for (let j = 0; j < shown.length; j += step) {
      const l = shown[j], s = src[l], t = dst[l];
      ctx.moveTo(p[2 * s], p[2 * s + 1]);
      ctx.lineTo(p[2 * t], p[2 * t + 1]);
    }
    ctx.stroke();
    // Nodes, one path per colour; specks smaller than a few pixels are squares, which are cheaper.
    const minR = 1.6 / k;
    const groups = new Map();
    for (let i = 0; i < n; i++) {
      if (!inView(i) || nodes[i].current) continue;
      const colour = this.fill(i);
      if (!groups.has(colour)) groups.set(colour, []);
      groups.get(colour).push(i);
    }
    const dots = (list) => {
      ctx.beginPath();
      for (const i of list) {
        const r = Math.max(this.radius[i], minR), x = p[2 * i], y = p[2 * i + 1];
        if (r * k < 2.2) ctx.rect(x - r, y - r, 2 * r, 2 * r);
        else { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); }
      }
      ctx.fill();
    };
    for (const [colour, list] of groups) { ctx.fillStyle = colour; dots(list); }
    const current = [];
    for (let i = 0; i < n; i++) if (nodes[i].current) current.push(i);
    if (current.length) {
      ctx.fillStyle = c.current;
      dots(current);
      this.ring(ctx, current, c.text, 2);
    }
    this.baseView = { k, tx, ty, w, h };
    this.baseFresh = true;
  }

  fill(i) {
    const node = this.graph.nodes[i];
    return node.tag ? this.colours.tag : node.group < PALETTE_SIZE ? this.colours.palette[node.group] : this.colours.node;
  }

  ring(ctx, list, colour, width, gap = 1.5) {
    const p = this.pos, k = this.k;
    ctx.strokeStyle = colour;
    ctx.lineWidth = width / k;
    ctx.beginPath();
    for (const i of list) {
      const r = Math.max(this.radius[i], 1.6 / k) + gap / k;
      ctx.moveTo(p[2 * i] + r, p[2 * i + 1]);
      ctx.arc(p[2 * i], p[2 * i + 1], r, 0, 2 * Math.PI);
    }
    ctx.stroke();
  }

  // Hover highlight, keyboard ring and labels, over the cached layer.
  overlay(preview) {
    const { ctx, dpr, w, h, k, tx, ty } = this;
    const p = this.pos, nodes = this.graph.nodes, c = this.colours;
    const focus = this.hover;
    const near = focus >= 0 ? new Set([focus, ...this.neighbours[focus]]) : null;
    if (near && !preview) {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalAlpha = 0.7;
      ctx.fillStyle = c.halo;
      ctx.fillRect(0, 0, w, h); // dims everything that is not highlighted
      ctx.globalAlpha = 1;
      ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
      ctx.strokeStyle = c.linkHi;
      ctx.lineWidth = Math.max(1.2, 1.6 * k) / k;
      ctx.beginPath();
      for (const j of this.neighbours[focus]) {
        ctx.moveTo(p[2 * focus], p[2 * focus + 1]);
        ctx.lineTo(p[2 * j], p[2 * j + 1]);
      }
      ctx.stroke();
      for (const i of near) {
        ctx.fillStyle = nodes[i].current ? c.current : this.fill(i);
        ctx.beginPath();
        const r = Math.max(this.radius[i], 2 / k);
        ctx.arc(p[2 * i], p[2 * i + 1], r, 0, 2 * Math.PI);
        ctx.fill();
      }
      this.ring(ctx, [focus], c.text, 2);
    }
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
    if (this.keyNode >= 0 && document.activeElement === this.canvas) this.ring(ctx, [this.keyNode], c.focus, 2.5, 4);
    if (preview) return;
    // Labels in screen space, biggest nodes first, never overlapping.
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = this.font;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    const boxes = [];
    const fits = (b) => !boxes.some((o) => b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]);
    const max = this.global || this.el.classList.contains("graph-expanded") ? 40 : 26;
    const label = (i, force, full = false) => {
      let sx = p[2 * i] * k + tx;
      const sy = p[2 * i + 1] * k + ty + Math.max(this.radius[i] * k, 1.6) + 3;
      if (sx < -50 || sx > w + 50 || sy < -20 || sy > h + 20) return false;
      let text = nodes[i].title;
      if (text.length > max && !full) text = text.slice(0, max - 2) + "…";
      const tw = full ? ctx.measureText(text).width : (this.widths[i] ||= ctx.measureText(text).width);
      if (tw < w - 8) sx = Math.min(Math.max(sx, tw / 2 + 4), w - tw / 2 - 4); // keep it inside the frame
      const box = [sx - tw / 2 - 2, sy - 1, sx + tw / 2 + 2, sy + 15];
      if (!force && !fits(box)) return false;
      boxes.push(box);
      if (full) { // the name in full, on a plate, over whatever is behind it
        ctx.fillStyle = c.halo;
        ctx.fillRect(box[0] - 2, box[1] - 1, box[2] - box[0] + 4, box[3] - box[1] + 2);
      }
      ctx.strokeStyle = c.halo;
      ctx.lineWidth = 3;
      ctx.strokeText(text, sx, sy);
      ctx.fillStyle = c.text;
      ctx.fillText(text, sx, sy);
      return true;
    };
    if (focus >= 0) label(focus, true, true);
    if (this.keyNode >= 0 && this.keyNode !== focus && document.activeElement === this.canvas) label(this.keyNode, true, true);
    if (focus >= 0) for (const j of this.neighbours[focus]) label(j, false);
    if (near) return;
    const limit = this.global ? 250 : 120;
    let shown = 0;
    for (const i of this.byDegree) {
      if (shown >= limit) break;
      if (this.radius[i] * k >= (this.global ? 5 : 2) || nodes[i].current) shown += label(i, nodes[i].current) ? 1 : 0;
    }
  }

  bind() {
    const cv = this.canvas;
    cv.style.touchAction = "none";
    let down = null;
    let pinch = null;
    const local = (e) => {
      const r = cv.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    cv.addEventListener("pointerdown", (e) => {
      try { cv.setPointerCapture(e.pointerId); } catch { /* a synthetic pointer */ }
      const [sx, sy] = local(e);
      this.pointers.set(e.pointerId, [sx, sy]);
      if (this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        pinch = { d: Math.hypot(a[0] - b[0], a[1] - b[1]) };
        down = null;
        return;
      }
      const node = this.nodeAt(sx, sy, e.pointerType === "touch" ? 10 : 4);
      down = { sx, sy, lx: sx, ly: sy, node, moved: false };
    });
    cv.addEventListener("pointermove", (e) => {
      const [sx, sy] = local(e);
      if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, [sx, sy]);
      if (pinch && this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (pinch.d > 0) this.zoom(d / pinch.d, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
        pinch.d = d;
        return;
      }
      if (down) {
        if (Math.hypot(sx - down.sx, sy - down.sy) > 4) down.moved = true;
        if (!down.moved) return;
        if (down.node >= 0) {
          const [wx, wy] = this.toWorld(sx, sy);
          this.worker.postMessage({ type: "drag", i: down.node, x: wx, y: wy });
          this.dragging = true;
          this.follow = false;
        } else {
          this.pan(sx - down.lx, sy - down.ly);
        }
        down.lx = sx; down.ly = sy;
        return;
      }
      if (e.pointerType !== "mouse") return;
      const node = this.nodeAt(sx, sy);
      if (node !== this.hover) {
        this.hover = node;
        cv.style.cursor = node >= 0 ? "pointer" : "";
        cv.title = node >= 0 ? this.graph.nodes[node].title : "";
        this.draw();
      }
    });
    const end = (e) => {
      this.pointers.delete(e.pointerId);
      if (pinch) {
        if (this.pointers.size < 2) pinch = null;
        return;
      }
      if (!down) return;
      this.dragging = false;
      if (down.node >= 0 && down.moved) this.worker.postMessage({ type: "release", i: down.node });
      else if (down.node >= 0 && e.type === "pointerup") this.open(down.node);
      down = null;
    };
    cv.addEventListener("pointerup", end);
    cv.addEventListener("pointercancel", end);
    cv.addEventListener("pointerleave", () => {
      if (this.hover >= 0 && !down) { this.hover = -1; this.draw(); }
    });
    cv.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [sx, sy] = local(e);
      this.zoom(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0025)), sx, sy);
    }, { passive: false });
    cv.addEventListener("focus", () => { this.keyNode = this.nearestToCentre(); this.draw(); });
    cv.addEventListener("blur", () => this.draw());
    cv.addEventListener("keydown", (e) => {
      const step = 60;
      const keys = {
        ArrowLeft: () => this.pan(step, 0), ArrowRight: () => this.pan(-step, 0),
        ArrowUp: () => this.pan(0, step), ArrowDown: () => this.pan(0, -step),
        "+": () => this.zoom(1.25), "=": () => this.zoom(1.25), "-": () => this.zoom(0.8), "_": () => this.zoom(0.8),
        "0": () => { this.follow = true; this.draw(); },
      };
      if (keys[e.key] && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        keys[e.key]();
        this.keyNode = this.nearestToCentre();
        this.draw();
      } else if (e.key === "Enter" && this.keyNode >= 0) {
        e.preventDefault();
        this.open(this.keyNode);
      }
    });
    for (const b of this.el.querySelectorAll("[data-graph-zoom]")) {
      b.addEventListener("click", () => {
        const how = b.dataset.graphZoom;
        if (how === "in") this.zoom(1.4);
        else if (how === "out") this.zoom(1 / 1.4);
        else { this.follow = true; this.draw(); }
      });
    }
  }
}

// "Full screen": the local graph fills the window (Esc or the button closes it, focus stays inside).
function bindExpand(el, view) {
  const button = el.querySelector("[data-graph-expand]");
  if (!button) return;
  const set = (on) => {
    el.classList.toggle("graph-expanded", on);
    html.classList.toggle("graph-expanded-open", on);
    button.setAttribute("aria-pressed", String(on));
    const say = { ...strings.graph, ...button.dataset };
    button.textContent = on ? say.sCollapse : say.sExpand;
    view.follow = true;
    view.resize();
    (on ? view.canvas : button).focus();
  };
  button.addEventListener("click", () => set(!el.classList.contains("graph-expanded")));
  el.addEventListener("keydown", (e) => {
    if (!el.classList.contains("graph-expanded")) return;
    if (e.key === "Escape") { e.preventDefault(); set(false); return; }
    if (e.key !== "Tab") return;
    const stops = [...el.querySelectorAll("input, select, button, canvas")].filter((x) => x.getClientRects().length);
    const at = stops.indexOf(document.activeElement);
    const next = (at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length;
    e.preventDefault();
    stops[next].focus();
  });
}

const SETTINGS = "sitegen-graph";

export async function mount(el, signal) {
  if (el.dataset.mounted || signal?.aborted) return;
  el.dataset.mounted = "1";
  const view = new GraphView(el, signal);
  let data;
  try {
    data = await loadGraph();
  } catch {
    view.caption.textContent = el.dataset.sError || strings.graph.sError || "graph-view.json ✗";
    view.status?.remove();
    return;
  }
  if (signal?.aborted) return;
  const center = el.dataset.id !== undefined ? data.ids.get(el.dataset.id) ?? -1 : -1;
  const tagsBox = el.querySelector("[data-graph-tags]");
  const depthSelect = el.querySelector("[data-graph-depth]");
  let saved = {};
  try { saved = JSON.parse(localStorage.getItem(SETTINGS) || "{}"); } catch { /* ignore */ }
  const key = view.global ? "global" : "local";
  if (tagsBox) tagsBox.checked = !!saved[key + "Tags"];
  if (depthSelect && saved.depth) depthSelect.value = String(saved.depth);
  const update = () => {
    const options = { tags: !!tagsBox?.checked, depth: Number(depthSelect?.value || 1) };
    if (!view.global && center < 0) return;
    view.load(subgraph(data, { ...options, center: view.global ? -1 : center }));
    saved[key + "Tags"] = options.tags;
    if (depthSelect) saved.depth = options.depth;
    try { localStorage.setItem(SETTINGS, JSON.stringify(saved)); } catch { /* ignore */ }
  };
  if (view.global && data.groups.length > 1) {
    const legend = document.createElement("ul");
    legend.className = "graph-legend";
    data.groups.forEach((name, i) => {
      const li = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "graph-swatch";
      swatch.style.background = `var(--graph-c${i})`;
      li.append(swatch, name);
      legend.append(li);
    });
    view.caption.after(legend);
  }
  bindExpand(el, view);
  tagsBox?.addEventListener("change", update);
  depthSelect?.addEventListener("change", update);
  update();
}
