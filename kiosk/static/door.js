// door.js: the door kiosk, wired from small modules (static/door/):
//
//   settings.js  the kiosk key and gate (from the link's fragment, kept in
//                localStorage) and the direction of scans
//   answer.js    the answer on screen, its sound, the recent scans
//   scans.js     posting scans with a nonce, the offline queue
//   focus.js     the USB scanner's input, which keeps the focus
//   camera.js    badges read by the camera (BarcodeDetector or the server)
//   search.js    checking someone in by name
//   walkin.js    registering someone at the door
import * as settings from "./door/settings.js";
import * as focus from "./door/focus.js";
import * as camera from "./door/camera.js";
import * as search from "./door/search.js";
import * as walkin from "./door/walkin.js";
import {scan, startQueue} from "./door/scans.js";

settings.setup(focus.refocus);
startQueue();
focus.setup((code) => scan({code}));
camera.setup((code) => scan({code}), focus.refocus);
search.setup();
walkin.setup();
document.body.dataset.ready = "1"; // the page answers scans from now on
