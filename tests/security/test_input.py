"""Strange input is refused early and clearly (participatie/guards, api/parsers.py).

Oversized bodies go to gunicorn as `make run` serves it, over raw sockets: a header can then
claim 200 MB without 200 MB being sent, and a chunked body can be cut off. The server's
TMPDIR is an empty folder of the test; a control upload within the limit shows that Django
writes its temporary files exactly there, so an empty folder after a refusal means nothing
was written. The other checks answer in-process.
"""

from __future__ import annotations

import io
import json
import socket
import struct
import threading
import time
import zlib
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from participatie.pins.models import Pin, PinPhoto
from participatie.pins.photos import photo_prepare
from tests.participatie.accounts.factories import signup_data
from tests.participatie.factories import UserFactory, point_in
from tests.production.conftest import database_url, reference_data, start_server  # noqa: F401

BASE = "/api/v1/public"
TOKEN = f"{BASE}/auth/token/"
MIB = 1024 * 1024
# The three endpoints of the finding: anonymous, and each would read a body.
ENDPOINTS = ["/account/inloggen/", "/meldingen/nieuw/", TOKEN]
CSRF = "k" * 32  # any cookie will do: Django's check then reads the posted form


def field_errors(response) -> dict:
    """{field: [messages]} of a 400, as problem details or as DRF's plain shape."""
    body = response.json()
    return body.get("errors", body)


# --- raw HTTP ---------------------------------------------------------------------------


def connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=30)


def head(path: str, port: int, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Cookie: csrftoken={CSRF}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body; the server closes the connection after a refusal."""
    data = b""
    while b"\r\n\r\n" not in data:
        block = sock.recv(65536)
        assert block, f"connection closed before a response: {data!r}"
        data += block
    header_block, body = data.split(b"\r\n\r\n", 1)
    status_line, *header_lines = header_block.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _colon, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "-1"))
    while length < 0 or len(body) < length:
        try:
            block = sock.recv(65536)
        except ConnectionResetError:
            break
        if not block:
            break
        body += block
    return int(status_line.split()[1]), headers, body


def multipart_head(path: str, port: int, length: int) -> bytes:
    return head(
        path,
        port,
        {"Content-Type": "multipart/form-data; boundary=grens", "Content-Length": str(length)},
    )


def file_part_start() -> bytes:
    return (
        b"--grens\r\n"
        b'Content-Disposition: form-data; name="photos"; filename="groot.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
    )


@pytest.fixture
def served(start_server, tmp_path):  # noqa: F811
    """The production server with an empty TMPDIR of its own."""
    temp = tmp_path / "server-tmp"
    temp.mkdir()
    server = start_server(TMPDIR=str(temp))
    return server, temp


def assert_refused_as_too_large(path: str, status: int, headers: dict, body: bytes) -> None:
    assert status == 413, body[:500]
    megabytes = f"{settings.MAX_REQUEST_BODY / MIB:g}"
    if path.startswith("/api/"):
        assert headers["content-type"].startswith("application/problem+json")
        problem = json.loads(body)
        assert problem["status"] == 413
        assert f"{megabytes} MB" in problem["detail"]
    else:
        assert headers["content-type"].startswith("text/html")
        page = body.decode()
        assert '<html lang="nl">' in page
        assert f"Het verzoek is te groot: maximaal {megabytes} MB." in page


# --- bodies over the limit --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.http_path
def test_a_claimed_200_mb_body_is_a_413_before_a_byte_of_it_is_read(served):
    server, temp = served
    for path in ENDPOINTS:
        with connect(server.url) as sock:
            sock.sendall(multipart_head(path, server.port, 200 * MIB) + file_part_start())
            # Only the headers and a few bytes are sent: a server that waited for the body
            # would never answer (the socket times out and the test fails).
            status, headers, body = read_response(sock)
        assert_refused_as_too_large(path, status, headers, body)
    assert list(temp.iterdir()) == []


def send_chunked(sock: socket.socket, total: int, stop: threading.Event) -> None:
    chunk = b"x" * MIB
    sent = 0
    try:
        while sent < total and not stop.is_set():
            sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed the connection: what the test waits for


@pytest.mark.django_db
@pytest.mark.http_path
def test_a_chunked_body_over_the_limit_is_cut_off_with_a_413(served):
    server, temp = served
    over = settings.MAX_REQUEST_BODY + 4 * MIB
    for path in ENDPOINTS:
        with connect(server.url) as sock:
            sock.sendall(
                head(
                    path,
                    server.port,
                    {
                        "Content-Type": "multipart/form-data; boundary=grens",
                        "Transfer-Encoding": "chunked",
                    },
                )
            )
            stop = threading.Event()
            sender = threading.Thread(target=send_chunked, args=(sock, over, stop))
            sender.start()
            try:
                status, headers, body = read_response(sock)
            finally:
                stop.set()
                sender.join(30)
        assert_refused_as_too_large(path, status, headers, body)
    assert list(temp.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.http_path
def test_a_chunked_body_within_the_limit_reaches_the_view(served):
    # Without the guard Django reads no chunked body at all (it reads Content-Length bytes):
    # the token endpoint would say the fields are missing instead of refusing the password.
    server, _temp = served
    payload = json.dumps({"email": "niemand@example.org", "password": "fout-wachtwoord"})
    payload = payload.encode()
    with connect(server.url) as sock:
        sock.sendall(
            head(
                TOKEN,
                server.port,
                {"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
            )
            + b"%x\r\n" % len(payload)
            + payload
            + b"\r\n0\r\n\r\n"
        )
        status, _headers, body = read_response(sock)
    assert status == 400, body
    problem = json.loads(body)
    assert "email" not in problem.get("errors", problem)
    assert "password" not in problem.get("errors", problem)


@pytest.mark.django_db
@pytest.mark.http_path
def test_control_an_upload_within_the_limit_is_spooled_into_that_temp_folder(served):
    """Proves the empty folder above means something: Django writes a large upload's
    temporary file there while it reads the body."""
    server, temp = served
    part = file_part_start()
    size = settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 4 * MIB
    length = len(part) + size + len(b"\r\n--grens--\r\n")
    assert length < settings.MAX_REQUEST_BODY
    with connect(server.url) as sock:
        sock.sendall(multipart_head("/meldingen/nieuw/", server.port, length) + part)
        sock.sendall(b"\xff" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 2 * MIB))
        deadline = time.monotonic() + 30
        # Django's temporary upload files are called tmp….upload.jpg.
        while not any(".upload" in p.name for p in temp.iterdir()):
            assert time.monotonic() < deadline, f"no upload file in {list(temp.iterdir())}"
            # Waiting on the state of the folder, not for a fixed time.
            threading.Event().wait(0.05)


# --- pixel bombs ------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_header_only(width: int, height: int) -> bytes:
    """A PNG whose header (IHDR) is valid and whose pixel data is not: decoding it fails."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    broken = b"\x78\x9c" + b"\x00\xff" * 100  # a zlib header, then no valid deflate stream
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", broken)
        + png_chunk(b"IEND", b"")
    )


