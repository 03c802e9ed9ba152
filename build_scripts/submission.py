"""The submission standard for the next mapping round: template and validator.

Reads  datapackage/submission/datapackage.json (the Table Schema of one row per
       initiative, with the questionnaire's ten fields) and municipalities.csv;
       the questionnaire's field quotes and code labels from the main package.
Writes (template) <out>/submission-template.csv and .xlsx: the XLSX has a
       drop-down list for every coded field, number validation for amounts and
       an instructions sheet in Danish that quotes each field's definition.
Checks (check-submission) CSV or XLSX files: every problem with file, row and
       field, in Danish and English, using the same checks as `validate`.
"""

import csv
import json
import shutil
import tempfile
from pathlib import Path

from . import package, paths, validate

SHEET = "Indberetning"


def schema() -> dict:
    return package.descriptor(paths.SUBMISSION_JSON)["resources"][0]["schema"]


def field_names() -> list[str]:
    return [f["name"] for f in schema()["fields"]]


def municipality_codes() -> list[int]:
    with (paths.SUBMISSION_DIR / "municipalities.csv").open(encoding="utf-8") as fh:
        return [int(row["municipality_code"]) for row in csv.DictReader(fh)]


# --- reading a submission ---------------------------------------------------------------------


def xlsx_to_csv(xlsx: Path, target: Path) -> None:
    """The first sheet named 'Indberetning' (or the first sheet) as CSV text; numbers keep their digits."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True, data_only=True)
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for row in ws.iter_rows(values_only=True):
            if row is None or all(v is None for v in row):
                continue
            writer.writerow(["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                             for v in row])
    wb.close()


def check_file(path: Path) -> list[validate.Problem]:
    """Every problem in one submission file, named by the path as given."""
    shown = str(path)
    if not path.exists():
        return [validate.Problem(shown, None, None, "Filen findes ikke.", "The file does not exist.", "Manglende fil")]
    descriptor = package.descriptor(paths.SUBMISSION_JSON)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "submission"
        work.mkdir()
        target = work / "submission.csv"
        if is_workbook(path):
            try:
                xlsx_to_csv(path, target)
            except Exception:  # openpyxl raises many kinds for a file that is not a workbook
                return [validate.Problem(shown, None, None, "Filen kan ikke læses som et Excel-regneark (.xlsx).",
                                         "The file cannot be read as an Excel workbook (.xlsx).", "Ugyldig fil")]
        else:  # a copy, not a link: validation refuses resources that resolve outside their package
            shutil.copyfile(path, target)
        shutil.copyfile(paths.SUBMISSION_DIR / "municipalities.csv", work / "municipalities.csv")
        descriptor["resources"][0]["path"] = "submission.csv"
        package_json = work / "datapackage.json"
        package_json.write_text(json.dumps(descriptor), encoding="utf-8")
        problems, _ = validate.collect_problems(package_json)  # the same steps as `validate`
    return [p.renamed(shown) for p in problems]


def check_files(files: list[Path]) -> list[validate.Problem]:
    problems = []
    seen_ids: dict[tuple[int, str], str] = {}
    for path in files:
        file_problems = check_file(path)
        problems += file_problems
        if file_problems or len(files) == 1:
            continue  # within one file, the primary key already rejects a repeated id
        # Across files: one initiative id per municipality.
        ids = read_table(path, ["municipality_code", "initiative_id"])
        for line, (code, initiative) in enumerate(zip(ids["municipality_code"], ids["initiative_id"]), start=2):
            key = (int(code), initiative)
            if key in seen_ids:
                problems.append(validate.Problem(str(path), line, "initiative_id",
                                                 f"Indsatsen '{key[1]}' fra kommune {key[0]} står også i {seen_ids[key]}.",
                                                 f"Initiative '{key[1]}' of municipality {key[0]} is also in {seen_ids[key]}.",
                                                 "Dubleret værdi"))
            seen_ids[key] = str(path)
    return problems


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_table(path: Path, columns: list[str] | None = None):
    """A submission (CSV or workbook) as a pandas DataFrame of text, optionally only some columns."""
    import pandas as pd

    def read(csv_path):
        return pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig", usecols=columns)

    if not is_workbook(path):
        return read(path)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "submission.csv"
        xlsx_to_csv(path, target)
        return read(target)


def run_check(files: list[Path]) -> int:
    problems = check_files(files)
    from . import report

    report.emit(problems)
    if problems:
        return 1
    print(f"Ingen fejl i {len(files)} fil(er). / No problems in {len(files)} file(s).")
    return 0


# --- the template ---------------------------------------------------------------------------


def _codes() -> dict[int, list[dict]]:
    codes: dict[int, list[dict]] = {}
    for row in package.records("questionnaire_codes"):
        codes.setdefault(int(row["field_no"]), []).append(row)
    return codes


FIELD_NO = {"title": 1, "gross_expenditure_1000_kr": 2, "gross_income_1000_kr": 3, "financing_source": 4,
            "legal_basis": 5, "primary_target_group": 6, "secondary_target_group": 7, "content": 8,
            "purpose": 9, "time_horizon": 9, "target_group_share": 10}


def _guide_url() -> str:
    """The address of the site's page for municipal staff (the Danish site's 'Indberetning')."""
    import yaml

    return yaml.safe_load(paths.MKDOCS_YML.read_text(encoding="utf-8"))["extra"]["site_da"] + "indberetning/"


def write_template(out_dir: Path) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = out_dir / "submission-template.csv", out_dir / "submission-template.xlsx"
    shutil.copyfile(paths.SUBMISSION_DIR / "submission-template.csv", csv_path)

    fields = schema()["fields"]
    questionnaire = {int(r["field_no"]): r for r in package.records("questionnaire_fields")}
    codes = _codes()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([f["name"] for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, f in enumerate(fields):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = max(14, min(40, len(f["name"]) + 4))

    lists = wb.create_sheet("Koder")
    lists.append(["Kommunekode", "Kommune", "Tilbudsområde"])
    with (paths.SUBMISSION_DIR / "municipalities.csv").open(encoding="utf-8") as fh:
        munis = list(csv.DictReader(fh))
    areas = next(f for f in fields if f["name"] == "area_id")["constraints"]["enum"]
    for i in range(max(len(munis), len(areas))):
        lists.append([int(munis[i]["municipality_code"]) if i < len(munis) else None,
                      munis[i]["name"] if i < len(munis) else None, areas[i] if i < len(areas) else None])

    def column(name):
        return ws.cell(row=1, column=[f["name"] for f in fields].index(name) + 1).column_letter

    def add(validation, name, strict=True):
        validation.error = "Værdien er ikke tilladt i dette felt. Se arket Vejledning."
        validation.errorTitle = "Ugyldig værdi"
        validation.showErrorMessage = strict
        ws.add_data_validation(validation)
        validation.add(f"{column(name)}2:{column(name)}5000")

    add(DataValidation(type="list", formula1=f"=Koder!$A$2:$A${len(munis) + 1}"), "municipality_code")
    add(DataValidation(type="list", formula1=f"=Koder!$C$2:$C${len(areas) + 1}"), "area_id")
    for name in ("financing_source", "primary_target_group", "secondary_target_group"):
        allowed = next(f for f in fields if f["name"] == name)["constraints"]["enum"]
        add(DataValidation(type="list", formula1='"' + ",".join(allowed) + '"'), name)
    # Legal basis is free text: the list only suggests the two recognised values.
    add(DataValidation(type="list", formula1='"Kommunalfuldmagten,ukendt"'), "legal_basis", strict=False)
    for name in ("gross_expenditure_1000_kr", "gross_income_1000_kr"):
        add(DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0"), name)
    cell = f"{column('target_group_share')}2"
    add(DataValidation(type="custom", formula1=f'=OR({cell}="-",{cell}="_",AND(ISNUMBER({cell}),{cell}>=0,{cell}<=100,INT({cell})={cell}))'),
        "target_group_share")

    guide = wb.create_sheet("Vejledning", 0)
    guide.append(["Indberetning af ikke-lovpligtige integrationsindsatser"])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append(["Udfyld én række pr. indsats i arket »Indberetning«. Beløb i hele 1.000 kr. Har du kopieret data ind, "
                  "så kontrollér dem før indsendelse med Data › Datavalidering › Markér ugyldige data. "
                  "Vejledningen står på siden Indberetning: " + _guide_url()])
    guide.append([])
    guide.append(["Felt", "Spørgeskemaets felt", "Beskrivelse", "Spørgeskemaets ordlyd (bilag 1)", "Tilladte værdier"])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for f in fields:
        number = FIELD_NO.get(f["name"])
        quote = questionnaire[number]["source_quote"] if number else ""
        allowed = "; ".join(f"{c['code']} = {c['label_da']}" for c in codes.get(number, [])) if number else ""
        if f["name"] == "area_id":
            allowed = ", ".join(areas)
        if f["name"] == "municipality_code":
            allowed = "se arket Koder"
        guide.append([f["name"], f"Felt {number}" if number else "", f["description_da"], quote, allowed])
    for col, width in zip("ABCDE", (28, 18, 70, 70, 50)):
        guide.column_dimensions[col].width = width
    for row in guide.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
    wb.active = 0
    wb.save(xlsx_path)
    return [csv_path, xlsx_path]
