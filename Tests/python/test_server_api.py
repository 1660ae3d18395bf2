"""The Modal test server driven directly: a Go-style raw gRPC client (what the Swift client does), auth rules,
plane separation, throttle details, the blob store and the control API."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import pickle
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import cbor2
import pytest
from grpclib import GRPCError, Status
from grpclib.client import Channel
from modal._utils.grpc_utils import CustomProtoStatusDetailsCodec
from google.protobuf import empty_pb2
from modal_proto import api_grpc, api_pb2

from modal_server_process import ModalServerProcess

GO_HEADERS = {"x-modal-client-type": "9", "x-modal-client-version": "1.0.0", "x-modal-libmodal-version": "modal-go/test"}


def run(coroutine):
    return asyncio.run(coroutine)


class RawClient:
    """A grpclib client with the wheel's stubs, sending the Go header set."""

    def __init__(self, server, url: str | None = None) -> None:
        parsed = urlparse(url or server.address["server_url"])
        self.channel = Channel(parsed.hostname, parsed.port, status_details_codec=CustomProtoStatusDetailsCodec())
        self.stub = api_grpc.ModalClientStub(self.channel)
        self.headers = {**GO_HEADERS, "x-modal-token-id": server.token_id, "x-modal-token-secret": server.token_secret}

    async def call(self, method: str, request, **extra_headers):
        return await getattr(self.stub, method)(request, metadata={**self.headers, **extra_headers}, timeout=30)

    def close(self) -> None:
        self.channel.close()


def cbor_input(*args, **kwargs) -> api_pb2.FunctionPutInputsItem:
    return api_pb2.FunctionPutInputsItem(idx=0, input=api_pb2.FunctionInput(
        args=cbor2.dumps([list(args), kwargs]), data_format=api_pb2.DATA_FORMAT_CBOR, method_name=""))


def test_go_style_client_remote_and_spawn(server, mark):
    async def scenario():
        client = RawClient(server)
        try:
            token = (await client.call("AuthTokenGet", api_pb2.AuthTokenGetRequest())).token
            client.headers["x-modal-auth-token"] = token
            got = await client.call("FunctionGet", api_pb2.FunctionGetRequest(app_name="test-app", object_tag="echo"))
            assert api_pb2.DATA_FORMAT_CBOR in got.handle_metadata.supported_input_formats
            results = []
            for invocation in (api_pb2.FUNCTION_CALL_INVOCATION_TYPE_SYNC, api_pb2.FUNCTION_CALL_INVOCATION_TYPE_ASYNC):
                mapped = await client.call("FunctionMap", api_pb2.FunctionMapRequest(
                    function_id=got.function_id, function_call_type=api_pb2.FUNCTION_CALL_TYPE_UNARY,
                    function_call_invocation_type=invocation, pipelined_inputs=[cbor_input({"e": 1}, {"p": 2.5})]))
                outputs = await client.call("FunctionGetOutputs", api_pb2.FunctionGetOutputsRequest(
                    function_call_id=mapped.function_call_id, max_values=1, timeout=10, last_entry_id="0-0",
                    clear_on_success=invocation == api_pb2.FUNCTION_CALL_INVOCATION_TYPE_SYNC,
                    requested_at=time.time(), input_jwts=[mapped.pipelined_inputs[0].input_jwt]))
                item = outputs.outputs[0]
                assert item.data_format == api_pb2.DATA_FORMAT_CBOR
                results.append(cbor2.loads(item.result.data))
            return results
        finally:
            client.close()

    assert run(scenario()) == [{"args": [{"e": 1}, {"p": 2.5}], "kwargs": {}}] * 2
    records = server.records(after=mark)
    assert [r["metadata"]["x-modal-client-type"] for r in records] == ["9"] * 6
    assert all("x-modal-auth-token" in r["metadata"] for r in records[1:])


def test_input_plane_requires_a_valid_auth_token(server, mark):
    async def scenario():
        control, plane = RawClient(server), RawClient(server, server.address["input_plane_url"])
        try:
            got = await control.call("FunctionGet", api_pb2.FunctionGetRequest(app_name="ip-app", object_tag="echo"))
            start = api_pb2.AttemptStartRequest(function_id=got.function_id, input=cbor_input("hi"))
            codes = []
            for headers in ({}, {"x-modal-auth-token": "not.a.jwt"}):
                with pytest.raises(GRPCError) as error:
                    await plane.call("AttemptStart", start, **headers)
                codes.append(error.value.status)
            token = (await control.call("AuthTokenGet", api_pb2.AuthTokenGetRequest())).token
            started = await plane.call("AttemptStart", start, **{"x-modal-auth-token": token})
            awaited = await plane.call("AttemptAwait", api_pb2.AttemptAwaitRequest(
                attempt_token=started.attempt_token, requested_at=time.time(), timeout_secs=10),
                **{"x-modal-auth-token": token})
            return codes, cbor2.loads(awaited.output.result.data)
        finally:
            control.close()
            plane.close()

    codes, value = run(scenario())
    assert codes == [Status.UNAUTHENTICATED, Status.UNAUTHENTICATED]
    assert value == {"args": ["hi"], "kwargs": {}}


