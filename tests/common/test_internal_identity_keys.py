"""The internal identity's signing keys (`shouhu_common/identity.py`): a token names its key by
`kid`, and a service holding several public keys accepts each of them and nothing else."""

from __future__ import annotations

import jwt
import pytest

from shouhu_common.identity import (
    DEV_KEY,
    InternalTokenSigner,
    InternalTokenVerifier,
    InvalidIdentity,
    Principal,
    Role,
    key_id,
    private_key_from_setting,
    public_key_hex,
)

OLD = "ed25519:" + "31" * 32
NEW = "ed25519:" + "42" * 32
OTHER = "ed25519:" + "53" * 32
PRINCIPAL = Principal(subject="user:li", role=Role.staff)


def public(signing_key: str) -> str:
    return public_key_hex(private_key_from_setting(signing_key))


def token_by(signing_key: str) -> str:
    return InternalTokenSigner(signing_key).token_for(PRINCIPAL)


class TestKeyIds:
    def test_a_token_names_its_key_by_the_public_halfs_fingerprint(self) -> None:
        kid = jwt.get_unverified_header(token_by(NEW))["kid"]
        assert kid == key_id(private_key_from_setting(NEW).public_key())
        assert len(kid) == 16
        assert kid not in NEW  # a fingerprint, not the key
        assert kid not in public(NEW)
        assert kid != jwt.get_unverified_header(token_by(OLD))["kid"]


class TestSeveralPublicKeys:
    def test_one_key_as_before(self) -> None:
        verifier = InternalTokenVerifier(public(NEW))
        assert verifier.verify(token_by(NEW)).subject == "user:li"
        with pytest.raises(InvalidIdentity):
            verifier.verify(token_by(OLD))

    def test_during_the_overlap_both_keys_are_accepted(self) -> None:
        verifier = InternalTokenVerifier(f"{public(OLD)}, {public(NEW)}")
        assert verifier.verify(token_by(OLD)).subject == "user:li"
        assert verifier.verify(token_by(NEW)).subject == "user:li"

    def test_a_key_not_held_is_refused(self) -> None:
        verifier = InternalTokenVerifier(f"{public(OLD)},{public(NEW)}")
        with pytest.raises(InvalidIdentity, match="does not hold"):
            verifier.verify(token_by(OTHER))

    def test_a_kid_naming_a_held_key_does_not_stand_in_for_its_signature(self) -> None:
        verifier = InternalTokenVerifier(f"{public(OLD)},{public(NEW)}")
        claims = jwt.decode(token_by(OTHER), options={"verify_signature": False})
        kid = key_id(private_key_from_setting(NEW).public_key())
        lying = jwt.encode(
            claims, private_key_from_setting(OTHER), algorithm="EdDSA", headers={"kid": kid}
        )
        with pytest.raises(InvalidIdentity):
            verifier.verify(lying)

    def test_a_token_without_a_kid_is_checked_against_every_key(self) -> None:
        """What a gateway from before key ids sends during an upgrade."""
        verifier = InternalTokenVerifier(f"{public(OLD)},{public(NEW)}")
        claims = jwt.decode(token_by(OLD), options={"verify_signature": False})
        for signing_key, accepted in ((OLD, True), (NEW, True), (OTHER, False)):
            unnamed = jwt.encode(claims, private_key_from_setting(signing_key), algorithm="EdDSA")
            assert "kid" not in jwt.get_unverified_header(unnamed)
            if accepted:
                assert verifier.verify(unnamed).subject == "user:li"
            else:
                with pytest.raises(InvalidIdentity):
                    verifier.verify(unnamed)

    def test_the_development_placeholder_is_one_of_the_keys(self) -> None:
        verifier = InternalTokenVerifier(f"{DEV_KEY},{public(NEW)}")
        assert verifier.verify(token_by(DEV_KEY)).subject == "user:li"
        assert verifier.verify(token_by(NEW)).subject == "user:li"

    def test_no_key_at_all_is_refused(self) -> None:
        with pytest.raises(ValueError, match="no internal identity public key"):
            InternalTokenVerifier(" , ")
