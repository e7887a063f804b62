"""Validate /work/wt/eval16/event.json against the brief and EVALFORMAT.md; print counts.

Usage: cd src && python3 check.py   (exit status 1 if any rule fails)
"""
import collections
import json
import os
import re
import sys
import unicodedata

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event.json")
PUBLIC = {"gmail.com", "hotmail.fr", "hotmail.com", "outlook.fr", "outlook.com", "orange.fr", "free.fr",
          "wanadoo.fr", "laposte.net", "protonmail.com", "hey.com", "gmx.de", "skynet.be", "telenet.be", "yahoo.fr",
          # student addresses of the two schools: many unrelated students share them
          "etu.centrale-nantes.fr", "audencia-student.com"}
STOP = set("""
a au aux avec ce ces dans de des du elle en et est il je la le les leur leurs lui ma mais me mes mon ne nos notre
nous on ou par pas pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous y d l j n s t c qu
cela ca ça comme tout tous toute toutes tres très plus moins sans sous entre chez quel quelle quels quelles
quoi comment combien faire fait peut peux veux suis sont ont avons avez etre être avoir ai aussi bien deja déjà
qqn quelqu quelqu'un partir quelques besoin cherche cherchons recherche trouver aide aider j'aide svp
the an and or of to in on for with our we i my me you your is are be at by from it this that as who what how
need needs looking help any about
""".split())
FAILS = []


def fail(msg):
    FAILS.append(msg)


