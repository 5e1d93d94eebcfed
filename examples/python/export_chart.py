#!/usr/bin/env python3
"""Chart an export of the demo district: one office's monthly work and the
county's score distribution (docs/export.md).

    commpolice demo demo.db
    python3 examples/python/export_chart.py demo.db chart.png [OFFICE_ID]

Reads only what a researcher gets: the `monthly` and `assessments` exports
under the default profile (both are logged in the database's export_log;
neither needs a key, as they hold no person ids). matplotlib draws with the
Agg backend, so no display is needed.
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import commpolice  # noqa: E402
from commpolice.export import Export  # noqa: E402


def main(db_path, png_path, office_id=1):
    with commpolice.Database(db_path, user="export_chart") as db:
        months = list(Export(db, "monthly", office=office_id))
        results = list(Export(db, "assessments"))
    if not months or not results:
        sys.exit("export_chart: no monthly work or no saved assessment in %s" % db_path)

    labels = [m["month"] for m in months]
    series = ["visits", "inspections", "notices_opened", "notices_closed"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    width = 0.8 / len(series)
    for i, name in enumerate(series):
        # A suppressed small count (1-4) comes out as None: drawn as 0, hatched.
        values = [m[name] if m[name] is not None else 0 for m in months]
        bars = left.bar([x + i * width for x in range(len(labels))], values, width, label=name)
        for bar, m in zip(bars, months):
            if m[name] is None:
                bar.set_hatch("//")
    left.set_xticks([x + 0.4 - width / 2 for x in range(len(labels))], labels)
    left.set_title("office %d: work by month (hatched: fewer than 5, suppressed)" % office_id,
                   fontsize=9)
    left.legend(fontsize=8)

    latest = max(r["run"] for r in results)
    totals = [r["total"] for r in results if r["run"] == latest]
    right.hist(totals, bins=10, range=(min(totals) - 1, 100), color="tab:green", edgecolor="black")
    right.set_title("county: scores of run %d (%d subjects)" % (latest, len(totals)), fontsize=9)
    right.set_xlabel("total")
    fig.tight_layout()
    fig.savefig(png_path, dpi=80)
    print("%s: %d months of office %d, %d scores" % (png_path, len(months), office_id, len(totals)))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
