"""Validate ../event.json against the evaluation-event rules and print the counts."""
import collections
import json
import os
import re
import sys
import unicodedata

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event.json")
PUBLIC = {"gmail.com", "hotmail.fr", "hotmail.com", "orange.fr", "outlook.fr", "outlook.com", "yahoo.fr",
          "wanadoo.fr", "laposte.net", "sfr.fr", "free.fr", "skynet.be"}
STOP = set("""le la les un une des du de d l au aux et ou en dans sur sous pour par avec sans que qui quoi
ne pas plus moins tres trop tout tous toute toutes ce cet cette ces se sa son ses mon ma mes ton ta tes
notre nos votre vos leur leurs je tu il elle on nous vous ils elles me te lui y a est sont etre avoir ai
as avons ont fait faire comme mais donc car si quand entre chez vers aussi deja encore bien tres quelqu
quelquun the a an of to for and or in on at with my our your we i is are be by from that this it as""".split())
errors = []


def err(msg):
    errors.append(msg)


def norm(s):
    s = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def words(s):
    return {w for w in re.findall(r"[a-z0-9]+", norm(s)) if len(w) >= 3 and w not in STOP}


def share(a, b):
    """content words of a and b that are equal or share a 5-letter prefix"""
    out = set()
    for x in words(a):
        for y in words(b):
            if x == y or (len(x) >= 5 and len(y) >= 5 and x[:5] == y[:5]):
                out.add((x, y))
    return out


def org_key(s):
    s = norm(s)
    s = re.sub(r"\b(sas|sarl|sa|ltd|scop|eurl|sasu|groupe|restaurant|et fils|fils)\b", " ", s)
    s = re.sub(r"\b(la|le|les|l|de|du|des)\b", " ", s)
    return re.sub(r"[^a-z0-9]", "", s)


def domain(p):
    return p["email"].split("@")[-1].lower()


def colleagues(p, q):
    if domain(p) == domain(q) and domain(p) not in PUBLIC:
        return True
    a, b = org_key(p["organisation"]), org_key(q["organisation"])
    return bool(a and b and len(min(a, b, key=len)) >= 4 and (a in b or b in a))


