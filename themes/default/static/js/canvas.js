// canvas.js — pan and zoom for canvas boards, keyboard included (the board is laid out by the build and works without it).
const MIN = 0.5, MAX = 4, STEP = 1.25;

function setup(frame) {
  const board = frame.querySelector(":scope > .canvas");
  if (!board || board.classList.contains("canvas-empty")) return;
  const wide = window.matchMedia("screen and (min-width: 48rem)");
  let scale = 1, x = 0, y = 0;
  const apply = () => {
    board.style.transform = wide.matches && (scale !== 1 || x || y) ? `translate(${x}px, ${y}px) scale(${scale})` : "";
  };
  const zoom = (factor, cx = frame.clientWidth / 2, cy = frame.clientHeight / 2) => {
    const next = Math.min(MAX, Math.max(MIN, scale * factor));
    x = cx - (cx - x) * (next / scale);
    y = cy - (cy - y) * (next / scale);
    scale = next;
    apply();
  };
  const reset = () => { scale = 1; x = 0; y = 0; apply(); };

  const controls = document.createElement("div");
  controls.className = "canvas-controls";
  for (const [label, text, act] of [[frame.dataset.zoomIn, "+", () => zoom(STEP)],
                                    [frame.dataset.zoomOut, "−", () => zoom(1 / STEP)],
                                    [frame.dataset.zoomReset, "⤢", reset]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.setAttribute("aria-label", label || text);
    button.title = label || text;
    button.addEventListener("click", act);
    controls.append(button);
  }
  frame.prepend(controls);
  frame.dataset.zoomable = "";
  frame.tabIndex = 0;
  frame.setAttribute("role", "region");
  frame.setAttribute("aria-label", board.getAttribute("aria-label") || "");

  frame.addEventListener("keydown", (event) => {
    if (event.target !== frame || !wide.matches) return;
    const moves = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
    if (event.key === "+" || event.key === "=") zoom(STEP);
    else if (event.key === "-") zoom(1 / STEP);
    else if (event.key === "0") reset();
    else if (moves[event.key]) { x += moves[event.key][0]; y += moves[event.key][1]; apply(); }
    else return;
    event.preventDefault();
  });
  frame.addEventListener("wheel", (event) => {
    if (!wide.matches || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    const box = frame.getBoundingClientRect();
    zoom(event.deltaY < 0 ? STEP : 1 / STEP, event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });
  let drag = null;
  frame.addEventListener("pointerdown", (event) => {
    if (!wide.matches || event.button !== 0 || event.target.closest("a, button, input, .canvas-card-body")) return;
    drag = { px: event.clientX, py: event.clientY, x, y };
    frame.setPointerCapture(event.pointerId);
  });
  frame.addEventListener("pointermove", (event) => {
    if (!drag) return;
    x = drag.x + event.clientX - drag.px;
    y = drag.y + event.clientY - drag.py;
    apply();
  });
  const stop = () => { drag = null; };
  frame.addEventListener("pointerup", stop);
  frame.addEventListener("pointercancel", stop);
  wide.addEventListener("change", apply);
}

for (const frame of document.querySelectorAll("[data-canvas-zoom]")) setup(frame);
