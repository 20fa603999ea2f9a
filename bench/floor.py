"""The transport floor of the tile measurements: a WSGI application without Django that
answers every GET with 512 fixed bytes (the size of a small tile as sent), served by the same
gunicorn as ours (bench/measure.py, section 1). What it costs is the client, the TCP
connection and gunicorn's sync worker: the part of a tile's time no code of ours can
take away."""

BODY = bytes(range(256)) * 2


def application(environ, start_response):
    start_response(
        "200 OK",
        [
            ("Content-Type", "application/vnd.mapbox-vector-tile"),
            ("Content-Length", str(len(BODY))),
        ],
    )
    return [BODY]
