"""Signed-in accounts kept as a real client keeps them: the access token (15 minutes) is renewed
with its one-use refresh token (`POST /api/v1/auth/refresh`) before it runs out, and the account
signs in again when the refresh is refused. A whole `make bench` outlives many access tokens.

Ask for the headers right before each phase with how long that phase needs them
(`account.headers(valid_for_s=…)`): a load generator (wrk, the open loop) sends one token for its
whole run and cannot renew it in the middle. httpx calls take the account itself as their `auth`:
each request then carries a current token, and a 401 is retried once after signing in again.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Generator, Sequence

import httpx

from benchmarks.harness import HOST, BenchmarkError, Stack

# Renewed this long before it runs out even when no phase asks for more: a request sent at the
# last moment must still find the token valid when the gateway reads it.
MIN_VALIDITY_S = 60.0
REQUEST_TIMEOUT_S = 30.0


class Credentials(httpx.Auth):
    """One account on one stack's gateway (`Stack.account(username)` makes and keeps them)."""

    requires_request_body = True  # a request refused with 401 is sent again

    def __init__(self, gateway_url: str, username: str, password: str) -> None:
        if not gateway_url.startswith(f"http://{HOST}:"):
            raise BenchmarkError(f"benchmarks only call {HOST}: {gateway_url}")
        self.gateway_url = gateway_url
        self.username = username
        self.password = password
        self._access = ""
        self._refresh = ""
        self._expires_at = 0.0  # time.monotonic() when the access token stops working
        self._lifetime_s = 0.0
        self.sign_ins = 0
        self.refreshes = 0

    def headers(self, valid_for_s: float = 0.0) -> dict[str, str]:
        """`Authorization: Bearer …` with a token still good `valid_for_s` seconds from now."""
        return {"authorization": f"Bearer {self.token(valid_for_s)}"}

    def token(self, valid_for_s: float = 0.0) -> str:
        needed = max(valid_for_s, 0.0) + MIN_VALIDITY_S
        if self._lifetime_s and needed > self._lifetime_s:
            raise BenchmarkError(
                f"a phase of {valid_for_s:.0f} s outlives an access token "
                f"({self._lifetime_s:.0f} s): split it"
            )
        if not self._access or time.monotonic() + needed > self._expires_at:
            self._renew()
        return self._access

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["authorization"] = f"Bearer {self.token()}"
        response = yield request
        if response.status_code == 401:  # revoked, or the clock jumped: as the app does
            self._access = ""
            request.headers["authorization"] = f"Bearer {self.token()}"
            yield request

    def _renew(self) -> None:
        if self._refresh:
            try:
                self._take(self._post("/api/v1/auth/refresh", {"refresh_token": self._refresh}))
                self.refreshes += 1
                return
            except BenchmarkError:
                pass  # used, expired or revoked: sign in again, as the app does
        form = {"username": self.username, "password": self.password}
        self._take(self._post("/api/v1/auth/token", form, as_form=True))
        self.sign_ins += 1

    def _take(self, answer: dict[str, object]) -> None:
        self._lifetime_s = float(str(answer["expires_in"]))
        self._expires_at = time.monotonic() + self._lifetime_s
        self._access = str(answer["access_token"])
        self._refresh = str(answer.get("refresh_token") or "")

    def _post(self, path: str, body: dict[str, str], *, as_form: bool = False) -> dict[str, object]:
        if as_form:
            data = urllib.parse.urlencode(body).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            data, kind = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(
            self.gateway_url + path, data=data, headers={"content-type": kind}
        )
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise BenchmarkError(
                f"{path} for {self.username}: {exc.code} {exc.read()[:300]!r}"
            ) from exc
        except OSError as exc:
            raise BenchmarkError(f"{path} for {self.username}: {exc}") from exc
        if not isinstance(answer, dict) or "access_token" not in answer:
            raise BenchmarkError(f"{path} for {self.username}: unexpected answer {answer!r:.300}")
        return answer


def add_account(
    stack: Stack, username: str, role: str, communities: Sequence[str], password: str
) -> Credentials:
    """A staff account of the benchmark's own (`gateway.cli create-user`), signed in on demand:
    benchmarks leave the demo accounts as the demo has them, so one benchmark's set-up (a
    volunteer posted at a second gate) does not change what the next one sees."""
    args = [sys.executable, "-m", "gateway.cli", "create-user", username, "--role", role]
    args += [a for c in communities for a in ("--community", c)]
    done = subprocess.run(
        [*args, "--password", password], env=stack.env(), capture_output=True, timeout=120
    )
    if done.returncode != 0:
        raise BenchmarkError(f"create-user {username}: {done.stderr.decode()[-500:]}")
    return stack.account(username, password)
