"""The 大同市科学技术局 department: its 本级 (seed 000) and 大同市科学技术情报研究所
(constructed example data, see datong_kjqb_2024). Written as inputs/大同市科学技术局/部门.xlsx."""
from . import datong_kjj_2024, datong_kjqb_2024

OUTPUT = "大同市科学技术局/部门.xlsx"
KIND = "department"
NAME = "大同市科学技术局"
PROFILE = "datong-2024-department"
UNITS = [datong_kjj_2024.UNIT, datong_kjqb_2024.UNIT]
NOTE = "示例：本级数字取自公开文件；大同市科学技术情报研究所的数字为构造的示例数据"
