"""Write the broken-input corpus: small files, each damaged in one way, for every source.

Run ``python tests/data/broken/make_corpus.py`` to write them again (the output is the same
every time); tests/test_broken_inputs.py ingests each and checks what graphkit says.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
DEEP = 5_000  # nesting levels: past the JSON parsers' depth limits
HUGE = "X" * 20_000  # a cell past graphkit's 10,000-character limit

EP_HEAD = "title,member_id,member_name,meeting_date,member_capacity,procedure_reference,attendees,lobbyist_id"
EP_ROWS = [
    'AI Civil Liability,96761,VOSS Axel,{date},Rapporteur,2022/0303(COD),"BEUC, DIGITALEUROPE","9505781573-45, 64270747023-20"',
    "Right to repair,197512,BITEAU Benoît,2023-02-01,Shadow rapporteur,2023/0083(COD),Right to Repair Europe,",
]
IW_HEAD = ",committees,country,date,dossier,epid,group,lobbyists,location,mep,role,title"
IW_ROWS = [
    "0,['JURI'],Germany,{date},AI liability directive,96761,EPP,BEUC,Brussels,Axel VOSS,Rapporteur,AI liability",
    "1,[],France,01-02-2023,,197512,Greens/EFA,Right to Repair Europe,online,Benoît BITEAU,Member,Repair",
]
EC_TITLE = "Meetings of Commissioner Didier Reynders and his cabinet,,,,,,,,"
EC_HEAD = (
    "Name of cabinet,Name of EC representative,Title of EC representative,Date of meeting,Location,"
    "Name of interest representative,Transparency register ID,Subject of the meeting,Portfolio"
)
EC_ROWS = [
    "Cabinet of Commissioner Didier Reynders,Maria Kalogeraki,Member of Cabinet,{date},Brussels,BEUC,9505781573-45,Right to repair,Justice",
    "Cabinet of Commissioner Didier Reynders,Maria Kalogeraki,Member of Cabinet,15/02/2023,Brussels,Google,,Digital Services Act,Justice",
]
EC_XML = """<?xml version="1.0" encoding="UTF-8"?>
<meetings>
  <meeting><cabinet>Cabinet of Commissioner Didier Reynders</cabinet><date>{date}</date>
    <subject>Right to repair</subject><location>Brussels</location>
    <entities><entity><name>{name}</name><id>9505781573-45</id></entity></entities></meeting>
  <meeting><cabinet>Cabinet of Commissioner Didier Reynders</cabinet><date>2023-03-01</date>
    <subject>Digital Markets Act</subject><location>Videoconference</location>
    <entities><entity><name>DIGITALEUROPE</name><id>64270747023-20</id></entity></entities></meeting>
</meetings>
"""
EC_JSONL = '{{"EU Member": ["{member}"], "Date": "{date}", "Location": "Brussels", "Entities": ["BEUC"], "Subjects": ["Right to repair"]}}'
REG_XML = """<?xml version='1.1' encoding='UTF-8'?>
<ListOfIRPublicDetail xmlns="http://intragate.ec.europa.eu/transparencyregister/odp">
  <resultList xmlns="">
    <interestRepresentative><identificationCode>{rid}</identificationCode>
      <name><originalName>{name}</originalName></name><acronym>BEUC</acronym></interestRepresentative>
    <interestRepresentative><identificationCode>64270747023-20</identificationCode>
      <name><originalName>DIGITALEUROPE</originalName></name></interestRepresentative>
  </resultList>
</ListOfIRPublicDetail>
"""
REG_HEAD = "Identification code,Registration date,Category of registration,Name,Acronym,Head office country"
REG_ROWS = [
    "{rid},2008-12-17,Non-governmental organisations,{name},BEUC,Belgium",
    "64270747023-20,2010-03-01,Trade and business associations,DIGITALEUROPE,,Belgium",
]
HYS_ITEM = (
    '{{"id": {id}, "referenceInitiative": "PLAN/2022/1234", "dateFeedback": "{date}", "feedback": "Repair.",'
    ' "language": "EN", "userType": "NGO", "country": "BEL", "organization": "{org}", "trNumber": "9505781573-45"}}'
)
OPENLOBBY = """Right to Repair Europe