def main():
    ev = json.load(open(PATH, encoding="utf-8"))
    people = ev["people"]
    byid = {p["id"]: p for p in people}
    n = len(people)
    if not 210 <= n <= 230:
        err(f"{n} people, want 210-230")
    if sorted(byid) != list(range(1, n + 1)):
        err("ids are not 1..N unique")
    for k, c in collections.Counter(p["email"].lower() for p in people).items():
        if c > 1:
            err(f"email {k} used {c} times")
    for p in people:
        for f, t in [("first_name", str), ("last_name", str), ("email", str), ("organisation", str), ("title", str),
                     ("sector", str), ("offers", list), ("needs", list), ("interests", list), ("project", str),
                     ("consent", bool)]:
            if not isinstance(p.get(f), t):
                err(f"person {p['id']}: field {f} missing or not {t.__name__}")
        if "@" not in p["email"] or not re.fullmatch(r"[a-z0-9.\-]+\.[a-z]{2,}", domain(p)):
            err(f"person {p['id']}: bad email {p['email']}")

    texts = collections.Counter()
    for p in people:
        for t in p["offers"] + p["needs"]:
            texts[t] += 1

    role = collections.defaultdict(list)
    no = [x for x in ev["pairs"] if x["kind"] == "need_offer"]
    pr = [x for x in ev["pairs"] if x["kind"] == "project"]
    ds = ev["distractors"]
    links = []
    diff = collections.Counter(x["difficulty"] for x in no)
    for x in no:
        s, h = byid[x["seeker"]], byid[x["helper"]]
        role[s["id"]].append("seeker")
        role[h["id"]].append("helper")
        links.append((s["id"], h["id"]))
        if x["need"] not in s["needs"]:
            err(f"pair {s['id']}->{h['id']}: need not in seeker's needs")
        if x["offer"] not in h["offers"]:
            err(f"pair {s['id']}->{h['id']}: offer not in helper's offers")
        if texts[x["need"]] != 1 or texts[x["offer"]] != 1:
            err(f"pair {s['id']}->{h['id']}: need/offer text occurs {texts[x['need']]}/{texts[x['offer']]} times")
        if not (s["consent"] and h["consent"]):
            err(f"pair {s['id']}->{h['id']}: consent false")
        if colleagues(s, h):
            err(f"pair {s['id']}->{h['id']}: seeker and helper look like colleagues")
        if x["difficulty"] == "paraphrase" and share(x["need"], x["offer"]):
            err(f"paraphrase {s['id']}->{h['id']} shares words {share(x['need'], x['offer'])}")
        if x["difficulty"] == "easy" and not share(x["need"], x["offer"]):
            err(f"easy {s['id']}->{h['id']} shares no word")
    want = {"easy": (9, 13), "paraphrase": (13, 18), "cross_language": (9, 13)}
    if not 42 <= len(no) <= 46:
        err(f"{len(no)} need_offer pairs, want 42-46")
    for d, (lo, hi) in want.items():
        if not lo <= diff[d] <= hi:
            err(f"{diff[d]} {d} pairs, want {lo}-{hi}")
    if not 5 <= diff["jargon"] + diff["typo"] <= 9:
        err("jargon+typo out of 5-9")

    pdiff = collections.Counter(x["difficulty"] for x in pr)
    for x in pr:
        a, b = byid[x["a"]], byid[x["b"]]
        role[a["id"]].append("project")
        role[b["id"]].append("project")
        links.append((a["id"], b["id"]))
        if not (a["project"] and b["project"] and a["consent"] and b["consent"]):
            err(f"project pair {a['id']}/{b['id']}: empty project or no consent")
    if len(pr) != 20 or not 6 <= pdiff["cross_language"] <= 8:
        err(f"project pairs {len(pr)} ({pdiff['cross_language']} cross), want 20 (about a third cross)")

    seekers = {x["seeker"] for x in no}
    dk = collections.Counter(d["kind"] for d in ds)
    for d in ds:
        p, of = byid[d["id"]], byid[d["of"]]
        role[p["id"]].append("distractor")
        links.append((p["id"], of["id"]))
        if d["of"] not in seekers:
            err(f"distractor {p['id']}: 'of' {of['id']} is not a planted seeker")
        if d["kind"] == "no_consent":
            if p["consent"]:
                err(f"no_consent distractor {p['id']} has consent true")
        elif not p["consent"]:
            err(f"distractor {p['id']} ({d['kind']}) has consent false")
        if (d["kind"] == "colleague") != colleagues(p, of):
            err(f"distractor {p['id']} ({d['kind']}) colleague relation to {of['id']} is wrong")
    if not 27 <= len(ds) <= 33 or set(dk) != {"same_need", "false_friend", "colleague", "no_consent"}:
        err(f"distractors {dict(dk)}")

    for i, r in role.items():
        if len(r) > 1:
            err(f"person {i} has several roles {r}")
    for a, b in links:
        if abs(a - b) <= 1:
            err(f"linked ids {a} and {b} are adjacent")
    # accidental colleagues of planted seekers/helpers (other than declared colleague distractors)
    declared = {(d["id"], d["of"]) for d in ds if d["kind"] == "colleague"}
    for x in no:
        for pid in (x["seeker"], x["helper"]):
            for q in people:
                if q["id"] != pid and colleagues(byid[pid], q) and (q["id"], pid) not in declared:
                    err(f"undeclared colleagues {pid} and {q['id']}")
    background = [p for p in people if p["id"] not in role]
    if len(background) < 40:
        err(f"{len(background)} background people, want >= 40")

    # review aid: other consenting, non-distractor people whose offers overlap the planted offer
    dis_ids = {d["id"] for d in ds}
    warn = []
    for x in no:
        for q in people:
            if q["id"] in (x["helper"], x["seeker"]) or q["id"] in dis_ids or not q["consent"]:
                continue
            for o in q["offers"]:
                sh = share(x["offer"], o) | share(x["need"], o)
                if len(sh) >= 2:
                    warn.append(f"  review: pair {x['seeker']}->{x['helper']} vs {q['id']} offer {o!r}: {sorted(sh)}")
    if "-v" in sys.argv:
        print("\n".join(warn))

    print(f"people: {n}  consent false: {sum(not p['consent'] for p in people)}")
    print(f"need_offer pairs: {len(no)}  " + "  ".join(f"{k}={diff[k]}" for k in ["easy", "paraphrase", "cross_language", "jargon", "typo"]))
    print(f"project pairs: {len(pr)}  " + "  ".join(f"{k}={v}" for k, v in sorted(pdiff.items())))
    print(f"distractors: {len(ds)}  " + "  ".join(f"{k}={dk[k]}" for k in ["same_need", "false_friend", "colleague", "no_consent"]))
    print(f"background: {len(background)}  (consent false among them: {sum(not p['consent'] for p in background)})")
    print(f"overlap warnings to review (-v): {len(warn)}")
    if errors:
        print("\nERRORS:")
        print("\n".join(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
