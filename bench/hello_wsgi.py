"""The least a WSGI app can do: bench/server_bench.py serves it with the same gunicorn as the site, as the limit."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "12")])
    return [b"Hello world\n"]
