#!/usr/bin/env python3
"""Add a custom metric to the assessment and score with it.

A county rewards good deeds (好人好事) reported by residents; the count is
kept outside libcommpolice (here a small list, in practice the county's
commendation register). This script:

1. builds a small office (one station, one office, three officers) in the
   database given on the command line (default: custom_metric.db);
2. records each officer's information items (信息收集) for the quarter
   with ``db.info_item_add()``: the built-in metric ``information_items``
   counts them (a count kept in another system would be stored with
   ``assess.store_metric()`` under a name of its own);
3. adds ``good_deeds`` as a callback metric, computed from the register
   while scoring;
4. scores 2024-Q2 by rules that use both (an item and a bonus), and prints
   the ranking and the explanation of the first officer.

Run it from the build tree with PYTHONPATH pointing at the staged package
(``make check`` does).
"""
import sys
from datetime import date

import commpolice
from commpolice import assess

RULES = """\
region: example_county
extends: national
assessment:
  period: quarter
  ranking_scope: station
  items:
    - {id: information, name: 信息收集, metric: information_items, weight: 100, target: 10,
       deduct: [{per_unit: 4}]}
  bonus:
    - {id: good_deeds, name: 好人好事, metric: good_deeds, per_unit: 2, max: 6}
  grades:
    - {code: excellent, name: 优秀, min: 90}
    - {code: pass, name: 合格, min: 60}
    - {code: fail, name: 不合格, min: 0}
"""

# The commendation register: (badge, date) of each good deed residents reported
# (period_bounds gives datetime.date, as every date the binding returns).
REGISTER = [
    ("300001", date(2024, 4, 12)), ("300001", date(2024, 5, 30)), ("300001", date(2024, 6, 2)),
    ("300002", date(2024, 5, 18)),
    ("300003", date(2024, 3, 30)),  # last quarter: does not count
]


def main(path):
    with commpolice.Database(path, user="example") as db:
        rules = commpolice.Rules(RULES, "text", name="example_county.yaml")
        region = db.region_add("example_county", "示例县")
        station = db.station_add(region, "城关派出所")
        office = db.office_add(station, "城关社区警务室")
        badges = {}
        for name, badge, items in (("王建国", "300001", 9), ("李秀英", "300002", 10),
                                   ("张志强", "300003", 7)):
            sid = db.staff_add(office, name, "officer", "2024-01-01", badge=badge)
            badges[sid] = badge
            for k in range(items):
                db.info_item_add(office, sid, "2024-04-%02d" % (k + 1), "社情民意",
                                 "辖区信息第%d条" % (k + 1))

        first, last = assess.period_bounds("2024-Q2")

        def good_deeds(name, subject, subject_id, office_id, period):
            """Deeds in the register for this officer and period: (value, numerator, denominator, note)."""
            n = sum(1 for badge, day in REGISTER
                    if badge == badges.get(subject_id) and first <= day <= last)
            return (n, n, 0, "%d deeds in the commendation register" % n)

        assessor = assess.Assessor(db, rules)
        assessor.add_metric("good_deeds", good_deeds, "count")
        q2 = assessor.score("2024-Q2")
        for rank, name, total, grade, sanctions in q2.ranking():
            print("rank %d  %-4s %6.2f  %s %s" % (rank, name, total, grade, " ".join(sanctions)))
        top = q2.results()[0]
        print()
        print(q2.explain(top["subject_id"]))
        # 王建国: information 9 → 100 − 4 = 96, good deeds 3 × 2 = 6 → 102.00
        assert top["name"] == "王建国" and top["total"] == 102.0
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "custom_metric.db"))
