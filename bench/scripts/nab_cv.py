#!/usr/bin/env python3
"""Leave-one-category-out cross-validation of NAB results, with the standalone NAB scorer's rules.

Usage: nab_cv.py SCORER NAB_DIR RESULTS [RESULTS ...] [--profile all|standard|...]

Each RESULTS directory holds one candidate configuration's replay (category/file.csv with an
anomaly_score column). For every category C of NAB_DIR/data, the configuration and the threshold are
chosen on the other categories only (the best NAB raw score there, threshold swept as NAB does), then
applied to C. The raw scores of the held-out categories are pooled and normalised together, exactly
as the full-corpus score is (100 * (raw - null) / (perfect - null) over all windows), so the two are
comparable; a plain per-category average is undefined because a category may have no windows (NAB's
artificialNoAnomaly). With one RESULTS directory only the threshold is cross-validated.

Prints one line per held-out category and profile, then per profile
  CV <profile> pooled=<score> full=<score of the best configuration, threshold on all files>
"""
import argparse
import importlib.util
import json
import math
import os
import sys


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("nabscore", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scorer")
    ap.add_argument("nab_dir")
    ap.add_argument("results", nargs="+")
    ap.add_argument("--profile", default="all")
    ap.add_argument("--quiet", action="store_true", help="only the CV lines")
    args = ap.parse_args(argv)
    ns = load_scorer(args.scorer)

    data = os.path.join(args.nab_dir, "data")
    with open(os.path.join(args.nab_dir, "labels", "combined_windows.json")) as fh:
        labels = {k.replace("\\", "/"): v for k, v in json.load(fh).items()}
    rels = [r for r in ns.list_data_files(data) if r in labels]
    stamps = {}
    for rel in rels:
        _, cols = ns.read_csv_columns(os.path.join(data, rel), ["timestamp"])
        stamps[rel] = [ns.parse_ts(t) for t in cols["timestamp"]]

    categories = sorted({r.split("/")[0] for r in rels})
    profiles = list(ns.DEFAULT_PROFILES) if args.profile == "all" else args.profile.split(",")
    # One configuration at a time (memory stays that of one replay): per profile and held-out
    # category, the best threshold and raw score on the other categories and the held-out result.
    folds = []  # folds[k][profile][category] = (train score, threshold, held-out summary)
    fulls = []  # fulls[k][profile] = (normalised score, threshold) with the threshold swept on all files
    for res in args.results:
        per = {}
        wid = 0
        for rel in rels:
            _, cols = ns.read_csv_columns(ns.find_results_file(res, rel, None), ["anomaly_score"])
            scores = [float(s) if s.strip() else -math.inf for s in cols["anomaly_score"]]
            if len(scores) != len(stamps[rel]):
                raise SystemExit("%s: %s has %d rows, the data %d" % (res, rel, len(scores), len(stamps[rel])))
            windows = [(ns.parse_ts(a), ns.parse_ts(b)) for a, b in labels[rel]]
            per[rel] = ns.FileData(rel, stamps[rel], scores, windows, wid, ns.PROBATION_PERCENT)
            wid += len(windows)
        fold, full = {}, {}
        for name in profiles:
            cost = ns.DEFAULT_PROFILES[name]
            fold[name] = {}
            for cat in categories:
                train = [per[r] for r in rels if r.split("/")[0] != cat]
                thr, score = ns.sweep(train, cost)
                scored = [ns.score_file(per[r], cost, thr) for r in rels if r.split("/")[0] == cat]
                fold[name][cat] = (score, thr, {
                    "raw": math.fsum(x["score"] for x in scored),
                    "null": -cost["fnWeight"] * sum(x["scorable_windows"] for x in scored),
                    "perfect": cost["tpWeight"] * sum(x["windows"] for x in scored),
                    "windows": sum(x["windows"] for x in scored),
                    "detected": sum(x["windows_detected"] for x in scored),
                    "fp": sum(x["fp"] for x in scored)})
            thr, score = ns.sweep([per[r] for r in rels], cost)
            n = sum(len(per[r].scorable_windows) for r in rels)
            w = sum(len(per[r].window_ids) for r in rels)
            full[name] = (100 * (score + cost["fnWeight"] * n) / (cost["tpWeight"] * w + cost["fnWeight"] * n), thr)
        folds.append(fold)
        fulls.append(full)
        del per

    label = lambda k: os.path.basename(os.path.normpath(args.results[k]))
    for name in profiles:
        raw = null = perfect = 0.0
        for cat in categories:
            # the configuration best on the other categories; ties go to the first one listed
            k = max(range(len(folds)), key=lambda j: (folds[j][name][cat][0], -j))
            _, thr, h = folds[k][name][cat]
            raw, null, perfect = raw + h["raw"], null + h["null"], perfect + h["perfect"]
            norm = (100 * (h["raw"] - h["null"]) / (h["perfect"] - h["null"])
                    if h["perfect"] > h["null"] else float("nan"))
            if not args.quiet:
                print("cv %s %-22s config=%s threshold=%.6g raw=%.3f windows=%d detected=%d fp_rows=%d normalized=%.2f"
                      % (name, cat, label(k), thr, h["raw"], h["windows"], h["detected"], h["fp"], norm))
        pooled = 100 * (raw - null) / (perfect - null)
        k = max(range(len(fulls)), key=lambda j: (fulls[j][name][0], -j))
        print("CV %s pooled=%.2f full=%.2f full_config=%s full_threshold=%.6g" % (
            name, pooled, fulls[k][name][0], label(k), fulls[k][name][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
