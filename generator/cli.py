"""The `disclosure` command. Messages are Chinese; no traceback ever reaches the user."""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from . import signals
from .findings import ERROR, FindingsError, InputError
from .paths import FORMATS, os_reason

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_OUT = Path("outputs")
PROFILE_HELP = "用这个模板生成全部填报表，不看填报表“单位信息”中的“模板”一栏（模板名称即 profiles 下的文件夹名）"
_KINDS = {"budget": "预算公开", "final": "决算公开"}
PREVIOUS_HELP = ("与上年的同类填报表比对：填写的上年数与上年填报表计算的数不同即为错误（在“调整说明”列注明"
                 "口径调整的除外）。决算还可给本年预算填报表，比对年初预算数。可给两次；只能用于一个填报表")
DEPARTMENT_HELP = ("输入是部门文件夹：本级和下属单位的填报表加一份部门.xlsx（部门名称、模板、单位名单）；"
                   "生成合并的部门预算公开，并逐一检查各单位。不加此项时，文件夹中的部门也会一并生成")


class ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # Sub-commands build their names with prefix "": keep that one.
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse with its own words in Chinese: usage, section titles, -h, errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="显示本帮助并退出")

    def error(self, message: str):
        translated = (message.replace("the following arguments are required", "缺少参数")
                      .replace("unrecognized arguments", "无法识别的参数")
                      .replace("invalid choice", "无效的选项")
                      .replace("choose from", "可选")
                      .replace("argument", "参数").replace("expected one argument", "需要一个值"))
        self.print_usage(sys.stderr)
        print(f"{self.prog}：错误：{translated}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = ChineseParser(prog="disclosure", description="预算、决算公开文件生成工具：检查填报表并生成 Word 和 PDF 公开文件。")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)

    init = sub.add_parser("init", help="生成空白填报表", description="生成带填表说明、下拉选项的空白填报表（或已填好的示例）。")
    init.add_argument("--kind", choices=("budget", "final"),
                      help="budget＝预算公开（默认；给了 --from 时与来源相同），final＝决算公开")
    init.add_argument("--example", action="store_true",
                      help="写入已填好的示例（预算：大同市科学技术局2024年；决算：朔州市科学技术局2024年），供对照填写")
    init.add_argument("--from", dest="sources", action="append", metavar="来源填报表.xlsx",
                      help="从上年的填报表开始：带入单位信息、职责、机构设置和常年不变的文字，年度加一，"
                           "上年数由上年填报表计算填入，本年金额和原因留空。决算还可再给一个本年预算填报表"
                           "（--kind final --from 本年预算.xlsx），带入年初预算数。可给两次")
    init.add_argument("output", metavar="输出文件.xlsx")

    build = sub.add_parser("build", help="生成公开文件（Word、PDF）",
                           description="检查填报表并生成公开文件。可以给出多个文件或文件夹（文件夹内全部 .xlsx 逐一生成）。")
    build.add_argument("inputs", nargs="+", metavar="填报表或文件夹")
    build.add_argument("-o", "--output", default=str(DEFAULT_OUT), metavar="输出文件夹",
                       help="默认 outputs")
    build.add_argument("--format", default="docx,pdf", metavar="格式",
                       help="docx、pdf、xlsx（报表电子表格，每表一个工作表）、csv（每表一个 CSV 及 "
                            "datapackage.json，写入“…-数据”文件夹），多种用逗号分隔（默认 docx,pdf）")
    build.add_argument("--templates", metavar="模板文件夹", help="使用导出并修改过的模板（默认使用内置模板）")
    build.add_argument("--profile", metavar="模板名称", help=PROFILE_HELP)
    build.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="并行进程数（默认为 CPU 核数）")
    build.add_argument("--previous", action="append", metavar="上年填报表.xlsx", help=PREVIOUS_HELP)
    build.add_argument("--department", action="store_true", help=DEPARTMENT_HELP)
    build.add_argument("--no-units", dest="units", action="store_false",
                       help="部门文件夹只生成部门公开文件，不生成各单位自己的公开文件")

    check = sub.add_parser("check", help="只检查填报表，不生成文件",
                           description="检查填报表的勾稽关系和填写规范，列出每个问题所在的工作表和单元格。"
                                       "“错误”须改正后才能生成公开文件，“提示”不影响生成。"
                                       "退出码：0 无错误，1 有错误，2 文件或命令无法使用。")
    check.add_argument("inputs", nargs="+", metavar="填报表或文件夹")
    check.add_argument("--annotate", metavar="标注文件.xlsx",
                       help="另存一份标注过的填报表：每个问题以批注和底色（红色＝错误，黄色＝提示）标在"
                            "所在单元格，并在最后一个工作表“校验结果”中列出全部问题；原填报表不变")
    check.add_argument("--previous", action="append", metavar="上年填报表.xlsx", help=PREVIOUS_HELP)
    check.add_argument("--profile", metavar="模板名称", help=PROFILE_HELP + "；检查模板能否使用、公开类型是否相符")
    check.add_argument("--templates", metavar="模板文件夹", help="与 --profile 一起使用：在导出并修改过的模板中查找")
    check.add_argument("--department", action="store_true", help=DEPARTMENT_HELP)

    templates = sub.add_parser("templates", help="导出或检查模板（供财政部门定制）",
                               description="导出内置模板供修改；检查修改后的模板。")
    tsub = templates.add_subparsers(dest="action", metavar="操作", parser_class=ChineseParser)
    export = tsub.add_parser("export", help="把内置模板复制到一个新文件夹")
    export.add_argument("folder", metavar="文件夹")
    tcheck = tsub.add_parser("check", help="检查模板的语法、变量和文件，并列出每类说明可用的变量")
    tcheck.add_argument("folder", metavar="文件夹")
    return p


