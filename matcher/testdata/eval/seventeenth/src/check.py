"""Validate ../event.json against the brief and EVALFORMAT.md; print the counts.

Exits non-zero on any error. Warnings (possible competitors of a planted helper)
are printed for a human to review; they do not fail the check.
"""
import collections
import json
import os
import re
import sys
import unicodedata

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event.json")
PUBLIC = {"gmail.com", "hotmail.com", "hotmail.be", "outlook.com", "outlook.be", "skynet.be", "telenet.be",
          "proton.me", "protonmail.com", "hey.com", "yahoo.fr", "yahoo.com"}
STOP = set("""
a à au aux avec ce ces cet cette dans de des du elle en et est être il ils je j la le les leur lui ma mais me
mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
vos votre vous y c d l m n s t qu est-ce tout tous toute très plus moins aussi comme dès faire fait sais sait
the an and or of to in on at for with by from is are be we our you your i my me it its this that there here
do does how what who any some can can't not no nothing before after out even keeps right now only just ans depuis
quelqu quelqu'un someone somebody need needs besoin cherche looking help aide
""".split())
errors, warnings = [], []


def err(msg):
    errors.append(msg)


def fold(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def words(text):
    return {w for w in re.findall(r"[a-z0-9]+", fold(text)) if len(w) >= 3 and w not in STOP}


def related(a, b):
    """Content words shared by two texts: equal words or equal 5-letter prefixes."""
    wa, wb = words(a), words(b)
    shared = wa & wb
    pa = {w[:5] for w in wa if len(w) >= 5}
    shared |= {w for w in wb if len(w) >= 5 and w[:5] in pa}
    return shared


def org_key(o):
    k = re.sub(r"[^a-z0-9]", "", fold(o))
    for suf in ("srl", "bv", "sa", "sprl", "vzw", "asbl", "be", "eu"):
        if k.endswith(suf) and len(k) > len(suf) + 2:
            k = k[: -len(suf)]
    return k


def domain(p):
    return p["email"].rsplit("@", 1)[-1].lower()


def colleagues(p, q):
    if domain(p) == domain(q) and domain(p) not in PUBLIC:
        return True
    kp, kq = org_key(p["organisation"]), org_key(q["organisation"])
    return bool(kp) and kp == kq


def main():
    with open(PATH, encoding="utf-8") as f:
        raw = f.read()
    ev = json.loads(raw)
    if json.dumps(ev, ensure_ascii=False, indent=2) + "\n" != raw:
        err("event.json is not pretty-printed with 2-space indent")
    people = ev["people"]
    by = {p["id"]: p for p in people}
    n = len(people)
    if sorted(by) != list(range(1, n + 1)):
        err("ids are not exactly 1..N")
    if not 200 <= n <= 225:
        err(f"{n} people, want 200-225")
    fields = {"id": int, "first_name": str, "last_name": str, "email": str, "organisation": str, "title": str,
              "sector": str, "offers": list, "needs": list, "interests": list, "project": str, "consent": bool}
    for p in people:
        for k, t in fields.items():
            if not isinstance(p.get(k), t):
                err(f"person {p.get('id')}: field {k} missing or not {t.__name__}")
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", p["email"]):
            err(f"person {p['id']}: bad email {p['email']!r}")
    emails = collections.Counter(p["email"] for p in people)
    for e, c in emails.items():
        if c > 1:
            err(f"email {e} used {c} times")

    # every text of every person, to check planted texts occur once
    text_owner = collections.defaultdict(set)
    for p in people:
        for t in p["needs"] + p["offers"]:
            text_owner[t].add(p["id"])

    pairs = [x for x in ev["pairs"] if x["kind"] == "need_offer"]
    projects = [x for x in ev["pairs"] if x["kind"] == "project"]
    dis = ev["distractors"]
    role = collections.Counter()
    for x in pairs:
        role[x["seeker"]] += 1
        role[x["helper"]] += 1
    for x in projects:
        role[x["a"]] += 1
        role[x["b"]] += 1
    for d in dis:
        role[d["id"]] += 1
    for i, c in role.items():
        if c > 1:
            err(f"person {i} is in {c} pairs/distractors")

    # need_offer pairs
    diff = collections.Counter(x["difficulty"] for x in pairs)
    if not 42 <= len(pairs) <= 46:
        err(f"{len(pairs)} need_offer pairs, want 42-46")
    target = {"easy": .25, "paraphrase": .35, "cross_language": .25}
    for k, share in target.items():
        if abs(diff[k] / len(pairs) - share) > .05:
            err(f"difficulty {k}: {diff[k]}/{len(pairs)} too far from {share:.0%}")
    if abs((diff["jargon"] + diff["typo"]) / len(pairs) - .15) > .05:
        err("jargon+typo too far from 15%")
    if set(diff) - {"easy", "paraphrase", "cross_language", "jargon", "typo"}:
        err(f"unknown difficulties {set(diff)}")
    for x in pairs:
        s, h = by[x["seeker"]], by[x["helper"]]
        if x["need"] not in s["needs"]:
            err(f"pair {x['seeker']}->{x['helper']}: need not in seeker's needs")
        if x["offer"] not in h["offers"]:
            err(f"pair {x['seeker']}->{x['helper']}: offer not in helper's offers")
        for t in (x["need"], x["offer"]):
            if len(text_owner[t]) != 1:
                err(f"planted text occurs in {len(text_owner[t])} people: {t!r}")
        if not (s["consent"] and h["consent"]):
            err(f"pair {x['seeker']}->{x['helper']}: consent false")
        if abs(x["seeker"] - x["helper"]) <= 1:
            err(f"pair {x['seeker']}->{x['helper']}: adjacent ids")
        if colleagues(s, h):
            err(f"pair {x['seeker']}->{x['helper']}: seeker and helper look like colleagues")
        shared = related(x["need"], x["offer"])
        if x["difficulty"] == "paraphrase" and shared:
            err(f"paraphrase pair {x['seeker']}->{x['helper']} shares {sorted(shared)}")
        if x["difficulty"] == "easy" and not shared:
            err(f"easy pair {x['seeker']}->{x['helper']} shares no word")

    # project pairs
    pdiff = collections.Counter(x["difficulty"] for x in projects)
    if len(projects) != 20:
        err(f"{len(projects)} project pairs, want 20")
    if not 6 <= pdiff["cross_language"] <= 8:
        err(f"{pdiff['cross_language']} cross_language project pairs, want about a third")
    for x in projects:
        a, b = by[x["a"]], by[x["b"]]
        if not (a["project"] and b["project"]):
            err(f"project pair {x['a']}-{x['b']}: empty project")
        if abs(x["a"] - x["b"]) <= 1:
            err(f"project pair {x['a']}-{x['b']}: adjacent ids")
        if not (a["consent"] and b["consent"]):
            err(f"project pair {x['a']}-{x['b']}: consent false")

    # distractors
    seekers = {x["seeker"]: x for x in pairs}
    dkind = collections.Counter(d["kind"] for d in dis)
    if not 27 <= len(dis) <= 33:
        err(f"{len(dis)} distractors, want about 30")
    for k in ("same_need", "false_friend", "colleague", "no_consent"):
        if not dkind[k]:
            err(f"no distractor of kind {k}")
    for d in dis:
        p = by[d["id"]]
        x = seekers.get(d["of"])
        if x is None:
            err(f"distractor {d['id']}: 'of' {d['of']} is not a need_offer seeker")
            continue
        s = by[d["of"]]
        if abs(d["id"] - d["of"]) <= 1:
            err(f"distractor {d['id']}: adjacent to {d['of']}")
        if d["kind"] == "no_consent":
            if p["consent"]:
                err(f"no_consent distractor {d['id']} has consent true")
        elif not p["consent"]:
            err(f"distractor {d['id']} ({d['kind']}) has consent false")
        if d["kind"] == "colleague" and not colleagues(p, s):
            err(f"colleague distractor {d['id']} shares neither organisation nor company domain with {d['of']}")
        if d["kind"] != "colleague" and colleagues(p, s):
            err(f"distractor {d['id']} ({d['kind']}) is also a colleague of {d['of']}")
        if d["kind"] == "same_need" and not any(related(x["need"], t) for t in p["needs"]):
            warnings.append(f"same_need {d['id']}: no shared word with the need (check by eye)")

    # competitors: consenting people outside the pair whose offers share >=2 words with need or offer
    distractor_ids = {d["id"] for d in dis}
    for x in pairs:
        ref = x["need"] + " " + x["offer"]
        for p in people:
            if p["id"] in (x["seeker"], x["helper"]) or p["id"] in distractor_ids or not p["consent"]:
                continue
            for t in p["offers"]:
                sh = related(ref, t)
                if len(sh) >= 2:
                    warnings.append(f"pair {x['seeker']}->{x['helper']} ({x['need'][:40]}...): "
                                    f"person {p['id']} offers {t!r} (shares {sorted(sh)})")

    background = [p for p in people if p["id"] not in role]
    if len(background) < 40:
        err(f"{len(background)} background people, want >= 40")

    print(f"people: {n}  (consent false: {sum(not p['consent'] for p in people)})")
    print(f"need_offer pairs: {len(pairs)}  " + ", ".join(f"{k} {diff[k]}" for k in
          ("easy", "paraphrase", "cross_language", "jargon", "typo")))
    print(f"project pairs: {len(projects)}  same_language {pdiff['same_language']}, cross_language {pdiff['cross_language']}")
    print(f"distractors: {len(dis)}  " + ", ".join(f"{k} {dkind[k]}" for k in
          ("same_need", "false_friend", "colleague", "no_consent")))
    print(f"background: {len(background)}  (consent false among them: {sum(not p['consent'] for p in background)})")
    for w in warnings:
        print("WARNING:", w)
    for e in errors:
        print("ERROR:", e)
    if errors:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
