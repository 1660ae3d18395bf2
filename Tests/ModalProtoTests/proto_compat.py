#!/usr/bin/env python3
"""Python peer of ModalProtoTests: the FULL modal 1.6.4 descriptor on one side of the compatibility check.

`emit`  prints sample messages built with the wheel's own `api_pb2` (every kept message, the dropped fields filled
        in too) as JSON: {"cases": [{"label", "type", "bytes" (base64)}]}.
`check` reads {"cases": [{"label", "type", "bytes", "json", "original"?}]} on stdin, where `bytes` and `json` are
        what the Swift (trimmed) types serialized. For each case it parses `bytes` with the full descriptor and
        reports problems: the parse must equal `original` when given (a lossless round trip, dropped fields kept as
        unknown fields), and the Swift JSON must equal the full message's JSON minus the fields the trimmed proto
        drops (every kept field decoded under the same name and number). Prints {"results": [{"label", "problems"}]}.
"""

from __future__ import annotations

import base64
import json
import pathlib
import sys

from google.protobuf import any_pb2, json_format
from google.protobuf.message import Message
from modal_proto import api_pb2

sys.dont_write_bytecode = True  # keep __pycache__ out of the Swift test target and scripts/
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
from trim_modal_proto import DROPPED_FIELDS  # noqa: E402

CBOR_ARGS = bytes.fromhex("8282a1636b65796576616c7565a16170 01a0".replace(" ", ""))


def handle_metadata(**overrides) -> api_pb2.FunctionHandleMetadata:
    metadata = api_pb2.FunctionHandleMetadata(
        function_name="echo",
        function_type=api_pb2.Function.FUNCTION_TYPE_FUNCTION,
        web_url="",
        is_method=False,
        use_method_name="",
        definition_id="de-123",
        input_plane_url="http://127.0.0.1:1234",
        input_plane_region="us-east",
        max_object_size_bytes=2 * 1024 * 1024,
        max_async_object_size_bytes=0,
        _experimental_flash_urls=["https://flash.example"],
        supported_input_formats=[api_pb2.DATA_FORMAT_PICKLE, api_pb2.DATA_FORMAT_CBOR],
        supported_output_formats=[api_pb2.DATA_FORMAT_PICKLE, api_pb2.DATA_FORMAT_CBOR],
        app_id="ap-1",
        base_function_id="fu-base",
        class_parameter_info=api_pb2.ClassParameterInfo(
            format=api_pb2.ClassParameterInfo.PARAM_SERIALIZATION_FORMAT_PROTO,
            schema=[api_pb2.ClassParameterSpec(name="size", type=api_pb2.PARAM_TYPE_INT, has_default=True)],
        ),
        function_schema=api_pb2.FunctionSchema(schema_type=api_pb2.FunctionSchema.FUNCTION_SCHEMA_V1),
    )
    for key, value in overrides.items():
        setattr(metadata, key, value)
    return metadata


def put_inputs_item() -> api_pb2.FunctionPutInputsItem:
    return api_pb2.FunctionPutInputsItem(
        idx=0,
        input=api_pb2.FunctionInput(args=CBOR_ARGS, data_format=api_pb2.DATA_FORMAT_CBOR, method_name=""),
        r2_failed=True,
        r2_throughput_bytes_s=12345678901,
        blob_upload_results=[
            api_pb2.BlobUploadResult(
                blob_id="bl-1", outcome=api_pb2.BlobUploadResult.OUTCOME_SUCCESS, throughput_bytes_s=99
            )
        ],
    )


def outputs_item(**result_fields) -> api_pb2.FunctionGetOutputsItem:
    return api_pb2.FunctionGetOutputsItem(
        result=api_pb2.GenericResult(**result_fields),
        idx=0,
        input_id="in-1",
        data_format=api_pb2.DATA_FORMAT_CBOR,
        task_id="ta-1",
        input_started_at=1700000000.5,
        output_created_at=1700000001.25,
        retry_count=2,
        fc_trace_tag="tag",
    )


