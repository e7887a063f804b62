"""Assemble event.json for the eighteenth blind evaluation event (fixed seed, reproducible)."""
import copy
import json
import os
import random

from people import PAIRS
from others import DISTRACTORS, PROJECTS, BACKGROUND

SEED = 1818
EVENT = ("Les Rencontres des Entrepreneurs d'Occitanie, Toulouse : conférence de 300 personnes "
         "avec programme networking, 220 inscrits au formulaire (TPE/PME, start-ups, artisans, "
         "réseaux, banques, conseils, collectivités)")
FIELDS = ["first_name", "last_name", "email", "organisation", "title", "sector",
          "offers", "needs", "interests", "project", "consent"]


def main():
    rng = random.Random(SEED)
    people = []  # (tag, person)

    def add(tag, person):
        people.append((tag, copy.deepcopy(person)))
        return len(people) - 1

    pair_idx = []
    for p in PAIRS:
        si = add(("seeker", p["key"]), p["s"])
        hi = add(("helper", p["key"]), p["h"])
        needs = people[si][1]["needs"]
        needs.insert(rng.randint(0, len(needs)), p["need"])
        offers = people[hi][1]["offers"]
        offers.insert(rng.randint(0, len(offers)), p["offer"])
        pair_idx.append((p, si, hi))
    seeker_of = {p["key"]: si for p, si, hi in pair_idx}
    dis_idx = [(kind, of, note, add(("distractor", kind), person)) for kind, of, note, person in DISTRACTORS]
    proj_idx = [(d, note, add(("project", note), a), add(("project", note), b)) for d, note, a, b in PROJECTS]
    for b in BACKGROUND:
        add(("background",), b)

    links = [(si, hi) for _, si, hi in pair_idx] + [(a, b) for _, _, a, b in proj_idx] + \
            [(seeker_of[of], i) for _, of, _, i in dis_idx]
    n = len(people)
    for attempt in range(10000):
        order = list(range(n))
        rng.shuffle(order)
        ident = {idx: pos + 1 for pos, idx in enumerate(order)}
        if all(abs(ident[a] - ident[b]) > 1 for a, b in links):
            break
    else:
        raise SystemExit("could not find a shuffle without adjacent linked ids")

    out_people = []
    for idx in sorted(range(n), key=lambda i: ident[i]):
        person = people[idx][1]
        rec = {"id": ident[idx]}
        rec.update({k: person[k] for k in FIELDS})
        out_people.append(rec)

    pairs = [{"kind": "need_offer", "seeker": ident[si], "helper": ident[hi], "need": p["need"],
              "offer": p["offer"], "difficulty": p["d"], "note": p["note"]} for p, si, hi in pair_idx]
    pairs += [{"kind": "project", "a": ident[a], "b": ident[b], "difficulty": d, "note": note}
              for d, note, a, b in proj_idx]
    distractors = [{"id": ident[i], "kind": kind, "of": ident[seeker_of[of]], "note": note}
                   for kind, of, note, i in dis_idx]
    event = {"event": EVENT, "people": out_people, "pairs": pairs, "distractors": distractors}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "event.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(event, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"wrote {os.path.normpath(path)}: {n} people, shuffle attempt {attempt + 1}")


if __name__ == "__main__":
    main()
