// admin_sessions.js: the sessions' attendance counts, live. The page is
// rendered by the server; this follows the admin topic and sets each
// session's count (a "session" message), or reloads the snapshot when
// the programme or a kiosk's binding changed ("sessions").
import * as Live from "./live.js";

function setCount(id, n) {
  const cell = document.querySelector(`[data-count="${id}"]`);
  if (cell) cell.textContent = n;
}
Live.connect({
  snapshot: "/api/admin/sessions", ws: "/ws/admin", topic: "admin",
  onStatus(ok) {
    document.body.classList.toggle("offline", !ok);
    document.body.dataset.live = ok ? "1" : ""; // following: counts change from now on
  },
  onSnapshot(s) { for (const v of s.sessions || []) setCount(v.id, v.attended); },
  onMessage(m, conn) {
    if (m.kind === "session") setCount(m.data.session, m.data.attended);
    if (m.kind === "sessions") conn.reload();
  },
});
