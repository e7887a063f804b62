"""Assemble the seventeenth blind evaluation event into ../event.json.

Deterministic: every random choice comes from random.Random(SEED).
Each planted need/offer is inserted at a seeded position in its person's list;
ids are a seeded shuffle, redrawn until no pair has adjacent ids.
"""
import copy
import json
import os
import random

from people import PAIRS
from others import DISTRACTORS, PROJECTS, BACKGROUND

SEED = 17_2026
EVENT = ("Startup Weekend Brussels (54 h) avec les ateliers de l'école de code Kodefabriek, "
         "Bruxelles, ~210 personnes : porteurs d'idées, apprenants et alumni, coachs, sponsors, jury, investisseurs")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event.json")


def insert_at(rng, lst, item):
    """Insert item at a seeded position of lst (0..len inclusive)."""
    lst.insert(rng.randint(0, len(lst)), item)


def build():
    rng = random.Random(SEED)
    people = []  # list of person dicts, index = provisional slot

    def add(p):
        people.append(copy.deepcopy(p))
        return len(people) - 1

    pairs = []
    for pr in PAIRS:
        s, h = add(pr["seeker"]), add(pr["helper"])
        insert_at(rng, people[s]["needs"], pr["need"])
        insert_at(rng, people[h]["offers"], pr["offer"])
        pairs.append(dict(kind="need_offer", seeker=s, helper=h, need=pr["need"], offer=pr["offer"],
                          difficulty=pr["d"], note=pr["note"]))
    projects = []
    for diff, note, a, b in PROJECTS:
        projects.append(dict(kind="project", a=add(a), b=add(b), difficulty=diff, note=note))
    distractors = []
    for d in DISTRACTORS:
        hits = [p for p in pairs if d["of"] in p["need"]]
        if len(hits) != 1:
            raise SystemExit(f"distractor 'of' {d['of']!r} matches {len(hits)} planted needs; make it unique")
        distractors.append(dict(id=add(d["person"]), kind=d["kind"], of=hits[0]["seeker"], note=d["note"]))
    for b in BACKGROUND:
        add(b)

    n = len(people)
    linked = [(p["seeker"], p["helper"]) for p in pairs] + [(p["a"], p["b"]) for p in projects] \
        + [(d["id"], d["of"]) for d in distractors]
    for _ in range(10000):
        ids = list(range(1, n + 1))
        rng.shuffle(ids)
        if all(abs(ids[x] - ids[y]) > 1 for x, y in linked):
            break
    else:
        raise SystemExit("could not find an id shuffle without adjacent pairs")

    out_people = []
    for slot, p in enumerate(people):
        q = {"id": ids[slot]}
        q.update(p)
        out_people.append(q)
    out_people.sort(key=lambda q: q["id"])
    for p in pairs:
        p["seeker"], p["helper"] = ids[p["seeker"]], ids[p["helper"]]
    for p in projects:
        p["a"], p["b"] = ids[p["a"]], ids[p["b"]]
    for d in distractors:
        d["id"], d["of"] = ids[d["id"]], ids[d["of"]]
    # order pairs as in the source file, then projects; distractors by id
    distractors.sort(key=lambda d: d["id"])
    return {"event": EVENT, "people": out_people, "pairs": pairs + projects, "distractors": distractors}


if __name__ == "__main__":
    ev = build()
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(ev, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(ev['people'])} people, {len(ev['pairs'])} pairs, "
          f"{len(ev['distractors'])} distractors")