def cmd_templates(args) -> int:
    from .profile import ProfileError
    from .templates_cmd import check_templates, export_templates, table_vocabulary

    folder = Path(args.folder)
    if args.action == "export":
        try:
            names = export_templates(folder)
        except ProfileError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as exc:
            print(f"错误：无法导出模板到 {folder}：{os_reason(exc)}。请换一个可以写入的文件夹。", file=sys.stderr)
            return EXIT_USAGE
        print(f"已导出模板到 {folder}/profiles：{'、'.join(names)}")
        print(f"修改后用 disclosure templates check {folder} 检查，用 disclosure build --templates {folder} 生成。")
        return EXIT_OK
    if args.action == "check":
        problems, hints, variables = check_templates(folder)
        for kind, lines in variables.items():
            label = '预算' if kind == 'budget' else '决算'
            print(f"【{label}说明模板可用的变量】")
            print("\n".join("  " + line for line in lines))
            print(f"【{label}表格（tables.yaml）可用的名称】")
            print("\n".join("  " + line for line in table_vocabulary(kind)))
        print("函数：金额(x, 位数=2, 零=\"0\", 补零=true) 元(x) 占比(部分, 整体, 位数=2, 零=\"0\", 补零=true) "
              "比较(本年, 上年, 基准='上年') 数量(x)")
        for problem in problems:
            print(f"错误：{problem}", file=sys.stderr)
        for hint in hints:
            print(f"提示：{hint}", file=sys.stderr)
        print(f"检查完成：{len(problems)} 个问题" + (f"，{len(hints)} 个提示。" if hints else "。"))
        return EXIT_FINDINGS if problems else EXIT_OK
    print("请指定操作：export 或 check。", file=sys.stderr)
    return EXIT_USAGE


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        print(f"错误：--format 只能是 {'、'.join(FORMATS)} 中的一种或几种（用逗号分隔），收到“{text}”。",
              file=sys.stderr)
        sys.exit(EXIT_USAGE)
    return formats


def cmd_init(args) -> int:
    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        print("错误：输出文件名应以 .xlsx 结尾。", file=sys.stderr)
        return EXIT_USAGE
    if target.exists():
        print(f"错误：{target} 已存在，为避免覆盖，请换一个文件名或先删除它。", file=sys.stderr)
        return EXIT_USAGE
    if args.sources:
        return _init_from(args, target)
    kind, data = args.kind or "budget", None
    if args.example:
        import importlib

        from .examples import BY_KIND

        data = importlib.import_module(f"generator.examples.{BY_KIND[kind]}").DATA
    return _write_new_workbook(target, kind, data, f"已生成{'示例' if args.example else '空白'}填报表：{target}")