def samples() -> list[tuple[str, Message]]:
    method_metadata = handle_metadata(function_name="Model.predict", use_method_name="predict", is_method=True)
    function_get = api_pb2.FunctionGetResponse(
        function_id="fu-1",
        handle_metadata=handle_metadata(function_type=api_pb2.Function.FUNCTION_TYPE_GENERATOR),
        server_warnings=[
            api_pb2.Warning(type=api_pb2.Warning.WARNING_TYPE_CLIENT_DEPRECATION, message="upgrade"),
        ],
        function=api_pb2.FunctionData(
            module_name="app",
            function_name="echo",
            ranked_functions=[
                api_pb2.FunctionData.RankedFunction(
                    rank=0, function=api_pb2.Function(function_name="echo", timeout_secs=300, web_url="x")
                )
            ],
        ),
    )
    function_get.handle_metadata.method_handle_metadata["predict"].CopyFrom(method_metadata)
    retry_detail, lookup_detail = any_pb2.Any(), any_pb2.Any()
    retry_detail.Pack(api_pb2.RPCRetryPolicy(retry_after_secs=1.5), type_url_prefix="type.modal.com/")
    lookup_detail.Pack(
        api_pb2.FunctionLookupError(reason=api_pb2.FunctionLookupError.REASON_CLASS_NAME_USED),
        type_url_prefix="type.modal.com/",
    )
    future_status = outputs_item(status=11, exception="a status this client does not know")
    return [
        ("ClientHelloResponse", api_pb2.ClientHelloResponse(
            warning="w", image_builder_version="2025.06",
            server_warnings=[api_pb2.Warning(type=api_pb2.Warning.WARNING_TYPE_RESOURCE_LIMIT, message="m")])),
        ("AuthTokenGetRequest", api_pb2.AuthTokenGetRequest()),
        ("AuthTokenGetResponse", api_pb2.AuthTokenGetResponse(token="eyJ.eyJ.sig")),
        ("FunctionGetRequest", api_pb2.FunctionGetRequest(
            app_name="my-app", object_tag="echo", environment_name="main", app_version=3)),
        ("FunctionGetResponse", function_get),
        ("FunctionHandleMetadata", method_metadata),
        ("FunctionMapRequest", api_pb2.FunctionMapRequest(
            function_id="fu-1", parent_input_id="in-0", return_exceptions=True,
            function_call_type=api_pb2.FUNCTION_CALL_TYPE_UNARY, pipelined_inputs=[put_inputs_item()],
            function_call_invocation_type=api_pb2.FUNCTION_CALL_INVOCATION_TYPE_SYNC, from_spawn_map=True)),
        ("FunctionMapResponse", api_pb2.FunctionMapResponse(
            function_call_id="fc-1",
            pipelined_inputs=[api_pb2.FunctionPutInputsResponseItem(idx=0, input_id="in-1", input_jwt="jwt-1")],
            retry_policy=api_pb2.FunctionRetryPolicy(
                backoff_coefficient=2.0, initial_delay_ms=1000, max_delay_ms=60000, retries=3),
            function_call_jwt="fc-jwt", sync_client_retries_enabled=True, max_inputs_outstanding=1000)),
        ("FunctionPutInputsRequest", api_pb2.FunctionPutInputsRequest(
            function_id="fu-1", function_call_id="fc-1", inputs=[put_inputs_item()])),
        ("FunctionPutInputsResponse", api_pb2.FunctionPutInputsResponse(
            inputs=[api_pb2.FunctionPutInputsResponseItem(idx=0, input_id="in-1", input_jwt="jwt-1")])),
        ("FunctionGetOutputsRequest", api_pb2.FunctionGetOutputsRequest(
            function_call_id="fc-1", max_values=1, timeout=55.0, last_entry_id="0-0", clear_on_success=True,
            requested_at=1700000000.25, input_jwts=["jwt-1"], start_idx=0, end_idx=0)),
        ("FunctionGetOutputsResponse", api_pb2.FunctionGetOutputsResponse(
            idxs=[0, 1],
            outputs=[
                outputs_item(status=api_pb2.GenericResult.GENERIC_STATUS_SUCCESS, data=b"\xa1ax\x01"),
                outputs_item(status=api_pb2.GenericResult.GENERIC_STATUS_FAILURE, exception="ValueError('boom')",
                             exitcode=1, traceback="Traceback ...", serialized_tb=b"\x80\x04", tb_line_cache=b"\x80",
                             data_blob_id="bl-9", propagation_reason="user"),
                future_status,
            ],
            last_entry_id="1-0", num_unfinished_inputs=1)),
        ("FunctionRetryInputsRequest", api_pb2.FunctionRetryInputsRequest(
            function_call_jwt="fc-jwt",
            inputs=[api_pb2.FunctionRetryInputsItem(input_jwt="jwt-1", input=put_inputs_item().input, retry_count=1)])),
        ("FunctionRetryInputsResponse", api_pb2.FunctionRetryInputsResponse(input_jwts=["jwt-2"])),
        ("FunctionCallCancelRequest", api_pb2.FunctionCallCancelRequest(
            function_call_id="fc-1", terminate_containers=True, function_id="fu-1")),
        ("FunctionCallFromIdRequest", api_pb2.FunctionCallFromIdRequest(function_call_id="fc-1")),
        ("FunctionCallFromIdResponse", api_pb2.FunctionCallFromIdResponse(
            function_call_id="fc-1", num_inputs=1,
            metadata=api_pb2.FunctionCallHandleMetadata(app_id="ap-1", function_id="fu-1"))),
        ("BlobCreateRequest", api_pb2.BlobCreateRequest(
            content_md5="1B2M2Y8AsgTpgAmY7PhCfg==", content_sha256_base64="47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            content_length=3 * 1024 * 1024)),
        ("BlobCreateResponse", api_pb2.BlobCreateResponse(
            blob_id="bl-1", upload_url="http://127.0.0.1:1/blobs/bl-1", blob_ids=["bl-1"],
            upload_urls=api_pb2.UploadUrlList(items=["http://127.0.0.1:1/blobs/bl-1"]))),
        ("BlobCreateResponse", api_pb2.BlobCreateResponse(
            blob_id="bl-2",
            multipart=api_pb2.MultiPartUpload(part_length=5 << 20, upload_urls=["u1", "u2"], completion_url="c"),
            blob_ids=["bl-2"],
            multiparts=api_pb2.MultiPartUploadList(items=[api_pb2.MultiPartUpload(part_length=1, upload_urls=["u"])]))),
        ("BlobGetRequest", api_pb2.BlobGetRequest(blob_id="bl-1", function_id="fu-1")),
        ("BlobGetResponse", api_pb2.BlobGetResponse(download_url="http://127.0.0.1:1/blobs/bl-1")),
        ("AttemptStartRequest", api_pb2.AttemptStartRequest(
            function_id="fu-1", parent_input_id="", input=put_inputs_item(), proxied=True)),
        ("AttemptStartResponse", api_pb2.AttemptStartResponse(
            attempt_token="at-1", retry_policy=api_pb2.FunctionRetryPolicy(retries=2, initial_delay_ms=10))),
        ("AttemptAwaitRequest", api_pb2.AttemptAwaitRequest(
            attempt_token="at-1", requested_at=1700000000.75, timeout_secs=55.0)),
        ("AttemptAwaitResponse", api_pb2.AttemptAwaitResponse(
            output=outputs_item(status=api_pb2.GenericResult.GENERIC_STATUS_INTERNAL_FAILURE))),
        ("AttemptAwaitResponse", api_pb2.AttemptAwaitResponse()),
        ("AttemptRetryRequest", api_pb2.AttemptRetryRequest(
            function_id="fu-1", parent_input_id="in-0", input=put_inputs_item(), attempt_token="at-1")),
        ("AttemptRetryResponse", api_pb2.AttemptRetryResponse(attempt_token="at-2")),
        ("RPCStatus", api_pb2.RPCStatus(code=8, message="slow down", details=[retry_detail, lookup_detail])),
        ("GeneratorDone", api_pb2.GeneratorDone(items_total=18446744073709551615)),
    ]


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def emit() -> dict:
    cases = []
    for number, (type_name, message) in enumerate(samples()):
        cases.append({"label": f"{number}-{type_name}", "type": type_name, "bytes": encode(message.SerializeToString())})
    return {"cases": cases}


def without_dropped_fields(message: Message) -> Message:
    """A copy of `message` with every field the trimmed proto drops cleared, at any depth."""
    trimmed = type(message)()
    trimmed.CopyFrom(message)
    _clear_dropped(trimmed)
    return trimmed


def _clear_dropped(message: Message) -> None:
    for name in DROPPED_FIELDS.get("." + message.DESCRIPTOR.full_name, {}):
        message.ClearField(name)
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if field.message_type.GetOptions().map_entry:
            if field.message_type.fields_by_name["value"].message_type is not None:
                for entry in value.values():
                    _clear_dropped(entry)
        elif field.is_repeated:
            for entry in value:
                _clear_dropped(entry)
        else:
            _clear_dropped(value)


def check_case(case: dict) -> list[str]:
    message_class = getattr(api_pb2, case["type"])
    problems = []
    parsed = message_class.FromString(base64.b64decode(case["bytes"]))
    if "original" in case:
        original = message_class.FromString(base64.b64decode(case["original"]))
        if parsed != original:
            problems.append(f"round trip lost data:\n--- original\n{original}\n--- after Swift\n{parsed}")
    expected = json_format.MessageToDict(without_dropped_fields(parsed), preserving_proto_field_name=True)
    actual = json.loads(case["json"])
    if actual != expected:
        problems.append(f"JSON differs:\n--- full descriptor (kept fields)\n{expected}\n--- Swift\n{actual}")
    return problems


def check(request: dict) -> dict:
    return {"results": [{"label": case["label"], "problems": check_case(case)} for case in request["cases"]]}


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "emit":
        json.dump(emit(), sys.stdout)
    elif command == "check":
        json.dump(check(json.load(sys.stdin)), sys.stdout)
    else:
        sys.exit("usage: proto_compat.py emit|check")


if __name__ == "__main__":
    main()
