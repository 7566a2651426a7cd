"""The CJK font of printed pages: `REGISTRY_CJK_FONT_PATH` when set (a collection read at
`REGISTRY_CJK_FONT_INDEX`), else Noto Sans CJK SC found on the host."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from registry import printing
from registry.config import RegistrySettings
from tests.system_packages import needs

TRUETYPE_HEADER = b"\x00\x01\x00\x00"
COLLECTION_HEADER = b"ttcf\x00\x02\x00\x00"


def use_settings(monkeypatch: pytest.MonkeyPatch, **values: object) -> None:
    settings = RegistrySettings(**values)  # type: ignore[arg-type]
    monkeypatch.setattr(printing, "get_settings", lambda: settings)


class TestSetting:
    def test_read_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("REGISTRY_CJK_FONT_PATH", "/srv/fonts/wqy-zenhei.ttc")
        monkeypatch.setenv("REGISTRY_CJK_FONT_INDEX", "0")
        settings = RegistrySettings()
        assert settings.cjk_font_path == Path("/srv/fonts/wqy-zenhei.ttc")
        assert settings.cjk_font_index == 0

    def test_empty_means_unset(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("REGISTRY_CJK_FONT_PATH", "")
        assert RegistrySettings().cjk_font_path is None
        assert RegistrySettings().cjk_font_index == 2


class TestCjkFont:
    def test_a_configured_single_font_is_used_at_index_0(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        font = tmp_path / "font.ttf"
        font.write_bytes(TRUETYPE_HEADER)
        use_settings(monkeypatch, cjk_font_path=font, cjk_font_index=2)
        assert printing.cjk_font() == (font, 0)

    def test_a_configured_collection_is_read_at_the_configured_index(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        font = tmp_path / "fonts.ttc"
        font.write_bytes(COLLECTION_HEADER)
        use_settings(monkeypatch, cjk_font_path=font, cjk_font_index=1)
        assert printing.cjk_font() == (font, 1)

    def test_a_configured_file_that_is_missing_is_not_replaced(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        use_settings(monkeypatch, cjk_font_path=tmp_path / "gone.ttc")
        monkeypatch.setattr(printing, "installed_font", lambda: pytest.fail("looked elsewhere"))
        assert printing.cjk_font() is None

    def test_unset_looks_on_the_host(self, monkeypatch: pytest.MonkeyPatch) -> None:
        use_settings(monkeypatch)
        assert printing.cjk_font() == printing.installed_font()

    @needs(printing.installed_font() is not None, "fonts-noto-cjk")
    def test_the_configured_noto_collection_prints_chinese(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        installed = printing.installed_font()
        assert installed is not None
        path, index = installed
        use_settings(monkeypatch, cjk_font_path=path, cjk_font_index=index)
        assert printing.cjk_font() == (path, index)
        pdf = FPDF()
        pdf.add_font(family="CJK", fname=str(path), collection_font_number=index)
        pdf.add_page()
        pdf.set_font("CJK", size=14)
        pdf.cell(0, 10, "居家隔离")
        assert bytes(pdf.output()).startswith(b"%PDF")
