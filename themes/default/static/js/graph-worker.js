// graph-worker.js — the graph layout, off the main thread: a force simulation (springs on links,
// Barnes–Hut many-body repulsion over a quadtree, a gentle pull to the centre) that streams node
// positions back to graph.js as it settles. Messages in: start, drag, release, reheat, stop.

const THETA2 = 0.81; // Barnes–Hut opening angle, squared
const VELOCITY_KEEP = 0.6;
const ALPHA_MIN = 0.002;

let n = 0;
let x, y, vx, vy, fixed, fx, fy;
let src, dst, linkBias, linkStrength;
let charge = -30;
let linkDistance = 30;
let gravity = 0.04;
let alpha = 1;
let alphaTarget = 0;
let alphaDecay = 0.02;
let running = false;
let timer = 0;
let pinned = -1;

// ---- Quadtree in flat typed arrays, rebuilt every tick.
let cap = 0;
let child, first, count, size, mx, my, next;
let cells = 0;

function grow(min) {
  cap = Math.max(min, cap * 2, 64);
  const old = { child, first, count, size, mx, my };
  child = new Int32Array(cap * 4);
  first = new Int32Array(cap);
  count = new Float64Array(cap);
  size = new Float64Array(cap);
  mx = new Float64Array(cap);
  my = new Float64Array(cap);
  if (old.child) {
    child.set(old.child);
    first.set(old.first);
    count.set(old.count);
    size.set(old.size);
    mx.set(old.mx);
    my.set(old.my);
  }
}

function newCell(s) {
  if (cells >= cap) grow(cells + 1);
  const c = cells++;
  child.fill(-1, c * 4, c * 4 + 4);
  first[c] = -1;
  count[c] = 0;
  size[c] = s;
  mx[c] = 0;
  my[c] = 0;
  return c;
}

function buildTree() {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < x0) x0 = x[i];
    if (x[i] > x1) x1 = x[i];
    if (y[i] < y0) y0 = y[i];
    if (y[i] > y1) y1 = y[i];
  }
  const s0 = Math.max(x1 - x0, y1 - y0, 1) * 1.0001;
  cells = 0;
  if (!cap) grow(4 * n + 64);
  newCell(s0);
  next.fill(-1);
  for (let i = 0; i < n; i++) {
    let c = 0, cx = x0, cy = y0, s = s0, depth = 0;
    for (;;) {
      const leaf = first[c] !== -2; // -2 marks an inner cell
      if (leaf) {
        const p = first[c];
        if (p === -1) { first[c] = i; break; }
        if ((x[p] === x[i] && y[p] === y[i]) || depth > 40) { next[i] = p; first[c] = i; break; }
        // Split: push the resident point(s) one level down, then carry on with i.
        first[c] = -2;
        const h = s / 2;
        const q = (x[p] >= cx + h ? 1 : 0) + (y[p] >= cy + h ? 2 : 0);
        const k = newCell(h);
        child[c * 4 + q] = k;
        first[k] = p;
      }
      const h = s / 2;
      const q = (x[i] >= cx + h ? 1 : 0) + (y[i] >= cy + h ? 2 : 0);
      if (q & 1) cx += h;
      if (q & 2) cy += h;
      s = h;
      depth++;
      const k = child[c * 4 + q];
      if (k === -1) {
        const leafCell = newCell(s);
        child[c * 4 + q] = leafCell;
        first[leafCell] = i;
        break;
      }
      c = k;
    }
  }
  // Children are always created after their parent: sum masses in reverse order.
  for (let c = cells - 1; c >= 0; c--) {
    if (first[c] !== -2) {
      let m = 0, sx = 0, sy = 0;
      for (let p = first[c]; p !== -1; p = next[p]) { m++; sx += x[p]; sy += y[p]; }
      count[c] = m; mx[c] = m ? sx / m : 0; my[c] = m ? sy / m : 0;
    } else {
      let m = 0, sx = 0, sy = 0;
      for (let q = 0; q < 4; q++) {
        const k = child[c * 4 + q];
        if (k !== -1 && count[k]) { m += count[k]; sx += mx[k] * count[k]; sy += my[k] * count[k]; }
      }
      count[c] = m; mx[c] = m ? sx / m : 0; my[c] = m ? sy / m : 0;
    }
  }
}

