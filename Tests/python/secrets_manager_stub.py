#!/usr/bin/env python3
"""A scripted Secrets Manager stand-in for the fault tests (stdlib only; no signature checks: moto is the real peer).

Listens on 127.0.0.1, a free port, and prints ``READY <port>``. Every ``GetSecretValue`` (``POST /`` with
``X-Amz-Target: secretsmanager.GetSecretValue``) takes the next action of the script, or the default action when the
script is used up. Actions (JSON objects):

  {"kind": "secret", "value": {...} | "text"}   200 with SecretString (an object is sent as its JSON text)
  {"kind": "binary"}                              200 with a SecretBinary
  {"kind": "error", "status": 400, "type": "ThrottlingException", "message": "Rate exceeded"}
  {"kind": "garbage"}                             200 whose body is not JSON
  {"kind": "hang"}                                read the request, never answer (the connection stays open)
  {"kind": "reset"}                               read the request, then close with a TCP reset

Control (same port): ``POST /__control`` with ``{"script": [...], "default": {...}}`` replaces the script and
default; ``GET /__control`` answers ``{"calls": n}`` (GetSecretValue calls so far). The process exits when its
parent goes away; the Swift side stops it by PID.
"""

import json
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"script": [], "default": {"kind": "error", "status": 400, "type": "ResourceNotFoundException",
                                   "message": "no default action scripted"}, "calls": 0}


def next_action():
    with LOCK:
        STATE["calls"] += 1
        if STATE["script"]:
            return STATE["script"].pop(0)
        return STATE["default"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status, body, content_type="application/x-amz-json-1.1", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):
        if self.path == "/__control":
            with LOCK:
                body = json.dumps({"calls": STATE["calls"]}).encode()
            self.answer(200, body, "application/json")
        else:
            self.answer(404, b"{}")

    def do_POST(self):
        body = self.read_body()
        if self.path == "/__control":
            update = json.loads(body or b"{}")
            with LOCK:
                if "script" in update:
                    STATE["script"] = list(update["script"])
                if "default" in update:
                    STATE["default"] = update["default"]
            self.answer(200, b"{}", "application/json")
            return
        if self.headers.get("X-Amz-Target") != "secretsmanager.GetSecretValue":
            self.answer(400, json.dumps({"__type": "UnknownOperationException"}).encode())
            return
        secret_id = json.loads(body or b"{}").get("SecretId", "")
        action = next_action()
        kind = action.get("kind")
        if kind == "secret":
            value = action.get("value")
            text = value if isinstance(value, str) else json.dumps(value)
            answer = {"ARN": secret_id, "Name": "modal/token", "VersionId": action.get("version", "v1"),
                      "VersionStages": ["AWSCURRENT"], "CreatedDate": 1700000000.0, "SecretString": text}
            self.answer(200, json.dumps(answer).encode())
        elif kind == "binary":
            answer = {"ARN": secret_id, "Name": "modal/token", "VersionId": "v1", "SecretBinary": "AAECAw=="}
            self.answer(200, json.dumps(answer).encode())
        elif kind == "error":
            error = {"__type": action["type"], "message": action.get("message", action["type"])}
            self.answer(int(action["status"]), json.dumps(error).encode(),
                        headers=[("x-amzn-ErrorType", action["type"])])
        elif kind == "garbage":
            self.answer(200, b"<html>not json</html>", "text/html")
        elif kind == "hang":
            while True:
                time.sleep(3600)
        elif kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self.answer(500, json.dumps({"__type": "InternalServiceError", "message": f"bad action {kind}"}).encode())


def watch_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parent = os.getppid()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
