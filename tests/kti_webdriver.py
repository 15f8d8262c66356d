# SPDX-License-Identifier: GPL-2.0
"""A small W3C WebDriver client for Debian's headless chromium, standard library only.

Starts /usr/bin/chromedriver on a free local port, opens one session with a fresh profile
and a fixed window size, and offers the handful of commands the page tests need.
"""
import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
ENTER = "\ue007"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]


class WebDriverError(Exception):
    """A failed WebDriver command, or a browser that cannot be started."""


def missing_browser() -> Optional[str]:
    """Why the browser cannot run here, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if shutil.which(path) is None:
            return (f"{path} not found: install Debian's {package} "
                    "(make deps installs chromium and chromium-driver)")
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One chromedriver process with one headless chromium session."""

    def __init__(self, width: int = 1280, height: int = 900, timeout: float = 60.0):
        problem = missing_browser()
        if problem:
            raise WebDriverError(problem)
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="kti-chromium-")
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.session = ""
        try:
            self._wait_ready()
            caps = {"browserName": "chrome", "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": CHROME_ARGS + [f"--user-data-dir={self.profile.name}",
                                       f"--window-size={width},{height}"]}}
            reply = self._call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
            self.session = reply["sessionId"]
            self._call("POST", self._s("/window/rect"), {"width": width, "height": height})
        except BaseException:
            self.close()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.driver.poll() is not None:
                raise WebDriverError(f"{CHROMEDRIVER} exited with {self.driver.returncode}")
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except (OSError, WebDriverError):
                pass
            time.sleep(0.1)
        raise WebDriverError(f"{CHROMEDRIVER} not ready after {self.timeout} s")

    def _s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                return json.loads(reply.read() or b"{}").get("value")
        except urllib.error.HTTPError as err:
            try:
                value = json.loads(err.read()).get("value", {})
            except ValueError:
                value = {}
            raise WebDriverError(f"{method} {path}: {value.get('error', err.code)}: "
                                 f"{value.get('message', '')}".strip()) from None

    def close(self) -> None:
        try:
            if self.session:
                self._call("DELETE", self._s(""))
        except (OSError, WebDriverError):
            pass
        finally:
            self.session = ""
            self.driver.terminate()
            try:
                self.driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait()
            self.profile.cleanup()

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- commands ------------------------------------------------------------------
    def open(self, url: str) -> None:
        self._call("POST", self._s("/url"), {"url": url})

    def url(self) -> str:
        return self._call("GET", self._s("/url"))

    def find(self, css: str) -> str:
        """The id of the first element matching css (an error when there is none)."""
        reply = self._call("POST", self._s("/element"), {"using": "css selector", "value": css})
        return reply[ELEMENT]

    def click(self, element: str) -> None:
        self._call("POST", self._s(f"/element/{element}/click"), {})

    def keys(self, element: str, text: str) -> None:
        self._call("POST", self._s(f"/element/{element}/value"), {"text": text})

    def run(self, script: str, *args: Any) -> Any:
        """Run script as a function body in the page; returns what it returns."""
        return self._call("POST", self._s("/execute/sync"), {"script": script, "args": list(args)})

    def active_element(self) -> str:
        return self._call("GET", self._s("/element/active"))[ELEMENT]

    def screenshot(self) -> bytes:
        return base64.b64decode(self._call("GET", self._s("/screenshot")))

    def texts(self, css: str) -> List[str]:
        """innerText of every element matching css that is rendered."""
        return self.run("return Array.from(document.querySelectorAll(arguments[0]))"
                        ".filter(e => e.getClientRects().length).map(e => e.innerText);", css)
