"""Messy workbooks for the importer's tests, made with openpyxl.

``messy_register`` is a hand-made register with everything real ones have
(title rows, 填报单位, header synonyms in odd orders, merged 户主 and 楼栋
cells, buildings as ``3``/``3栋``/``3号楼``/``三栋``/``３``, dates as serial
numbers and text, blank rows, a 合计 row, one sheet per building, a notes
sheet without a header) and one row of each kind the importer must reject.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from openpyxl import Workbook

from core import idcard


def valid_id(first17: str) -> str:
    return first17 + idcard.make_check_digit(first17)


ZHANG = valid_id("41010219500307001")     # 张建国, man, 1950-03-07
LI = valid_id("41010219520501002")        # 李秀英, woman, 1952-05-01
ZHANG_WEI = valid_id("41010219801002003")  # 张伟, man, 1980-10-02
ZHOU = valid_id("41010319600115001")      # 周立新, man, 1960-01-15
WU = valid_id("41010319620220002")        # 吴桂兰, woman, 1962-02-20
ZHENG = valid_id("41010219900101004")     # 郑丽, woman, 1990-01-01
FENG = valid_id("41010219700809005")      # 冯军, man, 1970-08-09
CHEN = valid_id("41010219450606006")      # 陈淑珍, woman, 1945-06-06
HAN = valid_id("41010219880808007")       # 韩磊, man, 1988-08-08
BAD_CHECK = ZHENG[:17] + str((int(ZHENG[17]) + 1) % 10)
BAD_DATE = valid_id("41010219500230001")  # 30 February

#: (building, unit, room, name, id number) of every row that must be imported.
ACCEPTED = {
    ("3栋", "2单元", "301", "张建国", ZHANG),
    ("3栋", "2单元", "301", "李秀英", LI),
    ("3栋", "2单元", "301", "张伟", ZHANG_WEI),
    ("3栋", "2单元", "402", "冯军", FENG),
    ("4栋", "1单元", "101", "周立新", ZHOU),
    ("4栋", "1单元", "101", "吴桂兰", WU),
    ("4栋", "1单元", "102", "陈淑珍", CHEN),
    ("4栋", "2单元", "201", "韩磊", HAN),
    ("4栋", "2单元", "202", "何小平", None),
}
#: (sheet, row, column header as in the sheet, part of the reason) of every rejected row.
REJECTED = {
    ("3号楼", 9, "身份证号码", "文本"),
    ("3号楼", 10, "身份证号码", "校验码"),
    ("3号楼", 11, "身份证号码", "不存在"),
    ("3号楼", 12, "身份证号码", "重复"),
}


def write(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    wb.save(path)
    return path


def messy_register(path: Path) -> Path:
    """The register described in the module docstring (see ACCEPTED and REJECTED)."""
    serial_1950_03_07 = (datetime.date(1950, 3, 7) - datetime.date(1899, 12, 30)).days
    sheet3 = [
        ["红星小区3号楼住户信息登记表"],                                        # 1 title, merged
        ["填报单位：幸福路社区居民委员会", None, None, None, None, "填报时间：2024年5月"],  # 2
        [],                                                                      # 3
        ["序号", "户主", "单元", "房号", "居民姓名", "性别", "与户主关系", "身份证号码",
         "出生年月", "手机号码", "政治面貌", "人员类别"],                          # 4 header
        [1, "张建国", "2单元", 301, "张建国", "男", "户主", ZHANG, serial_1950_03_07,
         13812345678, "党员", "高龄老人"],                                        # 5
        [2, None, "2", "301室", "李秀英", "女", "妻子", LI, "1952.5.1", "139 1234 5678", "群众", None],  # 6
        [3, None, "二单元", "３０１", "张　伟", "男", "儿子", f" {ZHANG_WEI[:6]} {ZHANG_WEI[6:]} ",
         "1980年10月2日", None, "团员", None],                                    # 7
        [],                                                                      # 8 blank
        [4, "王芳", "2单元", 302, "王芳", "女", "户主", float(ZHENG[:15] + "000"), None, None, None, None],  # 9
        [5, "赵六", "2单元", 401, "赵六", "女", "户主", BAD_CHECK, None, None, None, None],   # 10
        [6, "钱七", "2单元", 401, "钱七", "男", "配偶", BAD_DATE, None, None, None, None],    # 11
        [7, "孙八", "2单元", 402, "孙八", "男", "户主", ZHANG, None, None, None, None],       # 12
        [8, "冯军", "2单元", 402, "冯军", "男", "户主", FENG, "1970-08-09", "0371-87654321", "群众", None],  # 13
        ["合计", None, None, None, "共 8 人"],                                     # 14
        ["填表人：刘会计", None, None, None, None, "审核人：王主任"],                  # 15
    ]
    sheet4 = [
        ["红星小区4号楼住户信息登记表"],
        ["楼号", "单元号", "门牌号", "姓名", "公民身份号码", "出生日期", "联系电话", "关系", "政治面貌",
         "标签", "居住性质"],                                                      # 2 header
        ["４", 1, "101", "周立新", ZHOU, datetime.datetime(1960, 1, 15), "13700000001", "本人", "中共党员",
         None, "自住"],                                                            # 3
        [None, None, "101", "吴桂兰", WU, "1962-02-20", None, "配偶", "群众", "低保", None],       # 4 (building merged)
        ["四栋", "1单元", "102", "陈淑珍", CHEN, "1945/6/6", None, "户主", "群众", "独居、高龄老人", "自有"],  # 5
        ["4号楼", "2", "201", "韩磊", HAN, None, "18600000002", "户主", "群众", None, "租房"],   # 6
        ["4栋", "2", "202", "何小平", None, None, None, "户主", None, None, "租住"],           # 7
        [],
        ["总计", None, None, "5人"],
    ]
    notes = [["说明：本表由楼栋长填写，请于月底前交社区。"], ["联系人：刘会计"]]
    return write(path, {"3号楼": sheet3, "4栋": sheet4, "说明": notes},
                 {"3号楼": ["A1:L1", "B5:B7"], "4栋": ["A3:A4", "K3:K4"]})
