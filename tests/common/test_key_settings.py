"""Key settings: the personal-data key ring, the previous JWT and pass-key secrets kept during a
rotation, and identity keys that are not keys, each refused in one line at start-up."""

from __future__ import annotations

import hashlib
import hmac
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gateway.config import GatewaySettings
from registry.config import RegistrySettings
from shouhu_common.settings import ServiceSettings, load_settings
from supplies.config import SuppliesSettings
from tests.common.test_settings import refusal


class TestIdentityKeys:
    @pytest.mark.parametrize(
        ("settings_cls", "variable", "value"),
        [
            (RegistrySettings, "REGISTRY_INTERNAL_PUBLIC_KEY", "abc123"),
            (SuppliesSettings, "SUPPLIES_INTERNAL_PUBLIC_KEY", f"{'a' * 64},not-hex"),
            (GatewaySettings, "GATEWAY_INTERNAL_SIGNING_KEY", "ed25519:zz"),
        ],
    )
    def test_a_malformed_identity_key_names_its_variable(
        self,
        environ: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        settings_cls: type[ServiceSettings],
        variable: str,
        value: str,
    ) -> None:
        environ.setenv(variable, value)
        (line,) = refusal(settings_cls, capsys)
        assert line.startswith(f"shouhu: {variable}: ")
        assert "Ed25519" in line


class TestPersonalDataKeyRing:
    def test_retired_keys_need_the_index_key_pinned(
        self, environ: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        environ.setenv("REGISTRY_PII_KEY", "new-key")
        environ.setenv("REGISTRY_PII_KEYS_RETIRED", "old-key")
        (line,) = refusal(RegistrySettings, capsys)
        assert line.startswith("shouhu: REGISTRY_PII_INDEX_KEY: must be set")

    def test_the_current_key_is_not_retired(
        self, environ: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        environ.setenv("REGISTRY_PII_KEY", "new-key")
        environ.setenv("REGISTRY_PII_KEYS_RETIRED", "old-key, new-key")
        environ.setenv("REGISTRY_PII_INDEX_KEY", "old-key")
        assert refusal(RegistrySettings, capsys) == [
            "shouhu: REGISTRY_PII_KEYS_RETIRED: holds the current REGISTRY_PII_KEY"
        ]

    def test_the_ring_reads_every_key_and_writes_the_current(
        self, environ: pytest.MonkeyPatch
    ) -> None:
        environ.setenv("REGISTRY_PII_KEY", "old-key")
        before = load_settings(RegistrySettings).personal_data_cipher()
        environ.setenv("REGISTRY_PII_KEY", "new-key")
        environ.setenv("REGISTRY_PII_KEYS_RETIRED", "older-key,old-key")
        environ.setenv("REGISTRY_PII_INDEX_KEY", "old-key")
        after = load_settings(RegistrySettings).personal_data_cipher()
        blob = before.encrypt("13800138000")
        assert after.decrypt(blob) == "13800138000"
        assert not after.is_current(blob)
        assert after.is_current(after.encrypt("13800138000"))
        assert after.blind_index("13800138000") == before.blind_index("13800138000")

    def test_ciphertexts_from_before_the_ring_are_read(self, environ: pytest.MonkeyPatch) -> None:
        """Written as the single-key cipher wrote them: nonce + AES-GCM, no key id."""
        key = hmac.new(b"old-key", b"shouhu/pii/encrypt/v1", hashlib.sha256).digest()
        nonce = os.urandom(12)
        legacy = nonce + AESGCM(key).encrypt(nonce, b"370602198001011234", None)
        environ.setenv("REGISTRY_PII_KEY", "old-key")
        assert (
            load_settings(RegistrySettings).personal_data_cipher().decrypt(legacy).endswith("1234")
        )
        environ.setenv("REGISTRY_PII_KEY", "new-key")
        environ.setenv("REGISTRY_PII_KEYS_RETIRED", "old-key")
        environ.setenv("REGISTRY_PII_INDEX_KEY", "old-key")
        ring = load_settings(RegistrySettings).personal_data_cipher()
        assert ring.decrypt(legacy) == "370602198001011234"
        assert not ring.is_current(legacy)


class TestPreviousSecrets:
    """The replaced JWT and pass-key secrets: a list apart from the current secret."""

    @pytest.mark.parametrize(
        ("settings_cls", "current", "previous"),
        [
            (GatewaySettings, "GATEWAY_JWT_SECRET", "GATEWAY_JWT_PREVIOUS_SECRETS"),
            (RegistrySettings, "REGISTRY_PASS_KEY_SECRET", "REGISTRY_PASS_KEY_PREVIOUS_SECRETS"),
        ],
    )
    def test_the_current_secret_is_not_a_previous_one(
        self,
        environ: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        settings_cls: type[ServiceSettings],
        current: str,
        previous: str,
    ) -> None:
        environ.setenv(current, "new-secret")
        environ.setenv(previous, "old-secret, new-secret")
        assert refusal(settings_cls, capsys) == [f"shouhu: {previous}: holds the current {current}"]
        environ.setenv(previous, "old-secret,old-secret")
        assert refusal(settings_cls, capsys) == [f"shouhu: {previous}: holds a secret twice"]

    def test_previous_secrets_are_a_comma_separated_list(self, environ: pytest.MonkeyPatch) -> None:
        environ.setenv("GATEWAY_JWT_PREVIOUS_SECRETS", " old-1 , old-2,")
        environ.setenv("REGISTRY_PASS_KEY_PREVIOUS_SECRETS", "old-3,old-4")
        assert load_settings(GatewaySettings).previous_jwt_secrets() == ["old-1", "old-2"]
        assert load_settings(RegistrySettings).previous_pass_key_secrets() == ["old-3", "old-4"]
