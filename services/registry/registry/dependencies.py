"""Registry-wide dependencies."""

from __future__ import annotations

from fastapi import Request

from shouhu_common.pii import PersonalDataCipher


async def get_cipher(request: Request) -> PersonalDataCipher:
    cipher: PersonalDataCipher = request.app.state.cipher
    return cipher
