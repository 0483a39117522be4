"""The summary of an import plan, in Chinese: the same lines in the
wizard's preview and on the command line."""

from __future__ import annotations

from core.importing.plan import SKIP, ImportPlan, RowProblem


def _names(items: list[str], limit: int = 6) -> str:
    shown = "、".join(items[:limit])
    return shown + (f" 等 {len(items)} 个" if len(items) > limit else "")


def summary_lines(plan: ImportPlan) -> list[str]:
    """What the import does: places created, households and residents new
    and updated, rows rejected, remarks."""
    lines = [f"文件：{plan.source}（工作表：{'、'.join(plan.sheets)}；数据 {plan.rows} 行）"]
    if plan.compound:
        line = f"导入到小区：{plan.compound}"
        if plan.file_compound:
            line += f"（登记表标题写的是：{plan.file_compound}）"
        lines.append(line)
    if plan.compound_differs:
        lines.append(f"注意：登记表标题写的小区“{plan.file_compound}”与导入到的小区“{plan.compound}”不同；"
                     "请确认没有选错小区")
    made = {kind: [p.label for p in plan.places if p.kind == kind] for kind in ("compound", "building", "unit")}
    if any(made.values()):
        parts = []
        if made["compound"]:
            parts.append(f"小区 {len(made['compound'])} 个（{_names(made['compound'])}）")
        if made["building"]:
            parts.append(f"楼栋 {len(made['building'])} 个（{_names(made['building'])}）")
        if made["unit"]:
            parts.append(f"单元 {len(made['unit'])} 个")
        lines.append("台账中没有、将新建：" + "，".join(parts))
    lines.append(f"住户：新增 {len(plan.new_households)} 户，更新 {len(plan.updated_households)} 户")
    lines.append(f"居民：新增 {len(plan.new_residents)} 人，更新 {len(plan.updated_residents)} 人，"
                 f"无变化 {plan.unchanged} 人")
    if plan.rejected:
        lines.append(f"拒绝：{len(plan.rejected)} 行（不导入，原因见下；可保存为错误工作簿，改正后再导入）")
    else:
        lines.append("拒绝：0 行")
    if plan.conflicts:
        skipped = sum(1 for c in plan.conflicts if c.choice == SKIP)
        lines.append(f"住户冲突：{len(plan.conflicts)} 户的房间在台账中住着另一户人（跳过 {skipped} 户，"
                     "跳过的不导入；可逐户选择）")
    if plan.moved_out:
        lines.append(f"迁出：{len(plan.moved_out)} 人（所选冲突户的原住户，保留档案）")
    if plan.warnings:
        lines.append(f"提示：{len(plan.warnings)} 条（这些行照常导入）")
    lines.extend(f"说明：{note}" for note in plan.notes)
    return lines


def problem_line(problem: RowProblem) -> str:
    column = f"【{problem.column}】" if problem.column else ""
    return f"工作表“{problem.sheet}”第 {problem.row} 行{column}{problem.reason}"
