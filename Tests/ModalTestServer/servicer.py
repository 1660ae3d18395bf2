"""`modal.client.ModalClient` served with grpclib and the modal 1.6.4 wheel's own stubs (`modal_proto.api_grpc`).

One servicer per plane: "control" implements every control-plane RPC the Swift client uses, "input" the three
input-plane RPCs. Any other RPC answers UNIMPLEMENTED (and is logged, so a test sees the unexpected call). Every call
is checked in this order: fault switches, plane (UNIMPLEMENTED), token pair (and x-modal-auth-token where
needed), then the handler.
"""

from __future__ import annotations

import asyncio
import time

import grpclib.const
from google.protobuf import empty_pb2
from grpclib import GRPCError, Status
from modal_proto import api_grpc, api_pb2

import runner
from apps import CLASSES, ENVIRONMENTS, DeployedFunction
from state import Blob, FunctionCall, Input, ServerState

CONTROL_METHODS = {
    "ClientHello", "AuthTokenGet", "FunctionGet", "FunctionMap", "FunctionPutInputs", "FunctionGetOutputs",
    "FunctionRetryInputs", "FunctionCallCancel", "FunctionCallFromId", "BlobCreate", "BlobGet",
    "FunctionFinishInputs",
}
INPUT_PLANE_METHODS = {"AttemptStart", "AttemptAwait", "AttemptRetry"}
INPUT_METHODS = {"FunctionMap", "FunctionPutInputs", "FunctionRetryInputs", "AttemptStart", "AttemptRetry"}