R2R

Lobbying Activity

Meeting with Axel Voss (Member of the European Parliament)

{date} · Right to repair

Meeting with Anna Cavazzini (Member of the European Parliament)

2 Jun 2025 · Ecodesign

Response to Ecodesign regulation

{rdate}

We support it.
Read full response
"""


def ep(date="2022-10-12", rows=None, head=EP_HEAD):
    return "\n".join([head, *(rows or [EP_ROWS[0].format(date=date), EP_ROWS[1]])]) + "\n"


def iw(date="12-10-2022"):
    return "\n".join([IW_HEAD, IW_ROWS[0].format(date=date), IW_ROWS[1]]) + "\n"


def ec(date="14/02/2023", rows=None):
    return "\n".join([EC_TITLE, EC_HEAD, *(rows or [EC_ROWS[0].format(date=date), EC_ROWS[1]])]) + "\n"


def ec_xml(date="2023-02-14", name="BEUC"):
    return EC_XML.format(date=date, name=name)


def jsonl(date="31/12/9999", member="Didier Reynders", good_date="01/02/2023"):
    return (
        EC_JSONL.format(member=member, date=date)
        + "\n"
        + EC_JSONL.format(member="Maria Kalogeraki", date=good_date)
        + "\n"
    )


def reg_xml(rid="9505781573-45", name="Bureau Européen des Unions de Consommateurs"):
    return REG_XML.format(rid=rid, name=name)


def reg_csv(rid="9505781573-45", name="Bureau Européen des Unions de Consommateurs"):
    return "\n".join([REG_HEAD, REG_ROWS[0].format(rid=rid, name=name), REG_ROWS[1]]) + "\n"


def hys(date="2023/01/15 10:22:03", org="BEUC"):
    return (
        "[\n"
        + HYS_ITEM.format(id=1, date=date, org=org)
        + ",\n"
        + HYS_ITEM.format(id=2, date="2023/01/16 09:00:00", org="DIGITALEUROPE")
        + "\n]\n"
    )


def openlobby(date="20 Nov 2025", rdate="5 Sept 2025"):
    return OPENLOBBY.format(date=date, rdate=rdate)


def xlsx(rows: list[list[object]]) -> bytes:
    """A workbook written with openpyxl, its timestamps fixed so the bytes are the same every run."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.properties.created = book.properties.modified = dt.datetime(2024, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    # Rewrite the zip with fixed entry times (openpyxl stamps the current time).
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as "modified"
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            dest.writestr(fixed, data)
    return out.getvalue()


def ec_xlsx(date: object = "14/02/2023") -> bytes:
    return xlsx(
        [[EC_TITLE.split(",")[0]], EC_HEAD.split(","),
         [c if c != "{date}" else date for c in EC_ROWS[0].split(",")],
         EC_ROWS[1].split(",")]
    )  # fmt: skip


def reg_xlsx(rid="9505781573-45") -> bytes:
    return xlsx(
        [REG_HEAD.split(","), REG_ROWS[0].format(rid=rid, name="BEUC").split(","), REG_ROWS[1].split(",")]
    )


def deep(n: int = DEEP) -> str:
    return "[" * n + "]" * n


