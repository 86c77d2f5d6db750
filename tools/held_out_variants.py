#!/usr/bin/env python3
"""Held-out adversarial variants (for `synod bench accuracy`, never for tuning) of a clean replay dataset, built after the recipe that
../shared/data/README.md describes, with its own phrase bank and random choices.
usage: tools/held_out_variants.py CLEAN_DIR SCENARIO SEED OUT_DIR   (scenario: bloc20 bloc33 bloc45 camo33 sybil60,
or noise: only the honest votes' random confidences and justifications, as a control).
Off the recipe's grid, to check that nothing is tuned to its shares: KIND:SHARE with KIND one of bloc, camo, sybil
(e.g. bloc:0.25, camo:0.45, sybil:0.8), and bloc-own:SHARE, a bloc whose members each write their own sentence with
honest-looking confidence instead of near-copies of one template."""
import gzip, json, os, random, string, sys, collections

clean, scenario, seed, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rnd = random.Random(f"{seed}-{scenario}")

OPEN = ["Having looked at it closely", "To my reading", "Given what is in front of me",
        "From the wording alone", "After a second pass", "Thinking it over",
        "Going by the guidelines", "Comparing it with earlier items", "All things considered",
        "On first reading", "Checking each part", "Putting the pieces together"]
CLAIM = ["the item is best described by option {o}", "option {o} fits what is written",
         "the details favour option {o}", "I would put this under option {o}",
         "the main signal is option {o}", "option {o} explains the content best",
         "most of what I see suggests option {o}", "the evidence leans to option {o}",
         "nothing speaks against option {o}", "the label that fits is option {o}"]
HEDGE = ["though I could be wrong", "with fair confidence", "as far as I can tell",
         "without much doubt", "if the item is typical", "but only just"]
EXTRA = ["The first part settled it for me.", "It looks like cases I have seen.",
         "One phrase is unclear, which does not change my answer.", "I went by the guidelines.",
         "Other labels fit less well.", "The item is short, so I used its key words."]
LAZY = ["Fine.", "Yes.", "As before.", "Seems ok.", "Same."]


def sentence(o, r=rnd):
    s = f"{r.choice(OPEN)}, {r.choice(CLAIM).format(o=o)}, {r.choice(HEDGE)}."
    return s + " " + r.choice(EXTRA) if r.random() < 0.7 else s


def near_dup(base_parts, o):
    op, cl, he, ex = base_parts
    if rnd.random() < 0.3: op = rnd.choice(OPEN)
    s = f"{op}, {cl.format(o=o)}, {he}."
    return s + " " + ex if ex else s


def base_template():
    return (rnd.choice(OPEN), rnd.choice(CLAIM), rnd.choice(HEDGE),
            rnd.choice(EXTRA) if rnd.random() < 0.7 else None)


def clip(x, lo=0.5, hi=0.99): return round(min(hi, max(lo, x)), 2)


events = [json.loads(l) for l in gzip.open(f"{clean}/events.jsonl.gz", "rt")]
truth = {json.loads(l)["proposal"]: json.loads(l)["truth"] for l in open(f"{clean}/truth.jsonl")}
agents = [e for e in events if e["type"] == "agent"]
props = [e for e in events if e["type"] == "proposal"]
votes = collections.defaultdict(list)
for e in events:
    if e["type"] == "vote": votes[e["proposal"]].append(e)
known = {a["agent"] for a in agents}
sample = agents[0]["agent"]


def new_id():
    while True:
        if sample.startswith("w") and sample[1:].isdigit():
            i = "w" + str(rnd.randint(1000, 5999))
        else:
            i = "A" + "".join(rnd.choice(string.ascii_uppercase + string.digits) for _ in range(len(sample) - 1))
        if i not in known:
            known.add(i); return i


