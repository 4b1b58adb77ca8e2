"""The HTTP/1.1 protocol the server runs: uvicorn's httptools protocol (llhttp, a C parser), with a
limit on the request head (414 for an over-long request line, 431 for headers) and a lingering
close after any refusal (those and a malformed request's 400), so that a client still sending
reads the answer rather than a connection reset. Imports uvicorn and httptools: loaded only by `run`."""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from .params import MAX_REQUEST_BYTES, MAX_URL_BYTES

# A request head (request line and headers) is read up to this size; the request line itself is
# refused beyond MAX_URL_BYTES (plus the method and version), by the app when it was read whole.
MAX_HEADERS_BYTES = 32 << 10
MAX_HEAD_BYTES = MAX_URL_BYTES + MAX_HEADERS_BYTES
# After refusing a head, what the client still sends is read and dropped, up to this much and
# this long, before the connection closes.
LINGER_BYTES = 16 << 20
LINGER_SECONDS = 5.0
# httptools.parse_url, which uvicorn calls on each request target, takes at most this many bytes:
# a target of MAX_URL_BYTES (65,536) exactly is refused here too.
PARSE_URL_BYTES = 65535

_MESSAGES = {
    414: (
        f"The URL is longer than {MAX_URL_BYTES} bytes, this server's limit. Send a long query with POST "
        f"(application/sparql-query or a form; up to {MAX_REQUEST_BYTES} bytes)."
    ),
    431: f"The request headers are larger than {MAX_HEADERS_BYTES} bytes, this server's limit.",
    400: "Invalid HTTP request received.",
}


class Protocol(HttpToolsProtocol):
    """uvicorn's HttpToolsProtocol, refusing an over-long request head with 414 or 431, and any
    refusal (those, a malformed request's 400) with a lingering close. llhttp has no limit of its
    own on a head: the bytes received while one is read are counted here."""

    _lingering = False
    _lingered = 0
    _linger_timer = None
    _in_head = True  # a request head is being read (from the first byte, and after each message begins)
    _head_bytes = 0  # bytes received while it is

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True

    def on_headers_complete(self) -> None:
        self._in_head, self._head_bytes = False, 0
        if len(self.url) > PARSE_URL_BYTES:
            return self._refuse(414)
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        if not self._lingering:  # else the request was refused: no cycle reads it
            super().on_body(body)

    def on_message_complete(self) -> None:
        if not self._lingering:
            super().on_message_complete()

    def data_received(self, data: bytes) -> None:
        if self._lingering:
            self._lingered += len(data)
            if self._lingered > LINGER_BYTES:
                self.transport.close()
            return
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > MAX_HEAD_BYTES and not self._lingering:
            # the request line is what is long if no header came after it, or if it alone is over the limit
            line_only = not getattr(self, "headers", None) or len(getattr(self, "url", b"")) > MAX_URL_BYTES
            self._refuse(414 if line_only else 431)

    def send_400_response(self, msg: str) -> None:  # uvicorn calls this on a parser error
        self._refuse(400)

    def _refuse(self, status: int) -> None:
        """Answer `status` with its message, then half-close (the answer is sent, then FIN), and
        read and drop what comes until the client closes too, LINGER_BYTES have come or
        LINGER_SECONDS have passed."""
        if self._lingering:  # refused already
            return
        body = (_MESSAGES[status] + "\n").encode("utf-8")
        head = b"content-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        self.transport.write(STATUS_LINE[status] + head % len(body) + body)
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._linger_timer = self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger_timer is not None:
            self._linger_timer.cancel()
        super().connection_lost(exc)
