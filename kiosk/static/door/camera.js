// camera.js: scanning badges with the kiosk's camera: BarcodeDetector where
// the browser has it; otherwise frames go to POST /api/decode and are
// decoded by the server.
import {$, labels as L} from "../live.js";
import {api} from "./scans.js";

const video = $("video"), camBtn = $("camera-btn");
let stream = null, camTimer = 0, lastCode = "", lastCodeAt = 0, onCode = () => {};

function seen(code) {
  const now = Date.now();
  if (code === lastCode && now - lastCodeAt < 4000) return; // the badge stays in view for many frames
  lastCode = code; lastCodeAt = now;
  onCode(code);
}

async function detectorOrNull() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes("qr_code") ? new window.BarcodeDetector({formats: ["qr_code"]}) : null;
  } catch (e) { return null; }
}

// readFrame finds a code in the current frame, in the browser or on the
// server.
async function readFrame(detector, canvas) {
  if (detector) {
    const found = await detector.detect(video);
    if (found.length) seen(found[0].rawValue);
    return;
  }
  const scale = Math.min(1, 960 / video.videoWidth);
  canvas.width = Math.round(video.videoWidth * scale);
  canvas.height = Math.round(video.videoHeight * scale);
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((ok) => canvas.toBlob(ok, "image/jpeg", 0.85));
  if (!blob) return;
  const r = await api("/api/decode", {method: "POST", headers: {"Content-Type": "image/jpeg"}, body: blob});
  if (r.body && r.body.found) seen(r.body.code);
}

async function start() {
  if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    $("https").hidden = false;
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment", width: {ideal: 1280}, height: {ideal: 720}}, audio: false});
  } catch (e) {
    $("camera-mode").textContent = L["camera.denied"];
    $("camerabox").hidden = false;
    return;
  }
  video.srcObject = stream;
  await video.play().catch(() => {});
  $("camerabox").hidden = false;
  camBtn.setAttribute("aria-pressed", "true");
  const detector = await detectorOrNull();
  $("camera-mode").textContent = detector ? L["camera.browser"] : L["camera.server"];
  document.body.dataset.decoder = detector ? "browser" : "server";
  const canvas = document.createElement("canvas");
  let busy = false;
  camTimer = setInterval(async () => {
    if (busy || !stream || video.readyState < 2 || !video.videoWidth) return;
    busy = true;
    try {
      await readFrame(detector, canvas);
    } catch (e) {
      /* offline or busy: the next frame will try again */
    } finally {
      busy = false;
    }
  }, 300);
}

function stop() {
  clearInterval(camTimer);
  if (stream) for (const t of stream.getTracks()) t.stop();
  stream = null;
  video.srcObject = null;
  $("camerabox").hidden = true;
  camBtn.setAttribute("aria-pressed", "false");
}

// setup wires the camera button: each badge read goes to code (once per
// badge shown), then the scanner input gets the focus back (refocus).
export function setup(code, refocus) {
  onCode = code;
  if (!window.isSecureContext) $("https").hidden = false;
  camBtn.addEventListener("click", () => { if (stream) stop(); else start(); refocus(); });
}