const stack = new Int32Array(4096);

function manyBody() {
  buildTree();
  const k = charge * alpha;
  for (let i = 0; i < n; i++) {
    const xi = x[i], yi = y[i];
    let ax = 0, ay = 0, top = 0;
    stack[top++] = 0;
    while (top) {
      const c = stack[--top];
      if (!count[c]) continue;
      let dx = mx[c] - xi, dy = my[c] - yi, d2 = dx * dx + dy * dy;
      const inner = first[c] === -2;
      if (inner && size[c] * size[c] < THETA2 * d2) {
        if (d2 < 1) d2 = Math.sqrt(d2) || 1;
        const f = k * count[c] / d2;
        ax += dx * f; ay += dy * f;
      } else if (inner) {
        for (let q = 0; q < 4; q++) {
          const ch = child[c * 4 + q];
          if (ch !== -1 && top < stack.length) stack[top++] = ch;
        }
      } else {
        for (let p = first[c]; p !== -1; p = next[p]) {
          if (p === i) continue;
          dx = x[p] - xi; dy = y[p] - yi; d2 = dx * dx + dy * dy;
          if (d2 === 0) { dx = (Math.random() - 0.5) * 1e-3; dy = (Math.random() - 0.5) * 1e-3; d2 = dx * dx + dy * dy; }
          if (d2 < 1) d2 = Math.sqrt(d2);
          const f = k / d2;
          ax += dx * f; ay += dy * f;
        }
      }
    }
    vx[i] += ax; vy[i] += ay;
  }
}

function links() {
  for (let l = 0; l < src.length; l++) {
    const s = src[l], t = dst[l];
    let dx = x[t] + vx[t] - x[s] - vx[s] || (Math.random() - 0.5) * 1e-3;
    let dy = y[t] + vy[t] - y[s] - vy[s] || (Math.random() - 0.5) * 1e-3;
    const d = Math.sqrt(dx * dx + dy * dy);
    const f = (d - linkDistance) / d * alpha * linkStrength[l];
    dx *= f; dy *= f;
    const b = linkBias[l];
    vx[t] -= dx * b; vy[t] -= dy * b;
    vx[s] += dx * (1 - b); vy[s] += dy * (1 - b);
  }
}

function tick() {
  alpha += (alphaTarget - alpha) * alphaDecay;
  links();
  manyBody();
  const g = gravity * alpha;
  for (let i = 0; i < n; i++) {
    if (fixed[i]) {
      x[i] = fx[i]; y[i] = fy[i]; vx[i] = 0; vy[i] = 0;
      continue;
    }
    vx[i] -= x[i] * g; vy[i] -= y[i] * g;
    vx[i] *= VELOCITY_KEEP; vy[i] *= VELOCITY_KEEP;
    x[i] += vx[i]; y[i] += vy[i];
  }
}

function post(done) {
  const pos = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) { pos[2 * i] = x[i]; pos[2 * i + 1] = y[i]; }
  postMessage({ type: "tick", pos, alpha, done }, [pos.buffer]);
}

let batch = 14; // ms of ticks between two posts
let warmup = 0; // ms of ticks before the first post (big graphs start as a tangle not worth drawing)

function loop() {
  const started = performance.now();
  const budget = Math.max(batch, warmup);
  warmup = 0;
  do {
    tick();
  } while (performance.now() - started < budget && (alpha >= ALPHA_MIN || alphaTarget > 0));
  const done = alpha < ALPHA_MIN && alphaTarget === 0;
  post(done);
  running = !done;
  if (running) timer = setTimeout(loop, 0);
}

