"""How many room frames the real Python nucosMQ client receives from a Patchbay node.

nucosMQ's client reads 1024 bytes at a time and drops the frames of a read that ends inside a
frame (docs/protocols/nucos.md, "Python clients that fall behind"). This subscribes the real
client (as alice) to room "weather" of a node started with bin/patchbay, publishes COUNT frames
of 40-1,550 bytes from a second connection (bob) in bursts of BURST frames with 10 ms pauses, and
prints how many the client's room callback got.

    pip install nucosMQ            # or: NUCOSMQ_PATH=/path/to/a/checkout (the folder holding nucosMQ/)
    python3 benchmarks/python/nucos_reader_loss.py 4100 10000 300 [SEED]

The client hands str to socket.send, which Python 2 took and Python 3 refuses; a subclass of
socket.socket that encodes str is put in its place. Its reader is not touched.
"""
import hashlib
import hmac
import json
import os
import random
import socket
import sys
import threading
import time

if os.environ.get("NUCOSMQ_PATH"):
    sys.path.insert(0, os.environ["NUCOSMQ_PATH"])
import nucosMQ.nucosClient as nucos_client  # noqa: E402


class Py3Socket(socket.socket):
    def send(self, data, *flags):
        return super().send(data.encode() if isinstance(data, str) else data, *flags)


nucos_client.socket.socket = Py3Socket


def signer(uid, secret):
    return lambda challenge: hmac.new(secret, f"{challenge}:{uid}".encode(), hashlib.sha256).hexdigest()


def frame(event, content, room=None):
    data = {"event": event, "content": content}
    if room:
        data["room"] = room
    return json.dumps({"data": data}).encode() + b"_EOM_"


class Publisher:
    """bob, by hand: logs in, joins the room (publishing needs membership), discards his echoes."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buffer = b""
        self.read()
        self.sock.sendall(frame("uid", "bob"))
        challenge = self.read()["content"]
        self.sock.sendall(frame("signature", signer("bob", b"bob-dev-secret")(challenge)))
        self.read()
        self.sock.sendall(frame("thanks", "i am in") + frame("subscripe", "weather"))
        threading.Thread(target=self.discard, daemon=True).start()

    def read(self):
        while b"_EOM_" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        one, self.buffer = self.buffer.split(b"_EOM_", 1)
        return json.loads(one)["data"]

    def discard(self):
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass


def main():
    port, count, burst = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
    received = []
    client = nucos_client.NucosClient("127.0.0.1", port, uid="alice",
                                      on_challenge=signer("alice", b"alice-dev-secret"))
    client.add_room_callback("weather", received.append)
    client.start()
    time.sleep(1.0)
    client.subscripe("weather")
    time.sleep(0.5)
    publisher = Publisher(port)
    time.sleep(0.5)
    frames = [frame("rain", "%06d:" % i + "x" * rng.randint(20, 1500), "weather") for i in range(count)]
    for start in range(0, count, burst):
        publisher.sock.sendall(b"".join(frames[start:start + burst]))
        time.sleep(0.01)
    last = -1
    for _ in range(100):
        time.sleep(0.2)
        if len(received) == last:
            break
        last = len(received)
    print(json.dumps({"sent": count, "received": len(received), "lost": count - len(received)}))


if __name__ == "__main__":
    main()
