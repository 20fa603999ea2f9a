"""Checks the Docker set-up without a Docker engine (scripts/check-docker.sh runs this).

1. docker-compose.yml, as `docker compose config` would read it: YAML, variables filled in
   as compose fills them (`${X:-default}`, `${X:?message}` refuses without X), and then the
   services, their health checks and dependencies, the volumes, and the web service's
   environment: SECRET_KEY required from the environment, Redis for several workers, each
   variable one the settings or the scripts read (README "Configuration").
2. The Dockerfile's instructions: the final stage runs as an unprivileged user, bakes no
   SECRET_KEY, has a health check, and its CMD is a script of the repository.
3. The image, imitated: the files the Dockerfile copies (minus .dockerignore) in a fresh
   folder owned by root, the build steps that run manage.py run there as root with the
   Dockerfile's environment, the folders the Dockerfile gives to `app` owned by an
   unprivileged user (nobody); then the CMD runs as that user with the compose file's
   environment against a database of its own on the given PostgreSQL: migrate, setup_demo
   (LOAD_DEMO=true) and gunicorn must start, the health check must pass, nothing may be
   written next to the code, and no key may have been baked in by the build.

What it cannot check without Docker: that the base images and Debian packages install (the
checkout's virtualenv stands in for the image's pip install), the frontend build stage
(the checkout's built bundle stands in), the PostGIS and Redis images themselves (the test
PostgreSQL stands in, the web app uses its file cache instead of Redis), the published
port, volumes surviving a restart, and Docker's own health-check scheduling.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")
PROBLEMS: list[str] = []


def problem(text: str) -> None:
    PROBLEMS.append(text)
    print(f"  problem: {text}", flush=True)


def ok(text: str) -> None:
    print(f"  ok: {text}", flush=True)


# --- 1. the compose file -------------------------------------------------------------------


class MissingVariable(ValueError):
    pass


def interpolate(value, env: dict[str, str]):
    """Fill in ${X}, ${X:-default}, ${X-default}, ${X:?message} as docker compose does."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3) or ""
        present = name in env and (env[name] != "" or op not in (":-", ":?"))
        if op in (":-", "-"):
            return env[name] if present else arg
        if op in (":?", "?"):
            if not present:
                raise MissingVariable(f"required variable {name} is missing a value: {arg}")
            return env[name]
        return env.get(name, "")

    return INTERPOLATION.sub(one, value.replace("$$", "\0")).replace("\0", "$")


