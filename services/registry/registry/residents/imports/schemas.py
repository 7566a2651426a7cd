from __future__ import annotations

from pydantic import BaseModel, Field


class ImportProblem(BaseModel):
    row: int = Field(description="Row number as the spreadsheet shows it (1 = first row).")
    column: str = Field(description="Column header, e.g. 身份证号.")
    message: str = Field(description="What is wrong, in Chinese.")


ROWS_LISTED = 20


class NewBuilding(BaseModel):
    """A building the import makes (or, in a dry run, would make): check the name for a typo."""

    compound: str
    building: str
    units: list[int] = Field(description="The units (单元) the sheet names in it.")
    rows: list[int] = Field(description=f"Rows naming it (the first {ROWS_LISTED}).")
    row_count: int


class NewUnit(BaseModel):
    """A unit beyond the ones a building the registry knows has (its `units`)."""

    compound: str
    building: str
    unit: int
    rows: list[int] = Field(description=f"Rows naming it (the first {ROWS_LISTED}).")
    row_count: int


class IgnoredColumn(BaseModel):
    """A column whose values were not imported: no header, or a header the import does not
    know (the known ones are in the route's description)."""

    column: str = Field(description="The spreadsheet's column letter, e.g. K.")
    header: str = Field(description="Its header text; empty when it has none.")
    rows: list[int] = Field(description=f"Rows with a value in it (the first {ROWS_LISTED}).")
    row_count: int


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
    new_buildings: list[NewBuilding] = Field(
        description="Every building made or to be made, with the rows naming it."
    )
    new_units: list[NewUnit] = Field(description="Units beyond a known building's count.")
    ignored_columns: list[IgnoredColumn] = Field(
        description="Columns with values that were not imported."
    )
    problems: list[ImportProblem] = Field(description="Row by row, at most 1,000.")
    problems_truncated: bool = False