def files() -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    # Dates outside pandas' nanosecond range, in every date format the sources read.
    for label, (iso, dmy_dash, dmy_slash, words) in {
        "0001": ("0001-01-01", "01-01-0001", "01/01/0001", "1 Jan 0001"),
        "2300": ("2300-01-01", "01-01-2300", "01/01/2300", "1 Jan 2300"),
        "9999": ("9999-12-31", "31-12-9999", "31/12/9999", "31 Dec 9999"),
    }.items():
        out[f"date-{label}-ep.csv"] = ep(iso)
        out[f"date-{label}-iw.csv"] = iw(dmy_dash)
        out[f"date-{label}-ec.csv"] = ec(dmy_slash)
        out[f"date-{label}-ec-iso.csv"] = ec(iso + " 00:00:00")
        out[f"date-{label}-ec.xml"] = ec_xml(iso)
        out[f"date-{label}-ec.jsonl"] = jsonl(dmy_slash)
        out[f"date-{label}-hys.json"] = hys(iso.replace("-", "/") + " 10:00:00")
        out[f"date-{label}-openlobby.txt"] = openlobby(words)
        out[f"date-{label}-openlobby-response.txt"] = openlobby(rdate=words)
    out["date-9999-ec.xlsx"] = ec_xlsx(dt.datetime(9999, 12, 31))
    out["date-0001-ec-text.xlsx"] = ec_xlsx("01/01/0001")
    # Rows with more fields than the header.
    out["ragged-ep-first-row.csv"] = ep().replace('64270747023-20"', '64270747023-20",extra', 1)
    out["ragged-ep-later-row.csv"] = ep().replace("Right to Repair Europe,", "Right to Repair Europe,,x,y", 1)
    out["ragged-iw.csv"] = iw().replace("Repair\n", "Repair,extra\n")
    out["ragged-ec.csv"] = ec().replace("Digital Services Act,Justice", "Digital Services Act,Justice,x,y")
    out["ragged-register.csv"] = reg_csv().replace("DIGITALEUROPE,,Belgium", "DIGITALEUROPE,,Belgium,x,y")
    # Deep nesting.
    out["deep-ec.jsonl"] = (
        jsonl(good_date="01/02/2023").replace("31/12/9999", "14/02/2023") + '{"EU Member": ' + deep() + "}\n"
    )
    out["deep-hys.json"] = '[{"referenceInitiative": "x", "dateFeedback": ' + deep() + "}]"
    out["deep-hys-object.json"] = (
        '{"referenceInitiative": "x", "dateFeedback": 1, "a": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    )
    # Encodings.
    out["utf16-ep.csv"] = ep().encode("utf-16")
    out["utf16be-ec.csv"] = b"\xfe\xff" + ec().encode("utf-16-be")
    out["utf16-openlobby.txt"] = openlobby().encode("utf-16")
    out["utf16-nobom-iw.csv"] = iw().encode("utf-16-le")
    out["bom-ep.csv"] = ep().encode("utf-8-sig")
    out["bom-ec.jsonl"] = jsonl(date="14/02/2023").encode("utf-8-sig")
    out["bom-hys.json"] = hys().encode("utf-8-sig")
    out["bom-register.xml"] = reg_xml().encode("utf-8-sig")
    out["latin1-register.csv"] = reg_csv().encode("latin-1")
    out["utf16-ec.xml"] = ec_xml().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    out["utf16-register.xml"] = reg_xml().replace("encoding='UTF-8'", "encoding='UTF-16'").encode("utf-16")
    out["utf16-register.csv"] = reg_csv().encode("utf-16")
    out["utf16-ec.jsonl"] = jsonl(date="14/02/2023").encode("utf-16")
    out["utf16-hys.json"] = hys().encode("utf-16")
    out["utf16-cut-ep.csv"] = ep().encode("utf-16") + b"\x3d\xd8"  # half a surrogate pair at the end
    # Damaged workbooks and other binary data.
    good = ec_xlsx()
    out["xlsx-truncated.xlsx"] = good[: len(good) // 2]
    out["xlsx-magic-only.xlsx"] = b"PK\x03\x04" + bytes(200)
    out["xlsx-corrupt-member.xlsx"] = good[:200] + bytes(len(good) // 4) + good[200 + len(good) // 4 :]
    out["register-xlsx-ok.xlsx"] = reg_xlsx()
    out["binary.csv"] = bytes(range(256)) * 8
    # Empty and header-only files.
    out["empty.csv"] = ""
    out["blank-lines.txt"] = "\n\n   \n"
    out["header-only-ep.csv"] = EP_HEAD + "\n"
    out["header-only-iw.csv"] = IW_HEAD + "\n"
    out["header-only-ec.csv"] = EC_TITLE + "\n" + EC_HEAD + "\n"
    out["header-only-register.csv"] = REG_HEAD + "\n"
    out["header-only-ec.xlsx"] = xlsx([[EC_TITLE.split(",")[0]], EC_HEAD.split(",")])
    out["empty-list-hys.json"] = '[{"referenceInitiative": "x", "dateFeedback": "bad"}]'
    out["empty-ec.xml"] = '<?xml version="1.0"?><meetings><meeting></meeting></meetings>'
    # Oversized fields.
    out["huge-name-ep.csv"] = ep(
        rows=[EP_ROWS[0].format(date="2022-10-12").replace("DIGITALEUROPE", HUGE), EP_ROWS[1]]
    )
    out["huge-name-iw.csv"] = iw().replace("Right to Repair Europe", HUGE)
    out["huge-name-ec.csv"] = ec().replace("Google", HUGE)
    out["huge-name-register.csv"] = reg_csv(name=HUGE)
    out["huge-name-register.xml"] = reg_xml(name=HUGE)
    out["huge-name-ec.jsonl"] = jsonl(member=HUGE)
    out["huge-name-hys.json"] = hys(org=HUGE)
    out["huge-line-openlobby.txt"] = openlobby().replace(
        "Right to repair\n", "Right to repair\n\n" + HUGE + "\n", 1
    )
    # JSON lines: one bad line among good ones, blank lines before it.
    good_lines = jsonl(date="14/02/2023")
    out["jsonl-bad-line.jsonl"] = (
        good_lines + '{"EU Member": ["x"], "Date": \n' + good_lines.replace("14/02", "15/02")
    )
    out["jsonl-blank-lines.jsonl"] = (
        good_lines + "\n\n\n" + '{"EU Member": ["x"], "Date": "bad date", "Entities": []}\n'
    )
    out["jsonl-not-object.jsonl"] = good_lines + "[1, 2, 3]\n42\n"
    out["jsonl-cut-off.jsonl"] = good_lines + '{"EU Member": ["Didier Reynders"], "Da'
    out["jsonl-no-subjects.jsonl"] = (
        '{"EU Member": ["Didier Reynders"], "Entities": ["BEUC"], "Date": "14/02/2023"}\n'
    )
    # Register IDs that are not ones.
    out["bad-id-ep.csv"] = ep().replace("9505781573-45, 64270747023-20", "9505781573, 64270747023-20")
    out["bad-id-ep-text.csv"] = ep().replace("9505781573-45, 64270747023-20", "n/a, 64270747023-20")
    out["bad-id-register.csv"] = reg_csv(rid="95057815-7345x")
    out["bad-id-register.xml"] = reg_xml(rid="not-an-id")
    # Control, bidi and zero-width characters in names.
    out["control-ep.csv"] = ep().replace('"BEUC,', '"BE\x00UC,', 1)
    out["bidi-iw.csv"] = iw().replace("BEUC", "BEUC\u202eEVIL", 1)
    out["zero-width-ec.csv"] = ec().replace("BEUC", "BE\u200bUC", 1)
    out["control-register.csv"] = reg_csv(name="Bureau\x1b[2J Européen des Unions de Consommateurs")
    out["control-hys.json"] = hys(org="BE\\u0007UC")
    out["control-openlobby.txt"] = openlobby().replace("Right to Repair Europe", "Right to\x7f Repair Europe", 1)
    out["zero-width-ec.jsonl"] = jsonl(date="14/02/2023").replace('["BEUC"]', '["BE\\u200bUC"]', 1)
    # XML: cut off, and a document of another kind.
    out["cut-ec.xml"] = ec_xml()[:300]
    out["cut-register.xml"] = reg_xml()[:300]
    out["unknown.xml"] = '<?xml version="1.0"?><catalog><book/></catalog>'
    return out


def main() -> None:
    written = files()
    for old in HERE.iterdir():
        if old.is_file() and old.name != Path(__file__).name and old.name not in written:
            old.unlink()
    for name, content in written.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
    print(f"{len(written)} files in {HERE}")


if __name__ == "__main__":
    main()
