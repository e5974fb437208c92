#!/usr/bin/env python3
"""Writes an office-style register (issue 17 item 9): N rows as .xlsx (title row, Chinese headers, date cells, shared nothing:
inline strings as many exporters write them) and the same rows as UTF-8 CSV. Usage: import-register.py N out-prefix"""
import datetime, random, sys, zipfile
from xml.sax.saxutils import escape

n, prefix = int(sys.argv[1]), sys.argv[2]
random.seed(17)
header = ["序号", "申请日期", "收到日期", "申请方式", "申请人姓名", "申请人类型", "联系电话", "所需信息", "办理科室", "答复日期", "答复结果", "送达方式", "送达日期", "备注"]
channels = ["当面", "网上申请", "传真", "当面"]
outcomes = ["予以公开", "部分公开", "信息不存在", "不予公开（过程性信息）", "非本机关", "已主动公开"]
methods = ["邮寄", "电子邮件", "网上送达", "当面领取"]
def rows():
    start = datetime.date(2023, 1, 3)
    for i in range(n):
        submitted = start + datetime.timedelta(days=(i * 700) // n)
        decided = submitted + datetime.timedelta(days=7)
        yield [i + 1, submitted, submitted, channels[i % 4], f"申请人{i:05d}", "自然人" if i % 5 else "企业", f"138{i:08d}",
               f"第{i}号所需信息：某年度财政预算执行情况", "办公室", decided, outcomes[i % 6], methods[i % 4], decided + datetime.timedelta(days=1),
               "备注" if i % 10 == 0 else None]
def serial(d): return (d - datetime.date(1899, 12, 30)).days
def col(c):
    s = ""
    c += 1
    while c: c, r = divmod(c - 1, 26); s = chr(65 + r) + s
    return s
def cell(ref, v):
    if v is None: return ""
    if isinstance(v, datetime.date): return f'<c r="{ref}" s="1"><v>{serial(v)}</v></c>'
    if isinstance(v, int): return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
with zipfile.ZipFile(prefix + ".xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    z.writestr("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
    with z.open("xl/worksheets/sheet1.xml", "w") as f:
        f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        f.write(f'<row r="1">{cell("A1", "2023—2024年政府信息公开申请登记台账")}</row>'.encode())
        f.write(('<row r="2">' + "".join(cell(f"{col(c)}2", h) for c, h in enumerate(header)) + "</row>").encode())
        for r, row in enumerate(rows(), start=3):
            f.write((f'<row r="{r}">' + "".join(cell(f"{col(c)}{r}", v) for c, v in enumerate(row)) + "</row>").encode())
        f.write(b"</sheetData></worksheet>")
with open(prefix + ".csv", "w", encoding="utf-8-sig", newline="") as f:
    f.write(",".join(header) + "\r\n")
    for row in rows():
        f.write(",".join("" if v is None else v.isoformat() if isinstance(v, datetime.date) else str(v) for v in row) + "\r\n")