def _write_new_workbook(target: Path, kind: str, data, done: str) -> int:
    from .workbook import write_workbook

    try:
        write_workbook(target, kind, data)
    except OSError as exc:
        print(f"错误：无法写入 {target}：{os_reason(exc)}。请换一个可以写入的位置。", file=sys.stderr)
        return EXIT_USAGE
    print(done)
    return EXIT_OK


def _init_from(args, target: Path) -> int:
    from .build import prepare
    from .carry import CarryError, start_from

    if args.example:
        print("错误：--example 与 --from 不能同时使用。", file=sys.stderr)
        return EXIT_USAGE
    for source in args.sources:
        if not Path(source).is_file():
            print(f"错误：找不到来源填报表：{source}", file=sys.stderr)
            return EXIT_USAGE
    try:
        kind, data = start_from(args.kind, [Path(s) for s in args.sources], prepare)
    except CarryError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"来源填报表无法使用：{exc.finding}", file=sys.stderr)
        return EXIT_USAGE
    except FindingsError as exc:
        errors = [f for f in exc.findings if f.severity == ERROR]
        print(f"来源填报表有 {len(errors)} 个错误，其数字不能带入新填报表。"
              "请先用 disclosure check 检查并改正：", file=sys.stderr)
        for finding in errors:
            print(f"  {finding}", file=sys.stderr)
        return EXIT_FINDINGS
    info = data["单位信息"]
    return _write_new_workbook(target, kind, data,
                               f"已生成{info['年度']}年度{info['公开类型']}填报表：{target}（单位信息和上年数等由 "
                               f"{'、'.join(args.sources)} 带入；本年金额和变动原因请重新填写）")


def _profile(args):
    """The --profile profile, loaded once for the whole batch; None after printing why it
    cannot be used (its name is checked as the 模板 cell's: a folder of profiles/)."""
    from .profile import TEMPLATES_DIR, ProfileError, load_profile

    try:
        return load_profile(args.profile, Path(args.templates) if args.templates else TEMPLATES_DIR)
    except ProfileError as exc:
        print(f"错误：--profile 给出的模板无法使用：{exc}", file=sys.stderr)
        return None


def _not_departments(args) -> bool:
    """With --department every input must be a department folder; prints why not."""
    from .paths import DEPARTMENT_FILE, is_department

    wrong = [name for name in args.inputs if not is_department(Path(name))] if args.department else []
    if wrong:
        print(f"错误：{wrong[0]} 不是部门文件夹（--department 要求文件夹中有 {DEPARTMENT_FILE}，写明部门名称、模板和单位名单）。",
              file=sys.stderr)
    return bool(wrong)


def cmd_build(args) -> int:
    from .batch import build_all, collect

    if _not_departments(args):
        return EXIT_USAGE
    previous = _previous(args, collect(args.inputs)[0])
    if previous is None:
        return EXIT_USAGE
    if args.profile and _profile(args) is None:
        return EXIT_USAGE
    return build_all(args.inputs, Path(args.output), _formats(args.format),
                     Path(args.templates) if args.templates else None, max(1, args.jobs),
                     previous, args.profile, args.units)


def _previous(args, sources: list[Path]) -> tuple[Path, ...] | None:
    """The --previous files, or None after printing why they cannot be used."""
    previous = tuple(Path(p) for p in args.previous or ())
    missing = [p for p in previous if not p.is_file()]
    if missing:
        print(f"错误：找不到 --previous 给出的文件：{missing[0]}", file=sys.stderr)
    elif previous and len(sources) != 1:
        print(f"错误：--previous 只能用于一个填报表，这里有 {len(sources)} 个。", file=sys.stderr)
    else:
        return previous
    return None


def _annotate_target(args, sources: list[Path]) -> Path | None:
    """The --annotate file, or None after printing why it cannot be written."""
    target = Path(args.annotate)
    if target.suffix.lower() != ".xlsx":
        print("错误：--annotate 的文件名应以 .xlsx 结尾。", file=sys.stderr)
    elif len(sources) != 1:
        print(f"错误：--annotate 只能用于一个填报表，这里有 {len(sources)} 个。", file=sys.stderr)
    elif target.resolve() == sources[0].resolve():
        print("错误：--annotate 不能覆盖填报表本身，请另给一个文件名。", file=sys.stderr)
    else:
        return target
    return None


