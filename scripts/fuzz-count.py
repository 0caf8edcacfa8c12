#!/usr/bin/env python3
"""Counts what schemathesis saw in its NDJSON reports (scripts/fuzz-api.sh).

Prints, per run and in total: responses, 5xx responses, and responses that contradict the
OpenAPI document (a conformance check failed: undocumented status, body not matching its
schema, wrong content type or headers), with each distinct (operation, check, status) once.
Exits 1 unless both counts are 0 and at least one response was seen.
"""
import collections
import json
import sys

CONFORMANCE = {
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
}


def count(path):
    responses = server_errors = contradictions = 0
    distinct = collections.Counter()
    statuses = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder") or {}
            label = recorder.get("label", "?")
            checks = recorder.get("checks") or {}
            for case_id, interaction in (recorder.get("interactions") or {}).items():
                response = interaction.get("response")
                if not response:
                    continue
                responses += 1
                status = response["status_code"]
                statuses[status // 100 * 100] += 1
                method = interaction["request"]["method"]
                if status >= 500:
                    server_errors += 1
                    distinct[(f"{method} {label.split(' ', 1)[-1]}", "5xx", status)] += 1
                failed = [c["name"] for c in checks.get(case_id, []) if c["status"] == "failure" and c["name"] in CONFORMANCE]
                if failed:
                    contradictions += 1
                    for name in sorted(set(failed)):
                        distinct[(f"{method} {label.split(' ', 1)[-1]}", name, status)] += 1
    return responses, server_errors, contradictions, distinct, statuses


def main():
    total = [0, 0, 0]
    ok = True
    for path in sys.argv[1:]:
        name = path.rsplit("/", 1)[-1].removesuffix(".ndjson")
        responses, server_errors, contradictions, distinct, statuses = count(path)
        by_class = ", ".join(f"{k // 100}xx {v}" for k, v in sorted(statuses.items()))
        print(f"fuzz-api {name}: {responses} responses ({by_class}), {server_errors} 5xx, "
              f"{contradictions} contradicting the document")
        for (operation, check, status), n in sorted(distinct.items()):
            print(f"  {operation}: {check} (status {status}) ×{n}")
        total = [total[0] + responses, total[1] + server_errors, total[2] + contradictions]
        ok = ok and responses > 0
    print(f"fuzz-api total: {total[0]} responses, {total[1]} 5xx, {total[2]} contradicting the document")
    if not ok or total[1] or total[2]:
        sys.exit(1)


if __name__ == "__main__":
    main()
