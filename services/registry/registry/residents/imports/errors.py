from shouhu_common.problems import ProblemError


class ImportFileInvalid(ProblemError):
    status, slug = 422, "import-file-invalid"
    title_zh, title_en = "无法导入此文件", "The file cannot be imported"
