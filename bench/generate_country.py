"""Write a country-size import dataset into bench/data/country/: the whole unit tree and, per
province, its members and its editors.

1 central unit, 63 provinces, 10,000 wards and communes, 52,000 cells and 5.6 million members
with fictional Vietnamese names, in files an operator would import as they are:

    units.csv              code,name,level,parent_code (import_units)
    members-NN.csv         province NN's members, a secretary per cell, a deputy in every other (import_members)
    roles-NN.csv           province NN's chief editor and editors, and one editor per ward (import_roles)

Rows are written as they are made, never held in memory. Every province draws from its own seeded
generator, so the same arguments always give the same files and `--member-files 10` writes the
first ten provinces' files exactly as a full run does (to measure a fraction of the country).

    .venv/bin/python bench/generate_country.py [--member-files 63] [--out bench/data/country]
"""

import argparse
import csv
import random
from pathlib import Path

from generate_province import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES  # bench/ is first on sys.path

PROVINCES, WARDS, CELLS, MEMBERS = 63, 10_000, 52_000, 5_600_000
SEED = 2026
MEMBER_COLUMNS = ["card_number", "full_name", "cell_code", "role", "phone", "email", "date_of_birth", "joined_on"]


def split(total, parts, rng):
    """`total` in `parts` positive shares of uneven size (half to one and a half of the mean)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    shares = [1 + int(weight * scale) for weight in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares


def country_plan():
    """Wards per province, then cells per ward and members per cell: the country's shape."""
    rng = random.Random(SEED)
    wards = split(WARDS, PROVINCES, rng)
    cells = split(CELLS, WARDS, rng)
    members = split(MEMBERS, CELLS, rng)
    plan = []
    ward_index = cell_index = 0
    for province in range(1, PROVINCES + 1):
        province_wards = []
        for _ward in range(wards[province - 1]):
            count = cells[ward_index]
            province_wards.append(members[cell_index : cell_index + count])
            ward_index += 1
            cell_index += count
        plan.append(province_wards)
    return plan


def province_code(province):
    return f"VN-P{province:02d}"


def ward_code(province, ward):
    return f"{province_code(province)}-W{ward:03d}"


def cell_code(province, ward, cell):
    return f"{ward_code(province, ward)}-C{cell:02d}"


def write_units(out, plan):
    with (out / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "level", "parent_code"])
        writer.writerow(["VN-TW", "Trung ương", "central", ""])
        for province, wards in enumerate(plan, start=1):
            writer.writerow([province_code(province), f"Tỉnh {province:02d}", "province", "VN-TW"])
            for ward, cells in enumerate(wards, start=1):
                kind = "Phường" if ward % 3 else "Xã"
                name = f"{kind} {ward} tỉnh {province:02d}"
                writer.writerow([ward_code(province, ward), name, "ward", province_code(province)])
                for cell in range(1, len(cells) + 1):
                    name = f"Chi bộ khu dân cư {cell}, {kind.lower()} {ward}"
                    writer.writerow([cell_code(province, ward, cell), name, "cell", ward_code(province, ward)])


def write_province_people(out, province, wards):
    """The province's members file and its editors file; returns the number of members."""
    rng = random.Random(f"{SEED}-{province}")
    number = 0
    editors = []
    with (out / f"members-{province:02d}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MEMBER_COLUMNS)
        for ward, cells in enumerate(wards, start=1):
            for cell, members in enumerate(cells, start=1):
                for place in range(members):
                    role = "member"
                    if place == 0:
                        role = "secretary"
                    elif place == 1 and cell % 2:
                        role = "deputy_secretary"
                    card = f"{province:02d}{number:07d}"
                    number += 1
                    if place == 2 and cell == 1:
                        editors.append((card, ward_code(province, ward), "editor"))
                    born = rng.randint(1950, 2004)
                    joined = min(born + rng.randint(18, 40), 2025)
                    name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
                    email = f"dv{card}@example.org" if rng.random() < 0.2 else ""
                    writer.writerow(
                        [
                            card,
                            name,
                            cell_code(province, ward, cell),
                            role,
                            f"09{rng.randint(0, 99999999):08d}",
                            email,
                            f"{born}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{joined}",
                        ]
                    )
    with (out / f"roles-{province:02d}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "unit_code", "role"])
        # The province's staff are the first members of its first ward's cells.
        writer.writerow([f"{province:02d}{0:07d}", province_code(province), "chief_editor"])
        writer.writerow([f"{province:02d}{1:07d}", province_code(province), "editor"])
        writer.writerows(editors)
    return number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--member-files", type=int, default=PROVINCES, help="provinces whose people files are written")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data" / "country")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    plan = country_plan()
    write_units(args.out, plan)
    provinces = range(1, args.member_files + 1)
    members = sum(write_province_people(args.out, province, plan[province - 1]) for province in provinces)
    units = 1 + PROVINCES + WARDS + CELLS
    print(f"Wrote {args.out}: {units} units; {members} members in {args.member_files} province files")


if __name__ == "__main__":
    main()
