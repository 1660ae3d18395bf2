"""Runs one input the way a Modal container does (modal 1.6.4 `container_io_manager`): decode the arguments in the
input's data format, call the function, and package the output in the input's format when the function supports it
(else its first output format), offloading outputs above the size limit to the blob store. Failures carry `repr()`
and the traceback; only PICKLE outputs also carry the pickled exception, as in the container."""

from __future__ import annotations

import asyncio
import functools
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from modal._serialization import deserialize_data_format, pickle_exception, pickle_traceback, serialize_data_format
from modal_proto import api_pb2

from apps import DeployedFunction, option
from rpclog import to_jsonable
from state import FunctionCall, Input, ServerState

TASK_ID = "ta-test-server"
STATUS = api_pb2.GenericResult
# Functions run in threads (a sleeping `slow` must not block the server); enough of them for 1,000 parallel calls
# (Modal scales out; a queue behind 64 threads would make a mass-cancellation test wait minutes).
EXECUTOR = ThreadPoolExecutor(max_workers=1100, thread_name_prefix="modal-function")


async def in_thread(function, *args, **kwargs):
    return await asyncio.get_running_loop().run_in_executor(EXECUTOR, functools.partial(function, *args, **kwargs))


def output_format(function: DeployedFunction, input_format: int) -> int:
    if input_format in function.output_formats:
        return input_format
    return function.output_formats[0] if function.output_formats else api_pb2.DATA_FORMAT_PICKLE


def decode_input(state: ServerState, item: api_pb2.FunctionPutInputsItem) -> tuple[tuple, dict]:
    function_input = item.input
    if function_input.WhichOneof("args_oneof") == "args_blob_id":
        blob = state.blobs.get(function_input.args_blob_id)
        if blob is None or blob.data is None:
            raise RuntimeError(f"input blob {function_input.args_blob_id} was never uploaded")
        data = blob.data
    else:
        data = function_input.args
    args, kwargs = deserialize_data_format(data, function_input.data_format, None)
    return tuple(args), dict(kwargs)


def describe_input(state: ServerState, item: api_pb2.FunctionPutInputsItem) -> dict:
    """The input as the RPC log shows it (see rpclog.to_jsonable)."""
    described: dict[str, Any] = {
        "idx": item.idx,
        "data_format": api_pb2.DataFormat.Name(item.input.data_format),
        "method_name": item.input.method_name if item.input.HasField("method_name") else None,
    }
    if item.input.WhichOneof("args_oneof") == "args_blob_id":
        described["args_blob_id"] = item.input.args_blob_id
    try:
        args, kwargs = decode_input(state, item)
        described["args"], described["kwargs"] = to_jsonable(list(args)), to_jsonable(kwargs)
    except Exception as error:  # the log shows what a container would have failed on
        described["error"] = repr(error)
    return described


def output_item(entry: Input, started_at: float, result: api_pb2.GenericResult, data_format: int) -> api_pb2.FunctionGetOutputsItem:
    return api_pb2.FunctionGetOutputsItem(
        result=result,
        idx=entry.idx,
        input_id=entry.input_id,
        data_format=data_format,
        task_id=TASK_ID,
        input_started_at=started_at,
        output_created_at=time.time(),
        retry_count=entry.attempt,
    )


async def execute(state: ServerState, entry: Input) -> api_pb2.FunctionGetOutputsItem:
    call: FunctionCall = entry.call
    function = call.function
    started_at = time.time()
    input_format = entry.item.input.data_format
    try:
        args, kwargs = decode_input(state, entry.item)
        if function.internal_failures:
            failures = int(option(args, kwargs, "failures", int, state.settings["internal_failures"]))
            if entry.attempt < failures:
                result = STATUS(
                    status=STATUS.GENERIC_STATUS_INTERNAL_FAILURE,
                    exception=f"internal failure injected by the test server (attempt {entry.attempt + 1} of {failures})",
                )
                return output_item(entry, started_at, result, output_format(function, input_format))
        if function.forced_status is not None:
            result = STATUS(status=function.forced_status, exception="Function timed out (test server)")
            return output_item(entry, started_at, result, output_format(function, input_format))
        if function.is_generator:
            items = await in_thread(lambda: sum(1 for _ in function.impl(*args, **kwargs)))
            data = serialize_data_format(api_pb2.GeneratorDone(items_total=items), api_pb2.DATA_FORMAT_GENERATOR_DONE)
            result = STATUS(status=STATUS.GENERIC_STATUS_SUCCESS, data=data)
            return output_item(entry, started_at, result, api_pb2.DATA_FORMAT_GENERATOR_DONE)
        value = await in_thread(function.impl, *args, **kwargs)
        data_format = output_format(function, input_format)
        data = serialize_data_format(value, data_format)
        if len(data) > state.output_limit(call.invocation_type):
            result = STATUS(status=STATUS.GENERIC_STATUS_SUCCESS, data_blob_id=state.store_blob(data))
        else:
            result = STATUS(status=STATUS.GENERIC_STATUS_SUCCESS, data=data)
        return output_item(entry, started_at, result, data_format)
    except Exception as exc:  # a user exception, as the container reports it
        return output_item(entry, started_at, failure(state, exc, output_format(function, input_format)),
                           output_format(function, input_format))


def failure(state: ServerState, exc: BaseException, data_format: int) -> api_pb2.GenericResult:
    formatted = "".join(traceback.format_exception(exc))
    result = STATUS(status=STATUS.GENERIC_STATUS_FAILURE, exception=repr(exc), traceback=formatted)
    if data_format == api_pb2.DATA_FORMAT_PICKLE:
        data = pickle_exception(exc)
        if len(data) > state.output_limit(api_pb2.FUNCTION_CALL_INVOCATION_TYPE_SYNC):
            result.data_blob_id = state.store_blob(data)
        else:
            result.data = data
        result.serialized_tb, result.tb_line_cache = pickle_traceback(exc, TASK_ID)
    return result


async def run(state: ServerState, entry: Input) -> None:
    """Runs the current attempt of `entry`; a result of an attempt that was retried or cancelled meanwhile is
    dropped."""
    attempt = entry.attempt
    output = await execute(state, entry)
    if entry.attempt != attempt or entry.call.cancelled:
        return
    entry.call.put_output(entry, output)


def start(state: ServerState, entry: Input) -> None:
    entry.output = None
    entry.cleared = False
    if entry.task is not None and not entry.task.done():
        entry.task.cancel()
    entry.task = asyncio.get_running_loop().create_task(run(state, entry))


def cancel(call: FunctionCall) -> None:
    call.cancelled = True
    for entry in call.inputs:
        if entry.task is not None and not entry.task.done():
            entry.task.cancel()
        if entry.output is None:
            result = STATUS(status=STATUS.GENERIC_STATUS_TERMINATED, exception="Function call was cancelled")
            call.put_output(entry, output_item(entry, time.time(), result, entry.item.input.data_format))
    call.notify()