def cmd_check(args) -> int:
    from .annotate import annotate
    from .batch import collect
    from .build import prepare
    from .department import check_department

    if _not_departments(args):
        return EXIT_USAGE
    sources, missing = collect(args.inputs)
    for outcome in missing:
        print(f"错误：{outcome.error}", file=sys.stderr)
    if not sources:
        if not missing:
            print(f"错误：{'、'.join(args.inputs)} 中没有找到任何 .xlsx 填报表。", file=sys.stderr)
        return EXIT_USAGE
    previous = _previous(args, sources)
    if previous is None:
        return EXIT_USAGE
    target = None
    if args.annotate:
        target = _annotate_target(args, sources)
        if target is None:
            return EXIT_USAGE
    profile = None
    if args.profile:
        profile = _profile(args)
        if profile is None:
            return EXIT_USAGE
    elif args.templates:
        print("错误：--templates 只能与 --profile 一起使用。", file=sys.stderr)
        return EXIT_USAGE
    worst = EXIT_USAGE if missing else EXIT_OK
    for path in sources:
        kind = None
        try:
            if path.is_dir():  # a department: its units are checked as alone, in `sources` too
                findings = check_department(path)
            else:
                model, _figures, findings = prepare(path, previous)
                kind = model.unit.kind
        except FindingsError as exc:
            findings = exc.findings
        except InputError as exc:
            print(f"{path}：{exc.finding}", file=sys.stderr)
            worst = EXIT_USAGE
            continue
        except Exception as exc:  # a bug must not show a traceback
            print(f"{path}：内部错误（{type(exc).__name__}：{exc}），请将填报表发给技术支持。", file=sys.stderr)
            worst = EXIT_USAGE
            continue
        if profile is not None and kind is not None and profile.kind != kind:
            print(f"{path}：--profile 给出的模板“{profile.name}”用于{_KINDS.get(profile.kind, profile.kind)}，"
                  f"填报表是{_KINDS.get(kind, kind)}，不能使用。", file=sys.stderr)
            worst = EXIT_USAGE
            continue
        # Errors first: they are what stands between the accountant and the document.
        findings = sorted(findings, key=lambda f: f.severity != ERROR)
        errors = sum(f.severity == ERROR for f in findings)
        print(f"{path}：{errors} 个错误（须改正后才能生成），{len(findings) - errors} 个提示（请核对，不影响生成）")
        for finding in findings:
            print(f"  {finding}")
        if errors and worst == EXIT_OK:
            worst = EXIT_FINDINGS
        if target is not None:
            try:
                annotate(path, target, findings)
            except InputError as exc:
                print(f"{path}：{exc.finding}", file=sys.stderr)
                return EXIT_USAGE
            except OSError as exc:
                print(f"错误：无法写入 {target}：{os_reason(exc)}。请换一个可以写入的位置。", file=sys.stderr)
                return EXIT_USAGE
            print(f"已写出标注文件：{target}（问题列在“校验结果”工作表，并以批注标在各单元格）")
    return worst


def run() -> int:
    """The program's entry point (`disclosure`, `python -m generator`)."""
    # openpyxl imports numpy only to recognise numpy numbers in cells, which this tool never
    # has; that import is a twentieth of a lone build. Not in main(): a caller that imports
    # this module may want numpy.
    sys.modules.setdefault("numpy", None)
    return main()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    handler = {"init": cmd_init, "build": cmd_build, "check": cmd_check,
               "templates": cmd_templates}[args.command]
    with signals.handled():
        try:
            return handler(args)
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            return signals.EXIT_CODES[signal.SIGINT]
        except signals.Terminated:
            print("已终止（收到 SIGTERM）。", file=sys.stderr)
            return signals.EXIT_CODES[signal.SIGTERM]
        except BrokenPipeError:
            # The reader of our output went away (`check … | head`): not an error of ours.
            # Further writes, including the interpreter's flush at exit, go nowhere.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK


if __name__ == "__main__":
    sys.exit(run())
