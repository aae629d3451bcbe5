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

    # files[k][rel]: FileData of configuration k
    files = []
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
        files.append(per)

    categories = sorted({r.split("/")[0] for r in rels})
    profiles = list(ns.DEFAULT_PROFILES) if args.profile == "all" else args.profile.split(",")
    for name in profiles:
        cost = ns.DEFAULT_PROFILES[name]
        raw = null = perfect = 0.0
        for cat in categories:
            test = [r for r in rels if r.split("/")[0] == cat]
            train = [r for r in rels if r.split("/")[0] != cat]
            best = None
            for k, per in enumerate(files):
                thr, score = ns.sweep([per[r] for r in train], cost)
                if best is None or score > best[2]:
                    best = (k, thr, score)
            k, thr, _ = best
            scored = [ns.score_file(files[k][r], cost, thr) for r in test]
            c_raw = math.fsum(s["score"] for s in scored)
            c_null = -cost["fnWeight"] * sum(s["scorable_windows"] for s in scored)
            c_perfect = cost["tpWeight"] * sum(s["windows"] for s in scored)
            raw, null, perfect = raw + c_raw, null + c_null, perfect + c_perfect
            norm = 100 * (c_raw - c_null) / (c_perfect - c_null) if c_perfect > c_null else float("nan")
            if not args.quiet:
                print("cv %s %-22s config=%s threshold=%.6g raw=%.3f windows=%d detected=%d fp_rows=%d normalized=%.2f"
                      % (name, cat, os.path.basename(os.path.normpath(args.results[k])), thr, c_raw,
                         sum(s["windows"] for s in scored), sum(s["windows_detected"] for s in scored),
                         sum(s["fp"] for s in scored), norm))
        pooled = 100 * (raw - null) / (perfect - null)
        # the full-corpus score of the configuration that is best on all files
        full_best = None
        for k, per in enumerate(files):
            thr, score = ns.sweep([per[r] for r in rels], cost)
            n = sum(len(per[r].scorable_windows) for r in rels)
            w = sum(len(per[r].window_ids) for r in rels)
            normalized = 100 * (score + cost["fnWeight"] * n) / (cost["tpWeight"] * w + cost["fnWeight"] * n)
            if full_best is None or normalized > full_best[1]:
                full_best = (k, normalized, thr)
        print("CV %s pooled=%.2f full=%.2f full_config=%s full_threshold=%.6g" % (
            name, pooled, full_best[1], os.path.basename(os.path.normpath(args.results[full_best[0]])),
            full_best[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