def norm(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def content_words(text):
    words = re.findall(r"[a-z0-9]+", norm(text))
    return {w for w in words if len(w) >= 3 and w not in {norm(x) for x in STOP}}


def stems(text):
    return {w[:5] for w in content_words(text)}


EN = set("the and for our we i to of with need looking a an my in on who any".split())
FR = set("le la les des pour de un une notre nos je et en du au avec on qui".split())


def lang(text):
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    en = sum(w in EN for w in words)
    fr = sum(w in FR for w in words)
    return "en" if en > fr else "fr"


def org_key(s):
    s = norm(s)
    s = re.sub(r"\b(sas|sarl|sa|srl|sasu|eurl|les|le|la|l|de|des|du)\b", " ", s)
    return re.sub(r"[^a-z0-9]", "", s)


def domain(p):
    return p["email"].rsplit("@", 1)[-1].lower()


def main():
    raw = open(PATH, encoding="utf-8").read()
    ev = json.loads(raw)
    if raw != json.dumps(ev, ensure_ascii=False, indent=2) + "\n":
        fail("event.json is not pretty-printed with 2-space indent")
    people = ev["people"]
    byid = {p["id"]: p for p in people}
    n = len(people)
    if sorted(byid) != list(range(1, n + 1)):
        fail("ids are not 1..N unique")
    if not 205 <= n <= 230:
        fail(f"{n} people, expected 205-230")
    keys = ["id", "first_name", "last_name", "email", "organisation", "title", "sector",
            "offers", "needs", "interests", "project", "consent"]
    for p in people:
        if list(p) != keys:
            fail(f"person {p['id']}: fields {list(p)}")
        for f in ("offers", "needs", "interests"):
            if not isinstance(p[f], list) or not all(isinstance(x, str) and x.strip() for x in p[f]):
                fail(f"person {p['id']}: {f} must be a list of non-empty strings")
        if not isinstance(p["consent"], bool):
            fail(f"person {p['id']}: consent not bool")
        if len(re.findall(r"[.!?](\s|$)", p["project"])) > 4:
            fail(f"person {p['id']}: project longer than 4 sentences")

    no = [x for x in ev["pairs"] if x["kind"] == "need_offer"]
    pj = [x for x in ev["pairs"] if x["kind"] == "project"]
    ds = ev["distractors"]

    # roles: each person in at most one pair or distractor
    role = collections.Counter()
    for x in no:
        role[x["seeker"]] += 1
        role[x["helper"]] += 1
    for x in pj:
        role[x["a"]] += 1
        role[x["b"]] += 1
    for d in ds:
        role[d["id"]] += 1
    for pid, c in role.items():
        if c > 1:
            fail(f"person {pid} has {c} roles")
    background = [p for p in people if p["id"] not in role]

    # need_offer pairs
    all_texts = collections.Counter()
    for p in people:
        for t in p["needs"] + p["offers"]:
            all_texts[t] += 1
    diff = collections.Counter(x["difficulty"] for x in no)
    if not 42 <= len(no) <= 46:
        fail(f"{len(no)} need_offer pairs, expected 42-46")
    share = lambda k: diff[k] / len(no)
    for k, lo, hi in (("easy", .20, .30), ("paraphrase", .30, .40), ("cross_language", .20, .30)):
        if not lo <= share(k) <= hi:
            fail(f"{k} share {share(k):.0%} outside {lo:.0%}-{hi:.0%}")
    if not .10 <= (diff["jargon"] + diff["typo"]) / len(no) <= .20:
        fail("jargon+typo share outside 10-20%")
    seekers = {x["seeker"] for x in no}
    for x in no:
        s, h = byid[x["seeker"]], byid[x["helper"]]
        tag = f"pair {x['seeker']}->{x['helper']}"
        if x["need"] not in s["needs"]:
            fail(f"{tag}: need not in seeker's needs")
        if x["offer"] not in h["offers"]:
            fail(f"{tag}: offer not in helper's offers")
        for t in (x["need"], x["offer"]):
            if all_texts[t] != 1:
                fail(f"{tag}: text occurs {all_texts[t]} times: {t!r}")
        if not (s["consent"] and h["consent"]):
            fail(f"{tag}: seeker or helper without consent")
        if abs(x["seeker"] - x["helper"]) <= 1:
            fail(f"{tag}: adjacent ids")
        if domain(s) == domain(h) or org_key(s["organisation"]) and org_key(s["organisation"]) == org_key(h["organisation"]):
            fail(f"{tag}: seeker and helper look like colleagues")
        common = stems(x["need"]) & stems(x["offer"])
        if x["difficulty"] == "paraphrase" and common:
            fail(f"{tag}: paraphrase shares {sorted(common)}")
        if x["difficulty"] == "easy" and not common:
            fail(f"{tag}: easy pair shares no word")
        if x["difficulty"] == "cross_language" and lang(x["need"]) == lang(x["offer"]):
            fail(f"{tag}: cross_language pair looks monolingual")
        if x["difficulty"] != "cross_language" and lang(x["need"]) != lang(x["offer"]):
            fail(f"{tag}: {x['difficulty']} pair looks bilingual")

    # helper must be the clearly best answer: flag any other consenting, non-distractor
    # person whose offer shares at least as many words with the need as the helper's offer (>= 2).
    trap_ids = {d["id"] for d in ds}
    for x in no:
        need = content_words(x["need"])
        best = len(need & content_words(x["offer"]))
        for p in people:
            if p["id"] in (x["helper"], x["seeker"]) or p["id"] in trap_ids or not p["consent"]:
                continue
            for o in p["offers"]:
                c = len(need & content_words(o))
                if c >= 2 and c >= best:
                    fail(f"pair {x['seeker']}->{x['helper']}: person {p['id']} offer {o!r} competes ({c} words)")

    # project pairs
    pdiff = collections.Counter(x["difficulty"] for x in pj)
    if len(pj) != 20:
        fail(f"{len(pj)} project pairs, expected 20")
    if not 5 <= pdiff["cross_language"] <= 8:
        fail("project pairs: about a third should be cross_language")
    for x in pj:
        a, b = byid[x["a"]], byid[x["b"]]
        if not (a["project"] and b["project"] and a["consent"] and b["consent"]):
            fail(f"project {x['a']}/{x['b']}: empty project or no consent")
        if abs(x["a"] - x["b"]) <= 1:
            fail(f"project {x['a']}/{x['b']}: adjacent ids")
        cl = lang(a["project"]) != lang(b["project"])
        if cl != (x["difficulty"] == "cross_language"):
            fail(f"project {x['a']}/{x['b']}: difficulty {x['difficulty']} vs languages")

    # distractors
    dk = collections.Counter(d["kind"] for d in ds)
    if not 28 <= len(ds) <= 32 or set(dk) != {"same_need", "false_friend", "colleague", "no_consent"}:
        fail(f"distractors {dict(dk)}")
    for d in ds:
        p, s = byid[d["id"]], byid[d["of"]]
        if d["of"] not in seekers:
            fail(f"distractor {d['id']}: of={d['of']} is not a planted seeker")
        if abs(d["id"] - d["of"]) <= 1:
            fail(f"distractor {d['id']}: adjacent to {d['of']}")
        if p["consent"] != (d["kind"] != "no_consent"):
            fail(f"distractor {d['id']}: consent {p['consent']} for {d['kind']}")
        if d["kind"] == "colleague":
            same_dom = domain(p) == domain(s) and domain(p) not in PUBLIC
            ka, kb = org_key(p["organisation"]), org_key(s["organisation"])
            same_org = ka and kb and (ka in kb or kb in ka)
            if not (same_dom or same_org):
                fail(f"colleague {d['id']}: neither domain nor organisation matches {d['of']}")
            if p["organisation"] == s["organisation"] and not same_dom:
                fail(f"colleague {d['id']}: organisation typed identically, should be a variant")
    for p in people:
        if not p["consent"] and not any(d["id"] == p["id"] and d["kind"] == "no_consent" for d in ds):
            fail(f"person {p['id']} has consent=false but is not a no_consent distractor")

    # no accidental colleagues: a non-public domain shared by a pair member and someone else
    colleague_of = {(d["id"], d["of"]) for d in ds if d["kind"] == "colleague"}
    members = set(seekers) | {x["helper"] for x in no} | {x["a"] for x in pj} | {x["b"] for x in pj}
    for m in members:
        for p in people:
            if p["id"] != m and domain(p) == domain(byid[m]) and domain(p) not in PUBLIC \
                    and (p["id"], m) not in colleague_of:
                fail(f"person {p['id']} shares domain {domain(p)} with pair member {m}")

    if len(background) < 40:
        fail(f"only {len(background)} background people")

    # counts
    print(f"people: {n}")
    print(f"consent false: {sum(not p['consent'] for p in people)}")
    print(f"need_offer pairs: {len(no)} " + ", ".join(f"{k} {diff[k]}" for k in
          ("easy", "paraphrase", "cross_language", "jargon", "typo")))
    print(f"project pairs: {len(pj)} (same_language {pdiff['same_language']}, cross_language {pdiff['cross_language']})")
    print(f"distractors: {len(ds)} " + ", ".join(f"{k} {dk[k]}" for k in
          ("same_need", "false_friend", "colleague", "no_consent")))
    print(f"background: {len(background)}")
    if FAILS:
        print(f"\n{len(FAILS)} FAILURE(S):")
        for f in FAILS:
            print("  -", f)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
