"""Write a province-size import dataset: bench/data/units.csv and bench/data/members.csv.

1 central unit, 1 province, 100 wards, 1,000 cells and 60,000 members with fictional
Vietnamese names; the same seed always gives the same files. Each cell has a secretary,
every other cell a deputy. Dates use both accepted formats.

    .venv/bin/python bench/generate_province.py [--members 60000] [--out bench/data]
"""

import argparse
import csv
import random
from pathlib import Path

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai",
]  # fmt: skip
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Xuân", "Kim", "Công", "Thu"]
GIVEN_NAMES = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang",
    "Tuấn", "Vân", "Yến", "Đạt", "Thắng", "Lộc",
]  # fmt: skip
WARDS, CELLS_PER_WARD = 100, 10
SEED = 2026


def generate(out, members):
    rng = random.Random(SEED)
    out.mkdir(parents=True, exist_ok=True)
    cells = []
    with (out / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "level", "parent_code"])
        writer.writerow(["BENCH-TW", "Trung ương (thử)", "central", ""])
        writer.writerow(["BENCH-P", "Tỉnh Mẫu", "province", "BENCH-TW"])
        for ward in range(1, WARDS + 1):
            ward_code = f"BENCH-W{ward:03d}"
            writer.writerow([ward_code, f"Phường {ward}", "ward", "BENCH-P"])
            for cell in range(1, CELLS_PER_WARD + 1):
                cell_code = f"{ward_code}-C{cell:02d}"
                writer.writerow([cell_code, f"Chi bộ khu phố {cell}, phường {ward}", "cell", ward_code])
                cells.append(cell_code)
    with (out / "members.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["card_number", "full_name", "cell_code", "role", "phone", "email", "date_of_birth", "joined_on",
             "username", "password"]
        )  # fmt: skip
        for number in range(members):
            cell_index, place = divmod(number, members // len(cells))
            cell_code = cells[min(cell_index, len(cells) - 1)]
            role = "member"
            if place == 0:
                role = "secretary"
            elif place == 1 and cell_index % 2 == 0:
                role = "deputy_secretary"
            born = (rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
            joined_year = min(born[0] + rng.randint(18, 40), 2025)
            date_of_birth = f"{born[0]}-{born[1]:02d}-{born[2]:02d}"
            joined_on = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{joined_year}"
            name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
            card = f"{51000000 + number:08d}"
            email = f"dv{card}@example.org" if rng.random() < 0.2 else ""
            phone = f"09{rng.randint(0, 99999999):08d}"
            writer.writerow([card, name, cell_code, role, phone, email, date_of_birth, joined_on, "", ""])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=60_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data")
    args = parser.parse_args()
    generate(args.out, args.members)
    print(f"Wrote {args.out / 'units.csv'} and {args.out / 'members.csv'} ({args.members} members)")


if __name__ == "__main__":
    main()