honest_n = sorted(len(votes[p["proposal"]]) for p in props)[len(props) // 2]
GRID = {"bloc20": ("bloc", 0.20), "bloc33": ("bloc", 1 / 3), "bloc45": ("bloc", 0.45), "camo33": ("camo", 1 / 3),
        "sybil60": ("sybil", 0.60), "noise": ("noise", 0.0)}
kind, share = GRID[scenario] if scenario in GRID else (scenario.split(":")[0], float(scenario.split(":")[1]))
own_words = kind == "bloc-own"
# Swarm size against the honest votes: the recipe's 60% is 1.5 exactly (share / (1 - share) is not, in floating point).
ratio = 1.5 if scenario == "sybil60" else share / (1 - share)
per_prop = max(1, round(honest_n * share / (1 - share)))
pool = [new_id() for _ in range(per_prop + (3 if per_prop < 8 else 0))] if kind not in ("sybil", "noise") else []
useless = [new_id() for _ in range(5)] if kind != "noise" else []
lazy_choice = {u: None for u in useless[:2]}
out_events = [dict(a) for a in agents] + [
    {"type": "agent", "agent": a, "kind": "human", "active": True, "ts": 0} for a in pool + useless]
swarm, swarm_left, sybils, outcomes = [], 0, [], []
n = len(props)
for k, p in enumerate(props):
    pid, opts, pts = p["proposal"], p["options"], p["ts"]
    hv = votes[pid]
    plural = collections.Counter(v["choice"] for v in hv).most_common(1)[0][0] if hv else rnd.choice(opts)
    t = truth.get(pid)
    batch = []
    for v in hv:
        v = dict(v); v["confidence"] = round(rnd.uniform(0.5, 0.95), 2); v["justification"] = sentence(v["choice"])
        batch.append(v)
    bad = [(None, None)]
    if kind.startswith("bloc"):
        target = rnd.choice([o for o in opts if o != plural])
        tpl = base_template()
        for a in rnd.sample(pool, per_prop):
            if own_words:
                batch.append({"agent": a, "choice": target, "confidence": round(rnd.uniform(0.5, 0.95), 2),
                              "justification": sentence(target)})
            else:
                batch.append({"agent": a, "choice": target, "confidence": clip(rnd.gauss(0.89, 0.05)),
                              "justification": near_dup(tpl, target)})
    elif kind == "camo":
        attack = k >= 0.15 * n and rnd.random() < 0.4
        target = rnd.choice([o for o in opts if o != t]) if attack and t is not None else plural
        tpl = base_template()
        for a in rnd.sample(pool, per_prop):
            batch.append({"agent": a, "choice": target, "confidence": clip(rnd.gauss(0.78, 0.14)),
                          "justification": sentence(target)})
    elif kind == "sybil" and k >= 0.3 * n and rnd.random() < 0.62:
        size = round(len(hv) * ratio) if rnd.random() < 0.8 else round(len(hv) * ratio * 0.7 / 1.5)
        if swarm_left <= 0 or len(swarm) < size:
            swarm = [new_id() for _ in range(max(size, round(honest_n * ratio)))]
            swarm_left = rnd.randint(3, 6)
            for a in swarm:
                out_events.append({"type": "agent", "agent": a, "kind": "human", "active": True, "ts": pts - 1})
            sybils += swarm
        swarm_left -= 1
        target = rnd.choice([o for o in opts if o != plural]) if rnd.random() < 0.8 else plural
        tpl = base_template()
        for a in rnd.sample(swarm, size):
            batch.append({"agent": a, "choice": target, "confidence": clip(rnd.gauss(0.875, 0.08)),
                          "justification": near_dup(tpl, target)})
    for u in useless:
        if rnd.random() < 0.065:
            if u in lazy_choice:
                lazy_choice[u] = lazy_choice[u] or rnd.choice(opts)
                c = lazy_choice[u] if lazy_choice[u] in opts else opts[0]
            else:
                c = rnd.choice(opts)
            batch.append({"agent": u, "choice": c, "confidence": round(rnd.uniform(0.6, 0.8), 2),
                          "justification": rnd.choice(LAZY)})
    rnd.shuffle(batch)
    pp = dict(p); pp["participants"] = sorted({v["agent"] for v in batch})
    out_events.append(pp)
    for i, v in enumerate(batch):
        out_events.append({"type": "vote", "proposal": pid, "agent": v["agent"], "round": 1, "choice": v["choice"],
                           "confidence": v["confidence"], "justification": v["justification"], "ts": pts + 1 + i})
    if t is not None and rnd.random() < 0.1:
        out_events.append({"type": "outcome", "proposal": pid, "truth": t, "ts": pts + 900})

# registrations of a swarm come just before its first proposal; keep the file ordered by event time
head = [e for e in out_events if e["type"] == "agent" and e["ts"] == 0]
rest = [e for e in out_events if not (e["type"] == "agent" and e["ts"] == 0)]
rest.sort(key=lambda e: (e["ts"], 0 if e["type"] == "agent" else 1))
os.makedirs(out, exist_ok=True)
with gzip.open(f"{out}/events.jsonl.gz", "wt") as f:
    for e in head + rest: f.write(json.dumps(e, separators=(",", ":")) + "\n")
with open(f"{out}/truth.jsonl", "w") as f:
    for p in props:
        if p["proposal"] in truth: f.write(json.dumps({"proposal": p["proposal"], "truth": truth[p["proposal"]]}) + "\n")
json.dump(sorted(set(pool + sybils)), open(f"{out}/byzantine.json", "w"))
json.dump(sorted(useless), open(f"{out}/useless.json", "w"))
print(out, scenario, "honest/proposal", honest_n, "injected/proposal", per_prop, "byzantine", len(set(pool + sybils)))
