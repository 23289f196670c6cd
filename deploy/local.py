"""The standard shape of a shared deployment, started on this machine for a trial: one
PostgreSQL, N app processes (`osai-procure serve`) and nginx in front with websocket support
and session affinity. One command:

    .venv/bin/python deploy/local.py [--processes 2] [--port 8080] [--state .osai-cluster]
                                     [--db-url URL]

Ctrl+C (or SIGTERM) stops everything it started. The app processes share nothing but the
database URL, the signing keys and the cookie secret (secrets an agency hands every process):
each has a data directory of its own, so the proxy, the processes and the database can sit on
different hosts with only these settings changed. With `--db-url` an existing database is used
and no PostgreSQL is started. The same layout for containers: deploy/Dockerfile and
deploy/compose.yaml. Documented in docs/deployment.md.

Standard library only, so the tests and the load benchmark drive the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
SITE_CONF = DEPLOY / "nginx" / "osai-procure.conf"
HEALTH_PATH = "/healthz"
START_TIMEOUT = 90.0
# What every app process of one deployment must be given alike (see docs/deployment.md).
SHARED_SETTINGS = ("OSAI_PROCURE_DB_URL", "OSAI_PROCURE_HOME", "STREAMLIT_SERVER_COOKIE_SECRET")


class StackError(RuntimeError):
    """A part of the stack did not start; the message says which and where its log is."""


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _program(name: str) -> str:
    """A server program: on PATH, else the newest Debian PostgreSQL install, else an error."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found:
        return found
    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if installed:
        return str(installed[-1])
    package = "nginx" if name == "nginx" else "postgresql"
    raise StackError(f"{name} is not installed (apt-get install {package})")


def nginx_program() -> str:
    """Debian's nginx.

    Raises:
        StackError: it is not installed.
    """
    return _program("nginx")