class ModalTestServicer(api_grpc.ModalClientBase):
    def __init__(self, state: ServerState, plane: str) -> None:
        self.state = state
        self.plane = plane
        self.methods = CONTROL_METHODS if plane == "control" else INPUT_PLANE_METHODS

    def __mapping__(self) -> dict[str, grpclib.const.Handler]:
        mapping = {}
        for path, handler in super().__mapping__().items():
            method = path.rsplit("/", 1)[1]
            mapping[path] = grpclib.const.Handler(
                self._wrap(method), handler.cardinality, handler.request_type, handler.reply_type
            )
        return mapping

    def _wrap(self, method: str):
        async def handle(stream) -> None:
            request = await stream.recv_message()
            metadata = {key.lower(): value for key, value in stream.metadata.items()}
            record = self.state.log.begin(self.plane, method, stream.metadata, request)
            if method in INPUT_METHODS:
                record["inputs"] = [runner.describe_input(self.state, item) for item in input_items(method, request)]
            try:
                rule = self.state.take_fault(self.plane, method)
                if rule is not None:
                    details = None
                    if rule.retry_after_secs is not None:
                        details = [api_pb2.RPCRetryPolicy(retry_after_secs=rule.retry_after_secs)]
                    self.state.log.finish(record, rule.code.name, message=rule.message, fault=True)
                    raise GRPCError(rule.code, rule.message, details)
                if method not in self.methods:
                    raise GRPCError(Status.UNIMPLEMENTED, f"{method} is not served on the {self.plane} plane")
                self.state.check_auth(self.plane, method, metadata)
                response = await getattr(self, "rpc_" + method)(request, metadata)
                await stream.send_message(response)
            except GRPCError as error:
                if "status" not in record:
                    self.state.log.finish(record, error.status.name, message=error.message)
                raise
            except asyncio.CancelledError:
                self.state.log.finish(record, "CANCELLED", message="the client went away or its deadline passed")
                raise
            except Exception as error:
                self.state.log.finish(record, "INTERNAL", message=repr(error))
                raise GRPCError(Status.INTERNAL, f"test server error: {error!r}") from error
            self.state.log.finish(record, "OK", response=response)

        return handle

    # control plane

    async def rpc_ClientHello(self, request, metadata):
        return api_pb2.ClientHelloResponse()

    async def rpc_AuthTokenGet(self, request, metadata):
        return api_pb2.AuthTokenGetResponse(token=self.state.new_auth_token())

    async def rpc_FunctionGet(self, request, metadata):
        if request.environment_name not in ENVIRONMENTS:
            raise GRPCError(Status.NOT_FOUND, f"Environment '{request.environment_name}' not found")
        function = self.state.functions.get((request.app_name, request.object_tag))
        if function is None:
            if (request.app_name, request.object_tag) in CLASSES:
                raise GRPCError(
                    Status.NOT_FOUND,
                    f"'{request.object_tag}' is a class: use Cls.from_name",
                    [api_pb2.FunctionLookupError(reason=api_pb2.FunctionLookupError.REASON_CLASS_NAME_USED)],
                )
            raise GRPCError(Status.NOT_FOUND, f"Function '{request.app_name}/{request.object_tag}' not found")
        return api_pb2.FunctionGetResponse(
            function_id=function.function_id,
            handle_metadata=self.handle_metadata(function),
            function=api_pb2.FunctionData(
                module_name="apps",
                function_name=function.name,
                ranked_functions=[api_pb2.FunctionData.RankedFunction(
                    rank=0, function=api_pb2.Function(function_name=function.name, app_name=function.app_name),
                )],
            ),
        )

    def handle_metadata(self, function: DeployedFunction) -> api_pb2.FunctionHandleMetadata:
        metadata = api_pb2.FunctionHandleMetadata(
            function_name=function.name,
            function_type=(api_pb2.Function.FUNCTION_TYPE_GENERATOR if function.is_generator
                           else api_pb2.Function.FUNCTION_TYPE_FUNCTION),
            web_url=f"{self.state.http_url}/web/{function.app_name}/{function.name}" if function.web else "",
            use_method_name="",
            definition_id=f"de-{function.function_id[3:]}",
            supported_input_formats=function.input_formats,
            supported_output_formats=function.output_formats,
            app_id=f"ap-{function.app_name}",
        )
        if function.input_plane:
            metadata.input_plane_url = self.state.input_plane_url
            metadata.input_plane_region = self.state.settings["input_plane_region"]
        for key in ("max_object_size_bytes", "max_async_object_size_bytes"):
            if self.state.settings[key] is not None:
                setattr(metadata, key, int(self.state.settings[key]))
        return metadata

    def retry_policy(self, function: DeployedFunction) -> api_pb2.FunctionRetryPolicy:
        return api_pb2.FunctionRetryPolicy(
            retries=function.retries, backoff_coefficient=2.0, initial_delay_ms=100, max_delay_ms=1000
        )

    def add_input(self, call: FunctionCall, item: api_pb2.FunctionPutInputsItem) -> Input:
        check_format(call.function, item)
        copied = api_pb2.FunctionPutInputsItem()
        copied.CopyFrom(item)
        entry = Input(input_id=self.state.new_id("in"), idx=item.idx, call=call, item=copied)
        call.inputs.append(entry)
        self.state.inputs[entry.input_id] = entry
        runner.start(self.state, entry)
        return entry

    def new_call(self, function: DeployedFunction, invocation_type: int) -> FunctionCall:
        call = FunctionCall(self.state.new_id("fc"), function, invocation_type)
        self.state.calls[call.function_call_id] = call
        return call

    def response_item(self, entry: Input) -> api_pb2.FunctionPutInputsResponseItem:
        return api_pb2.FunctionPutInputsResponseItem(
            idx=entry.idx, input_id=entry.input_id, input_jwt=self.state.input_jwt(entry)
        )

    async def rpc_FunctionMap(self, request, metadata):
        function = self.state.function(request.function_id)
        for item in request.pipelined_inputs:  # validate every input before creating anything
            check_format(function, item)
        call = self.new_call(function, request.function_call_invocation_type)
        response = api_pb2.FunctionMapResponse(
            function_call_id=call.function_call_id,
            retry_policy=self.retry_policy(function),
            function_call_jwt=self.state.function_call_jwt(call),
            sync_client_retries_enabled=function.sync_client_retries_enabled,
            max_inputs_outstanding=1000,
        )
        if self.state.settings["pipelined_inputs"]:
            for item in request.pipelined_inputs:
                response.pipelined_inputs.append(self.response_item(self.add_input(call, item)))
        return response

    async def rpc_FunctionPutInputs(self, request, metadata):
        call = self.state.call(request.function_call_id)
        if request.function_id and request.function_id != call.function.function_id:
            raise GRPCError(Status.INVALID_ARGUMENT, "function_id does not match the function call")
        return api_pb2.FunctionPutInputsResponse(
            inputs=[self.response_item(self.add_input(call, item)) for item in request.inputs]
        )

    async def rpc_FunctionGetOutputs(self, request, metadata):
        call = self.state.call(request.function_call_id)
        wanted_inputs = None
        if request.input_jwts:
            wanted_inputs = {self.state.input_for_token(jwt, "input")[0].input_id for jwt in request.input_jwts}

        # `last_entry_id` is a cursor into the call's output stream ("0-0": from the start), as in Modal: a map
        # client polling with the last id it got sees each output once.
        after = entry_number(request.last_entry_id)

        def ready() -> list[Input]:
            found = []
            for entry in sorted(call.inputs, key=lambda entry: entry.entry_seq):
                if entry.output is None or entry.cleared or entry.entry_seq <= after:
                    continue
                if wanted_inputs is not None and entry.input_id not in wanted_inputs:
                    continue
                if request.HasField("start_idx") and entry.idx < request.start_idx:
                    continue
                if request.HasField("end_idx") and entry.idx > request.end_idx:
                    continue
                found.append(entry)
            return found[: request.max_values] if request.max_values > 0 else found

        entries = await self.wait_for(call, ready, request.timeout)
        outputs = []
        for entry in entries:
            outputs.append(entry.output)
            if request.clear_on_success and entry.output.result.status == api_pb2.GenericResult.GENERIC_STATUS_SUCCESS:
                entry.cleared = True
        return api_pb2.FunctionGetOutputsResponse(
            idxs=[entry.idx for entry in entries], outputs=outputs,
            last_entry_id=f"{max(entry.entry_seq for entry in entries)}-0" if entries else request.last_entry_id or "0-0",
            num_unfinished_inputs=call.unfinished,
        )

    async def rpc_FunctionFinishInputs(self, request, metadata):
        call = self.state.call(request.function_call_id)
        if request.function_id and request.function_id != call.function.function_id:
            raise GRPCError(Status.INVALID_ARGUMENT, "function_id does not match the function call")
        call.finished_inputs = request.num_inputs
        return empty_pb2.Empty()

    async def wait_for(self, call: FunctionCall, ready, timeout: float):
        deadline = time.monotonic() + max(0.0, min(float(timeout), float(self.state.settings["max_poll_secs"])))
        while True:
            found = ready()
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                return found
            try:
                await asyncio.wait_for(call.changed.wait(), remaining)
            except TimeoutError:
                pass

    async def rpc_FunctionRetryInputs(self, request, metadata):
        claims = self.state.verify(request.function_call_jwt, "function_call")
        call = self.state.call(claims["fc"])
        jwts = []
        for item in request.inputs:
            # Any attempt's input_jwt names the input: Python 1.6.4 keeps using the first one after retries.
            entry, _ = self.state.input_for_token(item.input_jwt, "input")
            if entry.call is not call:
                raise GRPCError(Status.INVALID_ARGUMENT, "input_jwt belongs to another function call")
            entry.attempt += 1
            entry.item.input.CopyFrom(item.input)
            runner.start(self.state, entry)
            jwts.append(self.state.input_jwt(entry))
        return api_pb2.FunctionRetryInputsResponse(input_jwts=jwts)

    async def rpc_FunctionCallCancel(self, request, metadata):
        runner.cancel(self.state.call(request.function_call_id))
        return empty_pb2.Empty()

    async def rpc_FunctionCallFromId(self, request, metadata):
        call = self.state.call(request.function_call_id)
        return api_pb2.FunctionCallFromIdResponse(
            function_call_id=call.function_call_id,
            num_inputs=len(call.inputs),
            metadata=api_pb2.FunctionCallHandleMetadata(
                app_id=f"ap-{call.function.app_name}", function_id=call.function.function_id
            ),
        )

    async def rpc_BlobCreate(self, request, metadata):
        blob_id = self.state.new_id("bl")
        self.state.blobs[blob_id] = Blob(blob_id, request.content_md5, request.content_length)
        url = self.state.blob_url(blob_id)
        return api_pb2.BlobCreateResponse(
            blob_id=blob_id, upload_url=url, blob_ids=[blob_id], upload_urls=api_pb2.UploadUrlList(items=[url])
        )

    async def rpc_BlobGet(self, request, metadata):
        blob = self.state.blobs.get(request.blob_id)
        if blob is None or blob.data is None:
            raise GRPCError(Status.NOT_FOUND, f"Blob {request.blob_id} not found")
        return api_pb2.BlobGetResponse(download_url=self.state.blob_url(blob.blob_id))

    # input plane

    async def rpc_AttemptStart(self, request, metadata):
        function = self.state.function(request.function_id)
        if not function.input_plane:
            raise GRPCError(Status.FAILED_PRECONDITION, f"Function {function.name} is not served by this input plane")
        call = self.new_call(function, api_pb2.FUNCTION_CALL_INVOCATION_TYPE_SYNC)
        entry = self.add_input(call, request.input)
        return api_pb2.AttemptStartResponse(
            attempt_token=self.state.attempt_token(entry), retry_policy=self.retry_policy(function)
        )

    async def rpc_AttemptAwait(self, request, metadata):
        entry, attempt = self.state.input_for_token(request.attempt_token, "attempt")
        if attempt != entry.attempt:
            raise GRPCError(Status.FAILED_PRECONDITION, "attempt token was superseded by AttemptRetry")
        found = await self.wait_for(entry.call, lambda: [entry] if entry.output is not None else [],
                                    request.timeout_secs)
        response = api_pb2.AttemptAwaitResponse()
        if found:
            response.output.CopyFrom(entry.output)
        return response

    async def rpc_AttemptRetry(self, request, metadata):
        entry, attempt = self.state.input_for_token(request.attempt_token, "attempt")
        if attempt != entry.attempt:
            raise GRPCError(Status.FAILED_PRECONDITION, "attempt token was superseded by AttemptRetry")
        if request.function_id != entry.call.function.function_id:
            raise GRPCError(Status.INVALID_ARGUMENT, "function_id does not match the attempt")
        entry.attempt += 1
        entry.item.CopyFrom(request.input)
        runner.start(self.state, entry)
        return api_pb2.AttemptRetryResponse(attempt_token=self.state.attempt_token(entry))


