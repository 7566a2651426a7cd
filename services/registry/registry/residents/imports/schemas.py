from __future__ import annotations

from pydantic import BaseModel, Field


class ImportProblem(BaseModel):
    row: int = Field(description="Row number as the spreadsheet shows it (1 = first row).")
    column: str = Field(description="Column header, e.g. 身份证号.")
    message: str = Field(description="What is wrong, in Chinese.")


class ImportReport(BaseModel):
    dry_run: bool = Field(description="True: nothing was written; the counts say what would be.")
    rows: int = Field(description="Data rows read (blank rows skipped).")
    valid_rows: int
    invalid_rows: int
    people_created: int
    people_updated: int
    people_unchanged: int
    households_created: int
    buildings_created: int
    compounds_created: int
    problems: list[ImportProblem] = Field(description="Row by row, at most 1,000.")
    problems_truncated: bool = False