def big_plain_png(side: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def pixel_limit_message() -> str:
    return (
        f"De foto heeft te veel pixels: maximaal "
        f"{settings.PIN_PHOTO_MAX_PIXELS / 1_000_000:g} megapixel en "
        f"{settings.PIN_PHOTO_MAX_SIDE} pixels aan de langste kant."
    )


def refusal_of(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        photo_prepare(SimpleUploadedFile("bom.png", data, content_type="image/png"))
    return exc.value.error_dict["photos"][0]


def test_the_limits_are_below_the_bombs_of_the_finding():
    assert settings.PIN_PHOTO_MAX_PIXELS < 6300 * 6300
    assert settings.PIN_PHOTO_MAX_SIDE < 30000
    assert Image.MAX_IMAGE_PIXELS == settings.PIN_PHOTO_MAX_PIXELS


def test_a_header_claiming_too_many_pixels_is_refused_before_decoding():
    for side in (6300, 30000):
        bomb = png_with_header_only(side, side)
        assert len(bomb) < 1000
        error = refusal_of(bomb)
        # Decoding this file fails (the control below); the pixel message shows that the
        # header was judged first and the pixels were never touched.
        assert error.code == "too_many_pixels"
        with translation.override("nl"):
            assert error.messages == [pixel_limit_message()]


def test_control_the_same_broken_pixels_under_the_limit_fail_to_decode():
    assert refusal_of(png_with_header_only(100, 100)).code == "not_an_image"


def test_one_side_over_the_maximum_is_refused_however_few_pixels():
    long_side = settings.PIN_PHOTO_MAX_SIDE + 1
    assert long_side * 2 < settings.PIN_PHOTO_MAX_PIXELS
    assert refusal_of(png_with_header_only(long_side, 2)).code == "too_many_pixels"


@pytest.fixture
def resident_api(signed_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return signed_in(UserFactory())


def pin_form(**overrides) -> dict:
    spot = point_in()
    data = {
        "kind": "complaint",
        "category": "afval-en-zwerfvuil",
        "title": "Gedumpt grofvuil",
        "location": json.dumps({"type": "Point", "coordinates": [spot.x, spot.y]}),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_6300_pixel_png_of_the_finding_is_refused_by_the_api_naming_the_limit(resident_api):
    bomb = big_plain_png(6300)
    with Image.open(io.BytesIO(bomb)) as header_only:
        assert header_only.size == (6300, 6300)
    response = resident_api.post(
        f"{BASE}/pins/", data=pin_form(), files=[("photos", ("bom.png", bomb, "image/png"))]
    )
    assert response.status_code == 400, response.text
    assert field_errors(response)["photos"] == [pixel_limit_message()]
    assert not PinPhoto.objects.exists()


@pytest.mark.django_db
def test_the_pin_page_refuses_a_pixel_bomb_and_states_the_limits(client):
    client.force_login(UserFactory())
    page = client.get("/meldingen/nieuw/").content.decode()
    mpx = f"{settings.PIN_PHOTO_MAX_PIXELS / 1_000_000:g}"
    mb = f"{settings.PIN_PHOTO_MAX_BYTES / MIB:g}"
    assert f"elk maximaal {mb} MB en {mpx} megapixel" in page
    spot = point_in()
    bomb = SimpleUploadedFile("bom.png", png_with_header_only(30000, 30000), "image/png")
    data = {
        "kind": "complaint",
        "category": "afval-en-zwerfvuil",
        "title": "Gedumpt grofvuil",
        "lon": spot.x,
        "lat": spot.y,
        "photos": bomb,
    }
    response = client.post("/meldingen/nieuw/", data)
    assert response.status_code == 400
    assert pixel_limit_message() in response.content.decode()
    assert not Pin.objects.filter(is_demo=False).exists()


# --- NUL characters ---------------------------------------------------------------------

NUL_PAGES = [
    "/?area=%00",
    "/gebieden/%00/",
    "/meldingen/plekken/?q=%00ab",
    "/meldingen/?category=%00",
]
NUL_API = [f"{BASE}/pins/?category=%00", f"{BASE}/areas/?area=%00", "/tiles/pins.json?q=%00"]


@pytest.mark.django_db
def test_a_nul_in_the_address_of_a_page_is_a_400_page_that_says_so(api):
    for url in NUL_PAGES:
        response = api.get(url)
        assert response.status_code == 400, url
        assert response.headers["Content-Type"].startswith("text/html")
        assert "Het adres bevat een NUL-teken" in response.text, url


@pytest.mark.django_db
def test_a_nul_in_an_api_address_is_a_400_problem_with_a_message(api):
    for url in NUL_API:
        response = api.get(url)
        assert response.status_code == 400, url
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert "NUL" in response.json()["detail"], url


@pytest.mark.django_db
def test_a_nul_asked_of_a_pages_json_endpoint_is_a_400_in_json(api):
    # The new-pin form's script asks the place look-up with Accept: application/json and
    # reads {"error": …} from a refusal; a browser's own request still gets the page.
    url = "/meldingen/plek/?lon=6.5%00&lat=53.0"
    response = api.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert "NUL-teken" in response.json()["error"]
    page = api.get(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 400 and page.headers["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_control_the_same_addresses_without_the_nul_answer(api):
    for url in NUL_PAGES[:1] + NUL_API[:2]:
        assert api.get(url.replace("%00", "")).status_code == 200, url


# --- deeply nested JSON -----------------------------------------------------------------


@pytest.mark.django_db
def test_deep_json_at_the_token_endpoint_is_a_400_naming_the_problem(api):
    for body in ("[" * 3000, "[" * 100 + "]" * 100):
        response = api.post(TOKEN, data=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, response.text
        assert (
            "nested too deeply" in response.json()["detail"]
            or "te diep genest" in (response.json()["detail"])
        )


@pytest.mark.django_db
def test_deep_json_in_a_pin_post_is_a_400_naming_the_problem(resident_api):
    as_json = '{"kind": "idea", "title": "Diep", "location": ' + "[" * 100_000 + "}"
    response = resident_api.post(
        f"{BASE}/pins/", data=as_json, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert "te diep genest" in response.json()["detail"]
    # The same as a form field (multipart): the location field's own message.
    response = resident_api.post(
        f"{BASE}/pins/",
        data=pin_form(location="[" * 100_000),
        files=[("photos", ("foto.png", big_plain_png(8), "image/png"))],
    )
    assert response.status_code == 400, response.text
    assert field_errors(response)["location"] == [
        "De locatie is te diep genest: maximaal 32 niveaus."
    ]
    assert not Pin.objects.filter(is_demo=False).exists()


# --- invisible titles -------------------------------------------------------------------

INVISIBLE_TITLES = [" \u200b ", "\u200c\u200d", "\ufeff\u2060  \u200b"]


@pytest.mark.django_db
def test_a_title_of_spaces_and_zero_width_characters_is_refused_by_the_api(resident_api):
    for title in INVISIBLE_TITLES:
        response = resident_api.post(f"{BASE}/pins/", data=pin_form(title=title))
        assert response.status_code == 400, response.text
        assert field_errors(response)["title"] == ["Dit veld mag niet leeg zijn."]
    assert not Pin.objects.filter(is_demo=False).exists()


@pytest.mark.django_db
def test_a_title_of_spaces_and_zero_width_characters_is_refused_by_the_page(client):
    client.force_login(UserFactory())
    spot = point_in()
    for title in INVISIBLE_TITLES:
        data = {"kind": "complaint", "category": "afval-en-zwerfvuil", "title": title}
        response = client.post("/meldingen/nieuw/", {**data, "lon": spot.x, "lat": spot.y})
        assert response.status_code == 400
        assert "Geef je melding een titel." in response.content.decode()
    assert not Pin.objects.filter(is_demo=False).exists()


@pytest.mark.django_db
def test_visible_text_around_invisible_characters_is_kept_without_them(resident_api):
    response = resident_api.post(f"{BASE}/pins/", data=pin_form(title="\u200b Bank kapot \ufeff"))
    assert response.status_code == 201, response.text
    assert Pin.objects.get(is_demo=False).title == "Bank kapot"


# --- Dutch password messages ------------------------------------------------------------


@pytest.mark.django_db
def test_a_dutch_sign_up_with_a_short_common_password_is_all_dutch(client):
    response = client.post("/account/aanmelden/", signup_data(password1="abc", password2="abc"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort: gebruik minstens 8 tekens." in page
    assert "Dit wachtwoord is te algemeen." in page
    assert "This password" not in page
    assert "%(" not in page and "%d" not in page


@pytest.mark.django_db
def test_a_dutch_pin_post_names_the_wrong_location_type_formatted(resident_api):
    location = json.dumps({"type": "LineString", "coordinates": [[6.5, 52.9], [6.6, 53.0]]})
    response = resident_api.post(f"{BASE}/pins/", data=pin_form(location=location))
    assert field_errors(response)["location"] == [
        "De locatie moet een Point zijn, geen LineString."
    ]
    response = resident_api.post(f"{BASE}/pins/", data=pin_form(location="geen json"))
    (message,) = field_errors(response)["location"]
    assert message.startswith('Geef de locatie op als GeoJSON-Point, bijv. {"type": "Point"')
    assert "%(" not in response.text and "{example}" not in response.text


@pytest.mark.django_db
def test_a_dutch_password_change_with_a_short_password_is_all_dutch(client):
    from tests.participatie.accounts.factories import PASSWORD

    client.force_login(UserFactory(password=PASSWORD))
    response = client.post(
        "/account/wachtwoord-wijzigen/",
        {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort: gebruik minstens 8 tekens." in page
    assert "This password" not in page
    assert "%(" not in page and "%d" not in page


@pytest.mark.django_db
def test_a_nul_in_a_posted_category_is_a_form_error_not_a_500(client):
    client.force_login(UserFactory())
    spot = point_in()
    data = {"kind": "complaint", "category": "afval\x00", "title": "Grofvuil"}
    response = client.post("/meldingen/nieuw/", {**data, "lon": spot.x, "lat": spot.y})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Pin.objects.filter(is_demo=False).exists()