function wake(to = 0.3) {
  alpha = Math.max(alpha, to);
  if (!running) {
    running = true;
    timer = setTimeout(loop, 0);
  }
}

function breadthFirst(center, degree) {
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i] + degree[i];
  const fillAt = offset.slice(0, n);
  const adj = new Int32Array(offset[n]);
  for (let l = 0; l < src.length; l++) {
    adj[fillAt[src[l]]++] = dst[l];
    adj[fillAt[dst[l]]++] = src[l];
  }
  const byDegree = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[b] - degree[a]);
  if (center >= 0) byDegree.unshift(center);
  const seen = new Uint8Array(n);
  const order = [];
  for (const first of byDegree) {
    if (seen[first]) continue;
    seen[first] = 1;
    order.push(first);
    for (let head = order.length - 1; head < order.length; head++) {
      const i = order[head];
      for (let e = offset[i]; e < offset[i + 1]; e++) {
        const j = adj[e];
        if (!seen[j]) { seen[j] = 1; order.push(j); }
      }
    }
  }
  return order;
}

function start(msg) {
  n = msg.n;
  src = msg.src;
  dst = msg.dst;
  x = new Float64Array(n); y = new Float64Array(n);
  vx = new Float64Array(n); vy = new Float64Array(n);
  fx = new Float64Array(n); fy = new Float64Array(n);
  fixed = new Uint8Array(n);
  next = new Int32Array(n);
  cap = 0;
  const degree = new Float64Array(n);
  for (let l = 0; l < src.length; l++) { degree[src[l]]++; degree[dst[l]]++; }
  linkBias = new Float64Array(src.length);
  linkStrength = new Float64Array(src.length);
  for (let l = 0; l < src.length; l++) {
    const a = degree[src[l]], b = degree[dst[l]];
    linkBias[l] = a / (a + b);
    linkStrength[l] = 1 / Math.min(a, b);
  }
  // Start on a sunflower spiral, filled in breadth-first order from the hubs (or the current
  // note): linked notes start close together, so the layout untangles in few ticks.
  const spread = msg.spread || 10;
  breadthFirst(msg.center, degree).forEach((i, slot) => {
    const r = spread * Math.sqrt(0.5 + slot), a = slot * Math.PI * (3 - Math.sqrt(5));
    x[i] = r * Math.cos(a); y[i] = r * Math.sin(a);
  });
  // A note's neighbourhood keeps that note at the origin: the view centres on it.
  pinned = msg.pin && msg.center >= 0 ? msg.center : -1;
  if (pinned >= 0) { fixed[pinned] = 1; fx[pinned] = 0; fy[pinned] = 0; x[pinned] = 0; y[pinned] = 0; }
  charge = msg.charge ?? -30;
  linkDistance = msg.linkDistance ?? 30;
  gravity = msg.gravity ?? 0.04;
  alpha = 1;
  alphaTarget = 0;
  alphaDecay = 1 - Math.pow(ALPHA_MIN, 1 / (msg.ticks || 300));
  batch = msg.every || 14;
  warmup = msg.warmup || 0;
  clearTimeout(timer);
  running = false;
  if (!warmup) post(false);
  wake(1);
}

onmessage = (e) => {
  const msg = e.data;
  if (msg.type === "start") start(msg);
  else if (msg.type === "drag") {
    fixed[msg.i] = 1; fx[msg.i] = msg.x; fy[msg.i] = msg.y;
    alphaTarget = 0.3;
    wake(0.3);
  } else if (msg.type === "release") {
    if (msg.i === pinned) { fx[msg.i] = 0; fy[msg.i] = 0; } else fixed[msg.i] = 0;  // springs back to the centre
    alphaTarget = 0;
  } else if (msg.type === "stop") {
    clearTimeout(timer);
    running = false;
  }
};
