#!/usr/bin/env python3
"""Modal test server: a local stand-in for api.modal.com that the official modal 1.6.4 client and the Swift client
accept. Three listeners on 127.0.0.1, each on a port the OS picks:
  control plane  gRPC (h2c) `modal.client.ModalClient`: point MODAL_SERVER_URL at it
  input plane    gRPC (h2c), the `input_plane_url` of the functions of app "ip-app"
  http           blob store, control API and web endpoints (http_api.py)

Start:  .venv/bin/python Tests/ModalTestServer/server.py [--address-file PATH] [--log PATH]
                         [--token-id ak-test] [--token-secret as-test] [--settings JSON]
When ready it prints ONE line of JSON to stdout and writes the same JSON to --address-file (atomically):
  {"server_url", "input_plane_url", "http_url", "control_url", "log", "pid", "token_id", "token_secret"}
Stop: SIGTERM or SIGINT to that pid.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile

sys.dont_write_bytecode = True  # keep Tests/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from aiohttp import web  # noqa: E402
from grpclib.server import Server  # noqa: E402
from modal._utils.grpc_utils import CustomProtoStatusDetailsCodec  # noqa: E402

from http_api import build_app  # noqa: E402
from rpclog import RpcLog  # noqa: E402
from servicer import ModalTestServicer  # noqa: E402
from state import DEFAULT_SETTINGS, ServerState  # noqa: E402

HOST = "127.0.0.1"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Modal test server (see the module docstring)")
    parser.add_argument("--address-file", help="also write the address JSON here")
    parser.add_argument("--log", help="RPC log (JSONL); default: a new temp file")
    parser.add_argument("--token-id", default="ak-test")
    parser.add_argument("--token-secret", default="as-test")
    parser.add_argument("--settings", default="{}", help="JSON object merged into the default settings")
    return parser.parse_args()


async def serve(arguments: argparse.Namespace) -> None:
    log_path = arguments.log or os.path.join(tempfile.mkdtemp(prefix="modal-test-server-"), "rpc.jsonl")
    state = ServerState(arguments.token_id, arguments.token_secret, RpcLog(log_path))
    settings = json.loads(arguments.settings)
    unknown = set(settings) - set(DEFAULT_SETTINGS)
    if unknown:
        sys.exit(f"unknown settings: {sorted(unknown)}")
    state.settings.update(settings)

    runner = web.AppRunner(build_app(state), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, HOST, 0)
    await site.start()
    http_port = site._server.sockets[0].getsockname()[1]
    codec = CustomProtoStatusDetailsCodec()
    control = Server([ModalTestServicer(state, "control")], status_details_codec=codec)
    input_plane = Server([ModalTestServicer(state, "input")], status_details_codec=codec)
    await control.start(HOST, 0)
    await input_plane.start(HOST, 0)
    control_port = control._server.sockets[0].getsockname()[1]
    input_port = input_plane._server.sockets[0].getsockname()[1]

    state.http_url = f"http://{HOST}:{http_port}"
    state.input_plane_url = f"http://{HOST}:{input_port}"
    address = {
        "server_url": f"http://{HOST}:{control_port}",
        "input_plane_url": state.input_plane_url,
        "http_url": state.http_url,
        "control_url": f"{state.http_url}/control",
        "log": log_path,
        "pid": os.getpid(),
        "token_id": state.token_id,
        "token_secret": state.token_secret,
    }
    if arguments.address_file:
        partial = arguments.address_file + ".partial"
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(address, handle)
        os.replace(partial, arguments.address_file)
    print(json.dumps(address), flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    await stop.wait()

    for server in (control, input_plane):
        server.close()
    for server in (control, input_plane):
        try:
            await asyncio.wait_for(server.wait_closed(), 2)
        except TimeoutError:
            pass
    await runner.cleanup()
    state.log.close()


def main() -> None:
    asyncio.run(serve(parse_arguments()))
    # Functions still sleeping in worker threads (e.g. `slow`) must not keep a stopped server alive.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