def test_expired_auth_token_and_token_everywhere_setting(server, mark):
    server.settings(auth_token_ttl_secs=-1, require_auth_token_everywhere=True)

    async def scenario():
        client = RawClient(server)
        try:
            expired = (await client.call("AuthTokenGet", api_pb2.AuthTokenGetRequest())).token
            request = api_pb2.FunctionGetRequest(app_name="test-app", object_tag="echo")
            messages = []
            for headers in ({}, {"x-modal-auth-token": expired}):
                with pytest.raises(GRPCError) as error:
                    await client.call("FunctionGet", request, **headers)
                assert error.value.status == Status.UNAUTHENTICATED
                messages.append(error.value.message)
            return messages
        finally:
            client.close()

    assert run(scenario()) == ["missing x-modal-auth-token", "expired auth token"]


def test_planes_are_separate(server, mark):
    async def scenario():
        control, plane = RawClient(server), RawClient(server, server.address["input_plane_url"])
        try:
            statuses = []
            for client, method, request in [
                (control, "AttemptStart", api_pb2.AttemptStartRequest()),
                (plane, "FunctionGet", api_pb2.FunctionGetRequest(app_name="test-app", object_tag="echo")),
                (control, "AppList", api_pb2.AppListRequest()),
            ]:
                with pytest.raises(GRPCError) as error:
                    await client.call(method, request)
                statuses.append(error.value.status)
            return statuses
        finally:
            control.close()
            plane.close()

    assert run(scenario()) == [Status.UNIMPLEMENTED] * 3
    assert [(r["plane"], r["method"], r["status"]) for r in server.records(after=mark)] == [
        ("control", "AttemptStart", "UNIMPLEMENTED"), ("input", "FunctionGet", "UNIMPLEMENTED"),
        ("control", "AppList", "UNIMPLEMENTED"),
    ]