def _run_as_postgres(path: Path) -> list[str]:
    """As root, PostgreSQL's programs run as the packages' `postgres` user, who owns `path`."""
    if os.geteuid() != 0:
        return []
    owner = pwd.getpwnam("postgres")
    for part in (path, *path.parents):
        if part == Path("/"):
            break
        if part == path:
            os.chown(part, owner.pw_uid, owner.pw_gid)
        else:  # the way in must be passable for that user
            mode = part.stat().st_mode
            if not mode & 0o001:
                os.chmod(part, mode | 0o001)
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class Postgres:
    """A PostgreSQL server of the trial, in `<state>/postgres`, on 127.0.0.1 with a password."""

    base: Path
    port: int

    @property
    def data(self) -> Path:
        """The cluster's data directory."""
        return self.base / "data"

    def url(self) -> str:
        """The SQLAlchemy URL of the `osai` database."""
        password = (self.base / "password").read_text().strip()
        return f"postgresql+psycopg://osai:{password}@127.0.0.1:{self.port}/osai"

    def start(self) -> str:
        """Create the cluster on first use, start it and return the database URL."""
        self.base.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.base.chmod(0o700)
        run_as = _run_as_postgres(self.base)
        fresh = not (self.data / "PG_VERSION").exists()
        if fresh:
            password = self.base / "password"
            password.write_text(secrets.token_urlsafe(24) + "\n")
            password.chmod(0o600)
            if run_as:
                shutil.chown(password, "postgres")
            # The socket sits in a directory only postgres can enter; TCP needs the password.
            auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={password}"]
            subprocess.run(
                [*run_as, _program("initdb"), "-D", str(self.data), "-U", "osai", *auth],
                check=True,
                capture_output=True,
            )
        options = f"-k {self.base} -p {self.port} -c listen_addresses=127.0.0.1"
        log = self.base / "postgres.log"
        pg_ctl = [*run_as, _program("pg_ctl"), "-D", str(self.data)]
        done = subprocess.run(
            [*pg_ctl, "-l", str(log), "-w", "-o", options, "start"],
            capture_output=True,
        )
        if done.returncode != 0:
            raise StackError(f"PostgreSQL did not start; see {log}")
        if fresh:
            where = ["-h", str(self.base), "-p", str(self.port), "-U", "osai"]
            subprocess.run(
                [*run_as, _program("createdb"), *where, "osai"],
                check=True,
                capture_output=True,
            )
        return self.url()

    def stop(self) -> None:
        """Stop the server (the data stays for the next start)."""
        run_as = _run_as_postgres(self.base)
        subprocess.run(
            [*run_as, _program("pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
            capture_output=True,
        )


@dataclass
class App:
    """One app process: its port, its own data directory, its logs."""

    index: int
    port: int
    data_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Where this process answers directly (the proxy's upstream)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        """Its JSON-lines log (standard output)."""
        return self.data_dir.parent / f"app-{self.index}.jsonl"


def app_command(port: int, extra: Sequence[str] = ()) -> list[str]:
    """`osai-procure serve` from this interpreter's environment on a loopback port. The trial
    stack has no sign-in, and says so (`serve` refuses a server database without it)."""
    program = Path(sys.executable).parent / "osai-procure"
    return [str(program), "serve", "--unauthenticated", "--server.port", str(port), *extra]


def app_environment(shared: dict[str, str], data_dir: Path) -> dict[str, str]:
    """The environment of one app process: the shared settings plus its own data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OSAI_PROCURE_")}
    return {**env, **shared, "OSAI_PROCURE_DATA_DIR": str(data_dir)}


def wait_healthy(url: str, process: subprocess.Popen[bytes] | None, log: Path) -> None:
    """Wait until `url`/healthz says ok (the process and its database).

    Raises:
        StackError: the process exited or did not become healthy in time.
    """
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StackError(f"{url} exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + HEALTH_PATH, timeout=5) as response:
                if json.load(response).get("status") == "ok":
                    return
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    raise StackError(f"{url} did not become healthy in {START_TIMEOUT:.0f} s; see {log}")


def proxy_config(state: Path, listen_port: int, app_ports: Sequence[int]) -> Path:
    """Write nginx's top-level configuration for the trial around the shared site file."""
    conf = state / "nginx"
    (conf / "temp").mkdir(parents=True, exist_ok=True)
    (conf / "osai-procure-upstreams.conf").write_text(
        "".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in app_ports)
    )
    (conf / "osai-procure-listen.conf").write_text(f"listen 127.0.0.1:{listen_port};\n")
    shutil.copyfile(SITE_CONF, conf / "osai-procure.conf")
    main = conf / "nginx.conf"
    temp = conf / "temp"
    main.write_text(
        "worker_processes 1;\n"
        f"pid {conf / 'nginx.pid'};\n"
        f"error_log {conf / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    access_log {conf / 'access.log'};\n"
        f"    client_body_temp_path {temp / 'body'};\n"
        f"    proxy_temp_path {temp / 'proxy'};\n"
        f"    fastcgi_temp_path {temp / 'fastcgi'};\n"
        f"    uwsgi_temp_path {temp / 'uwsgi'};\n"
        f"    scgi_temp_path {temp / 'scgi'};\n"
        "    include osai-procure.conf;\n"
        "}\n"
    )
    if os.geteuid() == 0:  # nginx's workers run as nobody and write their temporary files here
        nobody = pwd.getpwnam("nobody")
        os.chown(temp, nobody.pw_uid, nobody.pw_gid)
    return main


@dataclass
class Stack:
    """The whole trial deployment; `start()` brings it up, `stop()` takes down what it started."""

    state: Path
    processes: int = 2
    port: int = 8080
    db_url: str | None = None
    app_args: Sequence[str] = ()
    apps: list[App] = field(default_factory=list)
    postgres: Postgres | None = None
    proxy: subprocess.Popen[bytes] | None = None
    shared: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """Where officers' browsers go."""
        return f"http://127.0.0.1:{self.port}"

    def _secret(self, name: str) -> str:
        """A random secret kept in the state directory, the same on every start."""
        path = self.state / name
        if not path.exists():
            path.write_text(secrets.token_urlsafe(32) + "\n")
            path.chmod(0o600)
        return path.read_text().strip()

    def start(self) -> None:
        """Start the database (unless given), the keys, the app processes and the proxy."""
        self.state.mkdir(parents=True, exist_ok=True)
        if self.db_url is None:
            self.postgres = Postgres(self.state / "postgres", free_port())
            self.db_url = self.postgres.start()
        keys_home = self.state / "keys-home"
        self.shared = {
            "OSAI_PROCURE_DB_URL": self.db_url,
            "OSAI_PROCURE_HOME": str(keys_home),
            "STREAMLIT_SERVER_COOKIE_SECRET": self._secret("cookie-secret"),
            # The signing keys are kept encrypted; the passphrase is a secret like the cookie's.
            "OSAI_PROCURE_KEY_PASSPHRASE": self._secret("key-passphrase"),
        }
        if not (keys_home / "keys").exists():  # once, before any process could race for it
            subprocess.run(
                [str(Path(sys.executable).parent / "osai-procure"), "keys", "generate"],
                env=app_environment(self.shared, self.state / "keys-tmp"),
                check=True,
                capture_output=True,
            )
        for index in range(1, self.processes + 1):
            self.start_app(index)
        for app in self.apps:
            wait_healthy(app.url, app.process, app.log)
        self.start_proxy()

    def start_app(self, index: int, port: int | None = None) -> App:
        """Start (or restart) app process `index` with its own data directory."""
        app = App(index, port or free_port(), self.state / f"app-{index}")
        app.data_dir.mkdir(parents=True, exist_ok=True)
        with app.log.open("ab") as out, (self.state / f"app-{index}.stderr.log").open("ab") as err:
            app.process = subprocess.Popen(
                app_command(app.port, self.app_args),
                env=app_environment(self.shared, app.data_dir),
                stdout=out,
                stderr=err,
                start_new_session=True,  # Ctrl+C reaches us, and we stop it in order
            )
        self.apps = [a for a in self.apps if a.index != index] + [app]
        return app

    def start_proxy(self) -> None:
        """Start nginx in front of the app processes and wait until it answers."""
        main = proxy_config(self.state, self.port, [a.port for a in self.apps])
        nginx = nginx_program()
        checked = subprocess.run(
            [nginx, "-t", "-q", "-p", str(main.parent), "-c", str(main)], capture_output=True
        )
        if checked.returncode != 0:
            raise StackError(f"nginx refused its configuration: {checked.stderr.decode()[-500:]}")
        with (main.parent / "stderr.log").open("ab") as err:
            self.proxy = subprocess.Popen(
                [nginx, "-p", str(main.parent), "-c", str(main), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )
        wait_healthy(self.url, self.proxy, main.parent / "error.log")

    def kill_app(self, index: int) -> None:
        """Kill one app process at once (SIGKILL), as a crash or a lost host would."""
        for app in self.apps:
            if app.index == index and app.process is not None:
                app.process.kill()
                app.process.wait()

    def stop(self) -> None:
        """Stop the proxy, the app processes and the database this stack started."""
        for process in [self.proxy, *(a.process for a in self.apps)]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [self.proxy, *(a.process for a in self.apps)]:
            if process is None:
                continue
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.postgres is not None:
            self.postgres.stop()


@contextmanager
def running(stack: Stack) -> Iterator[Stack]:
    """The stack, started for the `with` block and stopped after it, even on failure."""
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Start the trial deployment and keep it up until Ctrl+C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="deploy/local.py", description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port (8080)")
    parser.add_argument("--state", type=Path, default=Path(".osai-cluster"), help="state dir")
    parser.add_argument("--db-url", help="use this database instead of starting PostgreSQL")
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be 1 or more")
    stack = Stack(args.state.resolve(), args.processes, args.port, args.db_url)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with running(stack):
            print(f"osai-procure: {stack.url}  ({args.processes} app processes behind nginx)")
            for app in stack.apps:
                print(f"  app {app.index}: {app.url}  data {app.data_dir}  log {app.log}")
            print("Ctrl+C stops everything.", flush=True)
            with suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    except (StackError, subprocess.CalledProcessError) as exc:
        detail = (
            exc.stderr.decode(errors="replace")[-500:]
            if isinstance(exc, subprocess.CalledProcessError) and exc.stderr
            else ""
        )
        print(f"deploy/local.py: {exc} {detail}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
