"""A real SMTP server on loopback for tests, which can hold every connection in silence.

`hold()` makes it accept connections and say nothing (as a mail server that is slow, not
down); `answer()` lets it speak. It understands just enough SMTP for Django's backend
(EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps each message it accepted.
"""

import socket
import threading
import time
from email import message_from_bytes


class SMTPServer:
    def __init__(self):
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._speak = threading.Event()
        self._speak.set()
        self._lock = threading.Lock()
        self.connections = 0
        self.messages = []  # email.message.Message objects, with .envelope_to
        self._stopped = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    # --- control -----------------------------------------------------------------------
    def hold(self):
        self._speak.clear()

    def answer(self):
        self._speak.set()

    def stop(self):
        self._stopped = True
        self._speak.set()
        self._listener.close()

    def wait_for_connection(self, count=1, seconds=10):
        return self._wait(lambda: self.connections >= count, seconds)

    def wait_for_messages(self, count=1, seconds=10):
        return self._wait(lambda: len(self.messages) >= count, seconds)

    def sent_to(self):
        with self._lock:
            return sorted(address for message in self.messages for address in message.to)

    @staticmethod
    def _wait(condition, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.02)
        return condition()

    # --- the server --------------------------------------------------------------------
    def _serve(self):
        while not self._stopped:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        try:
            with conn, conn.makefile("rb") as reader:
                self._speak.wait()
                conn.sendall(b"220 test SMTP ready\r\n")
                envelope_to = []
                while True:
                    line = reader.readline()
                    if not line:
                        return
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        conn.sendall(b"250 test\r\n")
                    elif verb == b"MAIL":
                        envelope_to = []
                        conn.sendall(b"250 OK\r\n")
                    elif verb == b"RCPT":
                        envelope_to.append(line.split(b"<", 1)[1].split(b">", 1)[0].decode())
                        conn.sendall(b"250 OK\r\n")
                    elif verb == b"DATA":
                        conn.sendall(b"354 go on\r\n")
                        data = b""
                        while (chunk := reader.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        message = message_from_bytes(data)
                        message.to = envelope_to
                        with self._lock:
                            self.messages.append(message)
                        conn.sendall(b"250 queued\r\n")
                    elif verb == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        return
                    else:  # RSET, NOOP and anything else
                        conn.sendall(b"250 OK\r\n")
        except OSError:
            return