def environment_of(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def documented_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", section))


def check_compose(image_env: dict[str, str]) -> dict[str, str]:
    print("docker-compose.yml", flush=True)
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    try:
        interpolate(raw, {})
        problem("compose starts without SECRET_KEY (it must refuse, like `docker compose config`)")
    except MissingVariable as exc:
        if "SECRET_KEY" in str(exc):
            ok("without SECRET_KEY compose refuses to start: " + str(exc))
        else:
            problem(str(exc))
    compose = interpolate(raw, {"SECRET_KEY": "x" * 50})
    services = compose.get("services") or {}
    for name in ("db", "redis", "web"):
        if name not in services:
            problem(f"no service {name!r}")
    web = services.get("web", {})
    if "build" not in web:
        problem("the web service is not built from the Dockerfile")
    declared = set((compose.get("volumes") or {}).keys())
    mounts: dict[str, str] = {}
    for name, service in services.items():
        if not (service.get("healthcheck") or {}).get("test"):
            problem(f"service {name!r} has no healthcheck")
        for volume in service.get("volumes") or []:
            source, _, target = str(volume).partition(":")
            if not source.startswith((".", "/")) and source not in declared:
                problem(f"service {name!r} mounts volume {source!r}, not declared")
            if name == "web":
                mounts[target.split(":")[0]] = source
    unused = declared - {
        str(v).partition(":")[0] for s in services.values() for v in s.get("volumes") or []
    }
    if unused:
        problem(f"declared volumes nobody mounts: {sorted(unused)}")
    depends = web.get("depends_on") or {}
    for name in ("db", "redis"):
        if (depends.get(name) or {}).get("condition") != "service_healthy":
            problem(f"web does not wait for a healthy {name}")
    env = environment_of(web)
    raw_env = environment_of(raw["services"]["web"])
    if not raw_env.get("SECRET_KEY", "").startswith("${SECRET_KEY:?"):
        problem("web's SECRET_KEY must come from the environment (${SECRET_KEY:?...})")
    if env.get("REQUIRE_SECRET_KEY", image_env.get("REQUIRE_SECRET_KEY", "")) != "true":
        problem("REQUIRE_SECRET_KEY is not true: a missing key would be generated silently")
    workers = int(env.get("WEB_WORKERS") or "3")
    if workers > 1 and not env.get("REDIS_URL", "").startswith("redis://redis:"):
        problem(f"{workers} workers without REDIS_URL pointing at the redis service")
    if urlsplit(env.get("DATABASE_URL", "")).hostname != "db":
        problem("DATABASE_URL does not point at the db service")
    data_dir = env.get("DATA_DIR") or image_env.get("DATA_DIR", "")
    media_root = env.get("MEDIA_ROOT") or image_env.get("MEDIA_ROOT", "")
    for what, path in (("DATA_DIR", data_dir), ("MEDIA_ROOT", media_root)):
        if path not in mounts:
            problem(f"{what} ({path or 'unset'}) is not a volume of the web service")
    unknown = set(env) - documented_variables()
    if unknown:
        problem(f"web sets variables README 'Configuration' does not name: {sorted(unknown)}")
    if not PROBLEMS:
        ok(f"services {sorted(services)}, volumes {sorted(declared)}, web environment valid")
    return env


# --- 2. the Dockerfile ------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions, current = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if current and line.lstrip().startswith("#"):
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        keyword, _, args = current.strip().partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        current = ""
    return instructions


def env_pairs(args: str) -> dict[str, str]:
    parts = shlex.split(args)
    if len(parts) == 2 and "=" not in parts[0]:  # ENV NAME value (old form)
        return {parts[0]: parts[1]}
    return dict(p.split("=", 1) for p in parts)


def check_dockerfile() -> tuple[dict[str, str], list[str], list[str], list[str], str]:
    """Returns the final stage's ENV, its build commands that run manage.py, the folders
    it gives to its user, the CMD and the user."""
    print("Dockerfile", flush=True)
    instructions = dockerfile_instructions()
    starts = [i for i, (k, _) in enumerate(instructions) if k == "FROM"]
    if not starts:
        problem("no FROM")
        return {}, [], [], [], ""
    final = instructions[starts[-1] :]
    env: dict[str, str] = {}
    build_commands, owned, user, cmd, healthcheck, user_at = [], [], "root", [], False, None
    for index, (keyword, args) in enumerate(final):
        if keyword in ("ENV", "ARG"):
            pairs = env_pairs(args) if keyword == "ENV" else {args.split("=")[0]: ""}
            if "SECRET_KEY" in pairs:
                problem(f"{keyword} SECRET_KEY bakes a key into the image")
            if keyword == "ENV":
                env.update(pairs)
        elif keyword == "RUN":
            if user_at is not None:
                problem(f"RUN after USER: {args[:60]}")
            for command in re.split(r"\s*&&\s*", args):
                if "manage.py" in command:
                    build_commands.append(command)
                    if "SECRET_KEY=" in command and "DATA_DIR=" not in command:
                        problem(f"build step without its own DATA_DIR may write a key: {command}")
                chown = re.match(r"chown\s+(?:-R\s+)?(\S+?)(?::\S+)?\s+(.+)$", command)
                if chown:
                    owned += chown.group(2).split()
        elif keyword == "COPY" and "--from=" not in args:
            for source in shlex.split(args)[:-1]:
                if source != "." and not (ROOT / source).exists():
                    problem(f"COPY {source}: no such file in the repository")
        elif keyword == "USER":
            user, user_at = args.split(":")[0], index
        elif keyword == "HEALTHCHECK":
            healthcheck = True
        elif keyword == "CMD":
            cmd = yaml.safe_load(args) if args.startswith("[") else ["sh", "-c", args]
    if user in ("root", "0"):
        problem("the final stage runs as root (no USER)")
    if not healthcheck:
        problem("no HEALTHCHECK")
    if not cmd:
        problem("no CMD")
    elif not (ROOT / cmd[0]).is_file() or not os.access(ROOT / cmd[0], os.X_OK):
        problem(f"CMD {cmd[0]} is not an executable file of the repository")
    ignored = (ROOT / ".dockerignore").read_text().split()
    for needed in (".local", ".venv", ".env", ".git"):
        if needed not in ignored:
            problem(f".dockerignore does not keep {needed} out of the image")
    if not PROBLEMS:
        ok(f"final stage runs as {user!r}, CMD {cmd}, owned by it: {owned}")
    return env, build_commands, owned, cmd, user


# --- 3. the image, imitated ---------------------------------------------------------------


def copy_as_the_image(target: Path) -> None:
    patterns = [p.strip("/") for p in (ROOT / ".dockerignore").read_text().split()]

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(ROOT)
        return {
            n
            for n in names
            if any(fnmatch.fnmatch(str(relative / n), p) for p in patterns) or n == "__pycache__"
        }

    def copy(source: str, destination: str) -> None:
        # Files that vanish while copying (a test run writing next door) were never needed.
        with contextlib.suppress(FileNotFoundError):
            shutil.copy2(source, destination)

    try:
        shutil.copytree(ROOT, target, ignore=ignore, symlinks=True, copy_function=copy)
    except shutil.Error as exc:
        lost = [e for e in exc.args[0] if "No such file" not in str(e[-1])]
        if lost:
            raise
    # The frontend stage's output (COPY --from=frontend): the checkout's built bundle.
    dist = ROOT / "frontend" / "static" / "dist"
    if not dist.is_dir():
        problem("frontend/static/dist is not built (scripts/setup.sh builds it)")
    else:
        shutil.copytree(dist, target / "frontend" / "static" / "dist")


def image_python(folder: Path) -> Path:
    """The image's Python (pip installed the requirements system-wide there): a virtualenv
    of the system's python3.11 that any user may run, with the checkout's installed packages
    (the checkout's own interpreter may live where other users cannot reach it)."""
    # Debian's, not the first on the PATH (the checkout's own, perhaps under /root).
    system = "/usr/bin/python3.11"
    subprocess.run([system, "-m", "venv", "--without-pip", str(folder)], check=True)  # noqa: S603
    packages = ROOT / ".venv" / "lib" / "python3.11" / "site-packages"
    (folder / "lib" / "python3.11" / "site-packages" / "checkout.pth").write_text(
        f"import site; site.addsitedir({str(packages)!r})\n"
    )
    gunicorn = folder / "bin" / "gunicorn"
    gunicorn.write_text(
        f"#!{folder / 'bin' / 'python'}\n"
        "import sys\nfrom gunicorn.app.wsgiapp import run\nsys.exit(run())\n"
    )
    gunicorn.chmod(0o755)
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o555 if path.is_dir() else path.stat().st_mode | 0o444)
    return folder / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def psql_admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def files_of(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def imitate_the_image(
    image_env: dict[str, str],
    build_commands: list[str],
    owned: list[str],
    cmd: list[str],
    compose_env: dict[str, str],
    database_url: str,
    timeout: float,
) -> None:
    print("the image, imitated", flush=True)
    if os.geteuid() != 0:
        problem("run as root to imitate the image's users (root's code, an unprivileged app)")
        return
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="participatie-docker-check-"))
    scratch = f"{urlsplit(database_url).path.lstrip('/') or 'participatie'}_docker_check"
    process = None
    try:
        work.chmod(0o755)
        app = work / "app"
        copy_as_the_image(app)

        # Where the image's paths land here: /app → the copy, other folders → under work/.
        def local(path: str) -> Path:
            if path == "/app" or path.startswith("/app/"):
                return app / path.removeprefix("/app").lstrip("/")
            return work / "root" / path.lstrip("/")

        python_bin = image_python(work / "python")
        base_env = {
            "PATH": f"{python_bin}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            **{k: str(local(v)) if v.startswith("/") else v for k, v in image_env.items()},
        }
        for name in ("GDAL_LIBRARY_PATH", "GEOS_LIBRARY_PATH"):
            if name in os.environ:
                base_env[name] = os.environ[name]
        # The build, as root, with the Dockerfile's environment so far.
        for command in build_commands:
            assignments, _, rest = command.rpartition("python manage.py")
            env = {**base_env, **env_pairs(assignments)} if assignments.strip() else base_env
            env = {k: str(local(v)) if k == "DATA_DIR" else v for k, v in env.items()}
            env.pop("REQUIRE_SECRET_KEY", None)
            run = subprocess.run(  # noqa: S603 (the Dockerfile's own build steps)
                ["python", "manage.py", *shlex.split(rest)],  # noqa: S607 (the venv's, by PATH)
                cwd=app, env=env, capture_output=True, text=True, timeout=timeout,
            )  # fmt: skip
            if run.returncode != 0:
                problem(f"build step failed: {command}\n{run.stderr[-2000:]}")
                return
        baked = [p for p in files_of(app) if Path(p).name == "secret_key"]
        if baked:
            problem(f"the build wrote a key into the image: {baked}")
        for path in owned:
            folder = local(path)
            folder.mkdir(parents=True, exist_ok=True)
            shutil.chown(folder, "nobody", "nogroup")
            # Its parents must be reachable, as / is in the image.
            for parent in folder.parents:
                if parent == work.parent:
                    break
                parent.chmod(parent.stat().st_mode | 0o755)
        before = files_of(app)
        print(f"  copied and built in {time.monotonic() - started:.0f} s", flush=True)
        psql_admin(database_url, f'drop database if exists "{scratch}"')
        psql_admin(database_url, f'create database "{scratch}"')
        port = free_port()
        env = {
            **base_env,
            **{k: v for k, v in compose_env.items() if k not in ("DATA_DIR", "MEDIA_ROOT")},
            "DATABASE_URL": with_database(database_url, scratch),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PORT": str(port),
            "WEB_WORKERS": "2",
            "LOAD_DEMO": "true",
            "ALLOWED_HOSTS": compose_env.get("ALLOWED_HOSTS", "localhost"),
        }
        # No Redis server here: the file cache in DATA_DIR stands in for it.
        env.pop("REDIS_URL", None)
        log = work / "web.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(  # noqa: S603 (the image's CMD)
                ["runuser", "-u", "nobody", "--", "env", "-i",  # noqa: S607
                 *[f"{k}={v}" for k, v in env.items()], str(app / cmd[0]), *cmd[1:]],
                cwd=app, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        healthcheck = ["runuser", "-u", "nobody", "--", "env", "-i"]
        healthcheck += [f"{k}={v}" for k, v in env.items()]
        healthcheck += ["python", str(app / "scripts" / "healthcheck.py")]
        while True:
            if process.poll() is not None:
                problem(f"the start command ended ({process.returncode}):\n{tail(log)}")
                return
            if subprocess.run(healthcheck, cwd=app, capture_output=True).returncode == 0:  # noqa: S603
                break
            if time.monotonic() - started > timeout:
                problem(f"not healthy after {timeout:.0f} s:\n{tail(log)}")
                return
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(0.5)  # ends early when the start command fails
        output = log.read_text(errors="replace")
        if "PermissionError" in output or "Permission denied" in output:
            problem(f"a permission error on the way:\n{tail(log)}")
        data = local(image_env.get("DATA_DIR", "/data"))
        for name in ("demo-accounts.txt", f"gunicorn-{port}.ctl"):
            if not (data / name).exists():
                problem(f"{name} is not in DATA_DIR")
        if "Demo log-ins" not in output:
            problem("setup_demo did not run to its end")
        volumes = tuple(
            str(local(p).relative_to(app)) for p in owned if local(p).is_relative_to(app)
        )
        written = {f for f in files_of(app) - before if not any(f.startswith(v) for v in volumes)}
        if written:
            problem(f"written next to the code: {sorted(written)[:5]}")
        if not PROBLEMS:
            ok(
                f"as nobody: migrate, setup_demo and gunicorn started, healthy after "
                f"{time.monotonic() - started:.0f} s; DATA_DIR holds {sorted(os.listdir(data))}"
            )
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(5)
        try:
            psql_admin(database_url, f'drop database if exists "{scratch}" with (force)')
        except Exception as exc:  # noqa: BLE001 (report, do not hide the real problem)
            print(f"  note: could not drop {scratch}: {exc}")
        shutil.rmtree(work, ignore_errors=True)


def tail(log: Path) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-25:])


def main() -> int:
    global ROOT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository to check")
    parser.add_argument(
        "--static-only", action="store_true", help="parse and check the files; start nothing"
    )
    parser.add_argument("--timeout", type=float, default=240, help="seconds to become healthy")
    args = parser.parse_args()
    ROOT = args.root.resolve()
    database_url = os.environ.get("DATABASE_URL", "")
    image_env, build_commands, owned, cmd, _ = check_dockerfile()
    compose_env = check_compose(image_env)
    timeout = args.timeout
    if not PROBLEMS and not args.static_only:
        if not database_url:
            problem("DATABASE_URL is not set (scripts/check-docker.sh sets it)")
        else:
            imitate_the_image(
                image_env, build_commands, owned, cmd, compose_env, database_url, timeout
            )
    if PROBLEMS:
        print(f"check-docker: {len(PROBLEMS)} problem(s)", file=sys.stderr)
        return 1
    print("check-docker: ok (see scripts/docker_check.py for what it cannot check)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
