"""Assemble /work/wt/eval16/event.json from people.py and others.py.

Deterministic: every random choice comes from random.Random(SEED).
Usage: cd src && python3 gen.py
"""
import copy
import json
import os
import random

from people import PAIRS
from others import BACKGROUND, DISTRACTORS, PROJECTS

SEED = 16_2026
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event.json")
FIELDS = ["first_name", "last_name", "email", "organisation", "title", "sector",
          "offers", "needs", "interests", "project", "consent"]


def insert_at(rng, items, text):
    """Insert text into items at a seeded position (0..len)."""
    items.insert(rng.randint(0, len(items)), text)


def main():
    rng = random.Random(SEED)
    people = []          # list of person dicts (no id yet)
    links = []           # (index_a, index_b) that must not get adjacent ids
    seeker_idx = {}      # pair key -> index of seeker

    need_pairs = []
    for pr in PAIRS:
        s = copy.deepcopy(pr["seeker"])
        h = copy.deepcopy(pr["helper"])
        insert_at(rng, s["needs"], pr["need"])
        insert_at(rng, h["offers"], pr["offer"])
        si, hi = len(people), len(people) + 1
        people += [s, h]
        seeker_idx[pr["key"]] = si
        links.append((si, hi))
        need_pairs.append((pr, si, hi))

    proj_pairs = []
    for pj in PROJECTS:
        ai, bi = len(people), len(people) + 1
        people += [copy.deepcopy(pj["a"]), copy.deepcopy(pj["b"])]
        links.append((ai, bi))
        proj_pairs.append((pj, ai, bi))

    distr = []
    for d in DISTRACTORS:
        di = len(people)
        people.append(copy.deepcopy(d["person"]))
        links.append((di, seeker_idx[d["of"]]))
        distr.append((d, di))

    for b in BACKGROUND:
        people.append(copy.deepcopy(b))

    # Shuffle ids until no linked couple has adjacent (or equal) ids.
    order = list(range(len(people)))
    for attempt in range(10_000):
        rng.shuffle(order)
        ids = {idx: pos + 1 for pos, idx in enumerate(order)}
        if all(abs(ids[a] - ids[b]) > 1 for a, b in links):
            break
    else:
        raise SystemExit("could not find a shuffle without adjacent linked ids")

    out_people = []
    for idx in sorted(range(len(people)), key=lambda i: ids[i]):
        person = {"id": ids[idx]}
        for f in FIELDS:
            person[f] = people[idx][f]
        out_people.append(person)

    pairs = []
    for pr, si, hi in need_pairs:
        pairs.append({"kind": "need_offer", "seeker": ids[si], "helper": ids[hi],
                      "need": pr["need"], "offer": pr["offer"],
                      "difficulty": pr["difficulty"], "note": pr["note"]})
    for pj, ai, bi in proj_pairs:
        pairs.append({"kind": "project", "a": ids[ai], "b": ids[bi],
                      "difficulty": pj["difficulty"], "note": pj["note"]})

    distractors = [{"id": ids[di], "kind": d["kind"], "of": ids[seeker_idx[d["of"]]], "note": d["note"]}
                   for d, di in distr]

    event = {
        "event": f"Demo Day & rendez-vous d'affaires d'un incubateur régional, Nantes (Pays de la Loire), {len(out_people)} personnes",
        "people": out_people,
        "pairs": pairs,
        "distractors": distractors,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(event, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(out_people)} people, shuffle attempt {attempt + 1}")


if __name__ == "__main__":
    main()
