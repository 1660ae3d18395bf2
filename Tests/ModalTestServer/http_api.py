"""The HTTP side of the Modal test server (aiohttp): the blob store, the control API and the web endpoint.

Blob store (URLs come from BlobCreate / BlobGet and point here):
  PUT /blobs/{id}   body = the blob. A `Content-MD5` header, when sent, must match; the body must match the MD5 and
                    length given to BlobCreate (400 otherwise). Answers 200 with `ETag: "<md5 hex>"` like S3.
  GET /blobs/{id}   the bytes, or 404.
Control API (JSON in, JSON out):
  GET    /control/state     settings, active fault rules, functions, calls, blobs
  GET    /control/log       {"records": [...]} = the RPC log (see rpclog.py), sorted by seq
  GET    /control/stats     {"calls": n, "handler_seconds": s}: gRPC calls finished and the time spent in handlers
  POST   /control/faults    one rule or {"rules": [...]}; a rule is {"code": "UNAVAILABLE", "count": 1,
                            "methods": ["FunctionMap"] (optional, default all), "plane": "control"|"input"
                            (optional), "message": "...", "retry_after_secs": 0.5 (optional: adds an
                            RPCRetryPolicy detail, as the real server does with RESOURCE_EXHAUSTED),
                            "skip": 2 (optional: the first 2 matching calls pass, so the 3rd is the first to fail)}
  DELETE /control/faults    removes all rules
  POST   /control/settings  merges {"key": value} into the settings (state.DEFAULT_SETTINGS lists them)
  POST   /control/reset     default settings, no fault rules (calls, blobs and the log stay)
Web endpoint: GET|POST /web/{app}/{name} answers {"web_endpoint": "<app>/<name>"}.
"""

from __future__ import annotations

import base64
import hashlib
import json

from aiohttp import web

from state import DEFAULT_SETTINGS, FaultRule, ServerState


def json_response(body, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda value: json.dumps(value, sort_keys=True))


def build_app(state: ServerState) -> web.Application:
    app = web.Application(client_max_size=1024**3)

    async def put_blob(request: web.Request) -> web.Response:
        data = await request.read()
        blob = state.blobs.get(request.match_info["blob_id"])
        status, headers, text = 200, {}, ""
        md5 = hashlib.md5(data)
        md5_b64 = base64.b64encode(md5.digest()).decode()
        if blob is None:
            status, text = 404, "NoSuchUpload"
        elif "Content-MD5" in request.headers and request.headers["Content-MD5"] != md5_b64:
            status, text = 400, "BadDigest: Content-MD5 does not match the body"
        elif (blob.content_md5 and blob.content_md5 != md5_b64) or len(data) != blob.content_length:
            status, text = 400, "the body does not match the MD5 / length given to BlobCreate"
        else:
            blob.data = data
            headers["ETag"] = f'"{md5.hexdigest()}"'
        state.log.http("PUT", request.path, request.headers, status, len(data))
        return web.Response(status=status, headers=headers, text=text)

    async def get_blob(request: web.Request) -> web.Response:
        blob = state.blobs.get(request.match_info["blob_id"])
        if blob is None or blob.data is None:
            state.log.http("GET", request.path, request.headers, 404, 0)
            return web.Response(status=404, text="NoSuchKey")
        state.log.http("GET", request.path, request.headers, 200, len(blob.data))
        return web.Response(body=blob.data, content_type="application/octet-stream")

    async def get_state(request: web.Request) -> web.Response:
        return json_response(state.snapshot())

    async def get_log(request: web.Request) -> web.Response:
        return json_response({"records": state.log.records()})

    async def get_stats(request: web.Request) -> web.Response:
        return json_response(state.log.stats())

    async def post_faults(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            rules = body["rules"] if isinstance(body, dict) and "rules" in body else [body]
            state.faults.extend(FaultRule.parse(rule) for rule in rules)
        except (ValueError, KeyError, TypeError) as error:
            return json_response({"error": str(error)}, status=400)
        return json_response(state.snapshot()["faults"])

    async def delete_faults(request: web.Request) -> web.Response:
        state.faults.clear()
        return json_response([])

    async def post_settings(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            unknown = sorted(set(body) - set(DEFAULT_SETTINGS))
            if unknown:
                raise ValueError(f"unknown settings {unknown}; known: {sorted(DEFAULT_SETTINGS)}")
        except (ValueError, TypeError) as error:
            return json_response({"error": str(error)}, status=400)
        state.settings.update(body)
        return json_response(state.settings)

    async def post_reset(request: web.Request) -> web.Response:
        state.settings.clear()
        state.settings.update(DEFAULT_SETTINGS)
        state.faults.clear()
        return json_response(state.snapshot())

    async def web_endpoint(request: web.Request) -> web.Response:
        return json_response({"web_endpoint": f"{request.match_info['app']}/{request.match_info['name']}"})

    app.router.add_put("/blobs/{blob_id}", put_blob)
    app.router.add_get("/blobs/{blob_id}", get_blob)
    app.router.add_get("/control/state", get_state)
    app.router.add_get("/control/log", get_log)
    app.router.add_get("/control/stats", get_stats)
    app.router.add_post("/control/faults", post_faults)
    app.router.add_delete("/control/faults", delete_faults)
    app.router.add_post("/control/settings", post_settings)
    app.router.add_post("/control/reset", post_reset)
    app.router.add_route("*", "/web/{app}/{name}", web_endpoint)
    return app
