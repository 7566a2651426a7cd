"""Reasons for a change of a status that locks people in (quarantine, a suspended or revoked
pass): a code from a closed list per action, plus free text. The code says which rule was
applied; the text is required where the code alone explains nothing (`other`) or names an
outside order whose number must be written down (`official_order`)."""

from __future__ import annotations

from enum import StrEnum

TEXT_REQUIRED = frozenset({"other", "official_order"})


class QuarantineReason(StrEnum):
    """Why a quarantine starts."""

    close_contact = "close_contact"  # 密切接触者
    secondary_contact = "secondary_contact"  # 次密接
    from_risk_area = "from_risk_area"  # 中高风险地区返回
    positive_result = "positive_result"  # 核酸阳性
    fever_referral = "fever_referral"  # 发热就诊
    official_order = "official_order"  # 上级通知（需写明文号）
    other = "other"  # 其他（需说明）


class QuarantineEndReason(StrEnum):
    """Why a quarantine's end moves, or why it ends before its planned end."""

    period_completed = "period_completed"  # 期满解除
    negative_results = "negative_results"  # 核酸检测阴性
    new_exposure = "new_exposure"  # 再次接触风险（延长）
    wrongly_identified = "wrongly_identified"  # 判定有误，予以更正
    transferred = "transferred"  # 转运集中隔离或就医
    official_order = "official_order"  # 上级通知（需写明文号）
    other = "other"  # 其他（需说明）


class PassReason(StrEnum):
    """Why a pass is suspended or revoked."""

    quarantined = "quarantined"  # 居家隔离
    moved_out = "moved_out"  # 已搬离
    lost_card = "lost_card"  # 证件遗失
    misuse = "misuse"  # 转借或冒用
    official_order = "official_order"  # 上级通知（需写明文号）
    other = "other"  # 其他（需说明）


LABELS_ZH: dict[str, str] = {
    "close_contact": "密切接触者",
    "secondary_contact": "次密接",
    "from_risk_area": "中高风险地区返回",
    "positive_result": "核酸阳性",
    "fever_referral": "发热就诊",
    "official_order": "上级通知",
    "other": "其他",
    "period_completed": "期满解除",
    "negative_results": "核酸检测阴性",
    "new_exposure": "再次接触风险",
    "wrongly_identified": "判定有误，予以更正",
    "transferred": "转运集中隔离或就医",
    "quarantined": "居家隔离",
    "moved_out": "已搬离",
    "lost_card": "证件遗失",
    "misuse": "转借或冒用",
}


def label_of(code: str) -> str:
    """The Chinese label of a reason code; an empty code (a record older than the codes) is ''."""
    return LABELS_ZH.get(code, code)


def check_reason_text(code: str | None, text: str, field: str = "reason") -> None:
    """Raises ValueError (a 422 in a pydantic validator) when the code needs words and has none."""
    if code in TEXT_REQUIRED and len(text.strip()) < 2:
        value = str(code)  # a StrEnum's repr would name the Python class
        raise ValueError(
            f"reason_code `{value}` ({LABELS_ZH.get(value, value)}) needs words in `{field}`"
            + ("：请写明上级通知的文号" if value == "official_order" else "：请写明原因")
        )


def describe(enum: type[StrEnum]) -> str:
    """The codes with their labels, for the OpenAPI description."""
    parts = [f"`{c.value}` {LABELS_ZH[c.value]}" for c in enum]
    return "; ".join(parts) + ". `official_order` and `other` need `reason`."