def test_fault_details_and_unfinished_outputs(server, mark):
    server.add_fault(code="RESOURCE_EXHAUSTED", count=1, methods=["FunctionGet"], retry_after_secs=1.5)

    async def scenario():
        client = RawClient(server)
        try:
            request = api_pb2.FunctionGetRequest(app_name="test-app", object_tag="slow")
            with pytest.raises(GRPCError) as error:
                await client.call("FunctionGet", request)
            got = await client.call("FunctionGet", request)
            mapped = await client.call("FunctionMap", api_pb2.FunctionMapRequest(
                function_id=got.function_id, function_call_invocation_type=api_pb2.FUNCTION_CALL_INVOCATION_TYPE_ASYNC,
                pipelined_inputs=[cbor_input(30)]))
            empty = await client.call("FunctionGetOutputs", api_pb2.FunctionGetOutputsRequest(
                function_call_id=mapped.function_call_id, timeout=0, last_entry_id="0-0"))
            from_id = await client.call("FunctionCallFromId", api_pb2.FunctionCallFromIdRequest(
                function_call_id=mapped.function_call_id))
            await client.call("FunctionCallCancel", api_pb2.FunctionCallCancelRequest(
                function_call_id=mapped.function_call_id))
            cancelled = await client.call("FunctionGetOutputs", api_pb2.FunctionGetOutputsRequest(
                function_call_id=mapped.function_call_id, timeout=5, last_entry_id="0-0"))
            return error.value, empty, from_id, cancelled
        finally:
            client.close()

    error, empty, from_id, cancelled = run(scenario())
    assert error.status == Status.RESOURCE_EXHAUSTED
    assert [type(d).__name__ for d in error.details] == ["RPCRetryPolicy"]
    assert error.details[0].retry_after_secs == 1.5
    assert (len(empty.outputs), empty.num_unfinished_inputs) == (0, 1)
    assert from_id.num_inputs == 1 and from_id.metadata.function_id == "fu-test-app-slow"
    assert cancelled.outputs[0].result.status == api_pb2.GenericResult.GENERIC_STATUS_TERMINATED


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_blob_store_checks_digests_and_answers_with_an_etag(server, mark):
    body = b"blob body"
    md5 = base64.b64encode(hashlib.md5(body).digest()).decode()

    async def create():
        client = RawClient(server)
        try:
            return await client.call("BlobCreate", api_pb2.BlobCreateRequest(
                content_md5=md5, content_length=len(body),
                content_sha256_base64=base64.b64encode(hashlib.sha256(body).digest()).decode()))
        finally:
            client.close()

    created = run(create())
    assert created.upload_url.startswith(server.address["http_url"] + "/blobs/")
    assert list(created.upload_urls.items) == [created.upload_url] and list(created.blob_ids) == [created.blob_id]
    assert http("GET", created.upload_url)[0] == 404  # not uploaded yet
    assert http("PUT", created.upload_url, b"other body")[0] == 400
    assert http("PUT", created.upload_url, body, {"Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA=="})[0] == 400
    status, headers, _ = http("PUT", created.upload_url, body, {"Content-MD5": md5})
    assert status == 200 and headers["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'
    assert http("GET", created.upload_url)[2] == body
    assert http("PUT", server.address["http_url"] + "/blobs/bl-unknown", body)[0] == 404


def test_control_api_validates_its_input(server):
    assert server.control("POST", "/faults", {"code": "NOT_A_CODE"})[0] == 400
    assert server.control("POST", "/settings", {"no_such_setting": 1})[0] == 400
    status, state = server.control("GET", "/state")
    assert status == 200
    assert {"test-app/echo", "ip-app/echo", "test-app/pickle_only", "test-app/web", "test-app/gen"} <= set(
        state["functions"])
    assert server.control("POST", "/faults", {"rules": [{"code": "unavailable", "count": 3}]})[1][0]["count"] == 3
    assert server.control("POST", "/faults", {"code": "internal", "skip": 2})[1][-1]["skip"] == 2
    server.reset()
    assert server.control("GET", "/state")[1]["faults"] == []


def test_server_stops_on_sigterm(tmp_path):
    process = ModalServerProcess(tmp_path).start()
    pid = process.process.pid
    process.stop()
    assert process.process.returncode == 0, process.server_stderr()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_generator_and_restricted_output_formats(server, mark):
    async def scenario():
        client = RawClient(server)
        try:
            answers = []
            for name, item in [("gen", cbor_input(4)), ("restricted", None)]:
                got = await client.call("FunctionGet", api_pb2.FunctionGetRequest(app_name="test-app", object_tag=name))
                if item is None:  # a PICKLE input to a function that only produces CBOR
                    item = api_pb2.FunctionPutInputsItem(input=api_pb2.FunctionInput(
                        args=pickle.dumps(((5,), {})), data_format=api_pb2.DATA_FORMAT_PICKLE))
                mapped = await client.call("FunctionMap", api_pb2.FunctionMapRequest(
                    function_id=got.function_id, function_call_invocation_type=api_pb2.FUNCTION_CALL_INVOCATION_TYPE_SYNC,
                    pipelined_inputs=[item]))
                outputs = await client.call("FunctionGetOutputs", api_pb2.FunctionGetOutputsRequest(
                    function_call_id=mapped.function_call_id, timeout=10, last_entry_id="0-0"))
                answers.append(outputs.outputs[0])
            return answers
        finally:
            client.close()

    generator, restricted = run(scenario())
    assert generator.data_format == api_pb2.DATA_FORMAT_GENERATOR_DONE
    assert api_pb2.GeneratorDone.FromString(generator.result.data).items_total == 4
    assert restricted.data_format == api_pb2.DATA_FORMAT_CBOR
    assert cbor2.loads(restricted.result.data) == {"args": [5], "kwargs": {}}


def test_stats_total_the_handler_time_of_finished_calls(server, mark):
    status, before = server.control("GET", "/stats")
    assert status == 200 and set(before) == {"calls", "handler_seconds"}
    async def calls():
        client = RawClient(server)
        try:
            await client.call("ClientHello", empty_pb2.Empty())
            await client.call("ClientHello", empty_pb2.Empty())
        finally:
            client.close()

    run(calls())
    _, after = server.control("GET", "/stats")
    records = server.records(after=mark)
    assert after["calls"] - before["calls"] == len(records) == 2
    assert all(record["duration"] >= 0 for record in records)
    assert after["handler_seconds"] - before["handler_seconds"] == pytest.approx(
        sum(record["duration"] for record in records), abs=1e-5)