def check_format(function: DeployedFunction, item: api_pb2.FunctionPutInputsItem) -> None:
    """Refuses an input in a format the function was not deployed for (the test server is stricter than needed,
    to catch a client that ignores `supported_input_formats`)."""
    if item.input.data_format not in function.input_formats:
        raise GRPCError(
            Status.INVALID_ARGUMENT,
            f"Function {function.name} does not accept {api_pb2.DataFormat.Name(item.input.data_format)} inputs "
            f"(supported: {[api_pb2.DataFormat.Name(f) for f in function.input_formats]})",
        )


def entry_number(entry_id: str) -> int:
    """The stream position of an entry id "N-M" (Redis stream ids, which Modal's output streams use); 0 when unset."""
    try:
        return int((entry_id or "0-0").split("-", 1)[0])
    except ValueError as error:
        raise GRPCError(Status.INVALID_ARGUMENT, f"malformed last_entry_id {entry_id!r}") from error


def input_items(method: str, request) -> list[api_pb2.FunctionPutInputsItem]:
    if method == "FunctionMap":
        return list(request.pipelined_inputs)
    if method == "FunctionPutInputs":
        return list(request.inputs)
    if method == "FunctionRetryInputs":
        return [api_pb2.FunctionPutInputsItem(idx=0, input=item.input) for item in request.inputs]
    return [request.input]


# Every other RPC of the 285 is answered by the wrapper with UNIMPLEMENTED, so the abstract methods never run.
ModalTestServicer.__abstractmethods__ = frozenset()
