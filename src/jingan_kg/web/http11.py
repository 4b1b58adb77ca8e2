"""The HTTP/1.1 protocol the server runs: uvicorn's h11 protocol, with an answer to a request head
too long to read (414 for the request line, 431 for the headers) instead of uvicorn's bare 400,
and a lingering close after any such refusal, so that a client still sending reads the answer
rather than a connection reset. Imports uvicorn and h11: loaded only by `run`."""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from .params import MAX_REQUEST_BYTES, MAX_URL_BYTES

# A request head (request line and headers) is read up to this size; the request line itself is
# refused beyond MAX_URL_BYTES (plus the method and version), by the app when it was read whole.
MAX_HEADERS_BYTES = 32 << 10
MAX_HEAD_BYTES = MAX_URL_BYTES + MAX_HEADERS_BYTES
# After refusing a head, what the client still sends is read and dropped, up to this much and
# this long, before the connection closes.
LINGER_BYTES = 16 << 20
LINGER_SECONDS = 5.0

_MESSAGES = {
    414: (
        f"The URL is longer than {MAX_URL_BYTES} bytes, this server's limit. Send a long query with POST "
        f"(application/sparql-query or a form; up to {MAX_REQUEST_BYTES} bytes)."
    ),
    431: f"The request headers are larger than {MAX_HEADERS_BYTES} bytes, this server's limit.",
    400: "Invalid HTTP request received.",
}


class Protocol(H11Protocol):
    """uvicorn's H11Protocol, refusing an over-long request head with 414 or 431 and a lingering close."""

    _lingering = False
    _lingered = 0
    _linger_timer = None

    def send_400_response(self, msg: str) -> None:  # uvicorn calls this on any h11 RemoteProtocolError
        pending = self.conn.trailing_data[0]  # the unparsed request head
        status = 400
        if len(pending) > MAX_HEAD_BYTES:
            line_end = pending.find(b"\n")
            status = 414 if line_end < 0 or line_end > MAX_URL_BYTES else 431
        body = (_MESSAGES[status] + "\n").encode("utf-8")
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers, reason=STATUS_PHRASES[status]),
            h11.Data(data=body),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self._linger()

    def _linger(self) -> None:
        """Half-close (the answer is sent, then FIN), and read and drop what comes until the client
        closes too, LINGER_BYTES have come or LINGER_SECONDS have passed."""
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._linger_timer = self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if not self._lingering:
            return super().data_received(data)
        self._lingered += len(data)
        if self._lingered > LINGER_BYTES:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger_timer is not None:
            self._linger_timer.cancel()
        super().connection_lost(exc)
