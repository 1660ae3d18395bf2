"""The official modal 1.6.4 client against the Modal test server: remote and spawn for plain, blob-sized and
input-plane functions, checking results and the RPC sequence the server logged."""

from __future__ import annotations

EVENT = {"Records": [{"eventSource": "aws:sqs", "body": "héllo", "attributes": {"n": 1, "f": 1.0}}], "none": None}
PARAMS = {"p": 1}


def sequence(records: list[dict], plane: bool = False) -> list[str]:
    return [(f"{r['plane']}:" if plane else "") + r["method"] for r in records if r["plane"] != "http"]


def only(records: list[dict], method: str) -> dict:
    found = [r for r in records if r["method"] == method]
    assert len(found) == 1, f"expected one {method}, got {sequence(records)}"
    return found[0]


def test_remote_plain_function(server, mark):
    answer = server.run_client(f"""
        result = modal.Function.from_name("test-app", "echo").remote({EVENT!r}, {PARAMS!r}, extra="kw")
    """)
    assert answer == {"result": {"args": [EVENT, PARAMS], "kwargs": {"extra": "kw"}}}
    records = server.records(after=mark)
    assert sequence(records) == ["FunctionGet", "FunctionMap", "FunctionGetOutputs"]
    assert all(r["status"] == "OK" for r in records)
    get = only(records, "FunctionGet")
    assert get["request"] == {"app_name": "test-app", "object_tag": "echo"}
    assert get["metadata"]["x-modal-token-id"] == "ak-test"
    assert get["metadata"]["x-modal-token-secret"] == "<redacted>"
    assert "x-modal-auth-token" not in get["metadata"]  # Python never sends the JWT on the control plane
    function_map = only(records, "FunctionMap")
    assert function_map["request"]["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_SYNC"
    assert function_map["request"]["function_call_type"] == "FUNCTION_CALL_TYPE_UNARY"
    item = function_map["request"]["pipelined_inputs"][0]
    assert item["input"]["data_format"] == "DATA_FORMAT_CBOR"
    assert item["input"]["method_name"] == ""  # present, empty
    assert function_map["inputs"] == [{
        "idx": 0, "data_format": "DATA_FORMAT_CBOR", "method_name": "", "args": [EVENT, PARAMS],
        "kwargs": {"extra": "kw"},
    }]
    outputs = only(records, "FunctionGetOutputs")
    assert outputs["request"]["clear_on_success"] is True
    assert outputs["request"]["function_call_id"] == function_map["response"]["function_call_id"]
    assert outputs["response"]["outputs"][0]["data_format"] == "DATA_FORMAT_CBOR"


def test_integers_and_floats_keep_their_kind(server, mark):
    answer = server.run_client("""
        value = modal.Function.from_name("test-app", "echo").remote(1, 1.0, 2**70, -0.0)
        result = [type(v).__name__ for v in value["args"]] + [str(v) for v in value["args"]]
    """)
    assert answer == {"result": ["int", "float", "int", "float", "1", "1.0", str(2**70), "-0.0"]}
    logged = only(server.records(after=mark), "FunctionMap")["inputs"][0]["args"]
    assert [type(v) for v in logged] == [int, float, int, float]


def test_spawn_then_get_then_cancel(server, mark):
    answer = server.run_client("""
        call = modal.Function.from_name("test-app", "echo").spawn("a", {"b": [1, 2]})
        value = call.get(timeout=10)
        slow = modal.Function.from_name("test-app", "slow").spawn(30)
        slow.cancel()
        result = {"id": call.object_id, "value": value, "slow_id": slow.object_id}
    """)
    result = answer["result"]
    assert result["value"] == {"args": ["a", {"b": [1, 2]}], "kwargs": {}}
    assert result["id"].startswith("fc-") and result["slow_id"].startswith("fc-")
    records = server.records(after=mark)
    assert sequence(records) == [
        "FunctionGet", "FunctionMap", "FunctionGetOutputs", "FunctionGet", "FunctionMap", "FunctionCallCancel",
    ]
    maps = [r for r in records if r["method"] == "FunctionMap"]
    assert {m["request"]["function_call_invocation_type"] for m in maps} == {"FUNCTION_CALL_INVOCATION_TYPE_ASYNC"}
    outputs = only(records, "FunctionGetOutputs")
    assert outputs["request"].get("clear_on_success", False) is False
    assert only(records, "FunctionCallCancel")["request"]["function_call_id"] == result["slow_id"]
    _, state = server.control("GET", "/state")
    assert state["calls"][result["slow_id"]]["cancelled"] is True


def test_blob_sized_input_and_output(server, mark):
    answer = server.run_client("""
        payload = "y" * (3 * 1024 * 1024)
        echoed = modal.Function.from_name("test-app", "echo").remote(payload)
        result = {"same": echoed["args"][0] == payload, "big": len(modal.Function.from_name("test-app", "big").remote())}
    """)
    assert answer == {"result": {"same": True, "big": 3 * 1024 * 1024}}
    records = server.records(after=mark)
    assert [r["method"] for r in records] == [
        "FunctionGet", "BlobCreate", "PUT", "FunctionMap", "FunctionGetOutputs", "BlobGet", "GET",
        "FunctionGet", "FunctionMap", "FunctionGetOutputs", "BlobGet", "GET",
    ]
    create = only(records, "BlobCreate")
    assert int(create["request"]["content_length"]) > 3 * 1024 * 1024
    assert create["response"]["upload_urls"]["items"] == [create["response"]["upload_url"]]
    put = only(records, "PUT")
    assert put["status"] == 200 and put["path"].endswith(create["response"]["blob_id"])
    first_map = [r for r in records if r["method"] == "FunctionMap"][0]
    item = first_map["request"]["pipelined_inputs"][0]
    assert item["input"]["args_blob_id"] == create["response"]["blob_id"]
    assert item["blob_upload_results"][0]["outcome"] == "OUTCOME_SUCCESS"
    assert first_map["inputs"][0]["args"][0]["$truncated"] == 3 * 1024 * 1024
    outputs = [r for r in records if r["method"] == "FunctionGetOutputs"]
    assert all("data_blob_id" in r["response"]["outputs"][0]["result"] for r in outputs)


def test_spawn_over_8_kib_uploads_a_blob(server, mark):
    answer = server.run_client("""
        call = modal.Function.from_name("test-app", "echo").spawn("z" * 20000)
        result = len(call.get(timeout=10)["args"][0])
    """)
    assert answer == {"result": 20000}
    records = server.records(after=mark)
    assert sequence(records) == ["FunctionGet", "BlobCreate", "FunctionMap", "FunctionGetOutputs", "BlobGet"]


def test_remote_through_the_input_plane(server, mark):
    answer = server.run_client(f"""
        result = modal.Function.from_name("ip-app", "echo").remote({EVENT!r}, {PARAMS!r})
    """)
    assert answer == {"result": {"args": [EVENT, PARAMS], "kwargs": {}}}
    records = server.records(after=mark)
    assert sequence(records, plane=True) == [
        "control:FunctionGet", "control:AuthTokenGet", "input:AttemptStart", "input:AttemptAwait",
    ]
    get = only(records, "FunctionGet")
    assert get["response"]["handle_metadata"]["input_plane_url"] == server.address["input_plane_url"]
    token = only(records, "AuthTokenGet")["response"]["token"]
    for method in ("AttemptStart", "AttemptAwait"):
        record = only(records, method)
        assert record["metadata"]["x-modal-auth-token"] == token
        assert record["metadata"]["x-modal-input-plane-region"] == "us-east"
    assert only(records, "AttemptStart")["inputs"][0]["args"] == [EVENT, PARAMS]


def test_input_plane_retries_internal_failures(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("ip-app", "flaky").remote({"failures": 2})
    """)
    assert answer == {"result": {"args": [{"failures": 2}], "kwargs": {}}}
    records = server.records(after=mark)
    assert sequence(records) == [
        "FunctionGet", "AuthTokenGet", "AttemptStart", "AttemptAwait", "AttemptRetry", "AttemptAwait",
        "AttemptRetry", "AttemptAwait",
    ]
    awaits = [r for r in records if r["method"] == "AttemptAwait"]
    statuses = [r["response"]["output"]["result"]["status"] for r in awaits]
    assert statuses == ["GENERIC_STATUS_INTERNAL_FAILURE"] * 2 + ["GENERIC_STATUS_SUCCESS"]


def test_spawn_of_an_input_plane_function_uses_the_control_plane(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("ip-app", "echo").spawn(7).get(timeout=10)
    """)
    assert answer == {"result": {"args": [7], "kwargs": {}}}
    assert sequence(server.records(after=mark), plane=True) == [
        "control:FunctionGet", "control:FunctionMap", "control:FunctionGetOutputs",
    ]


def test_control_plane_retries_internal_failures(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "flaky").remote({"failures": 2})
    """)
    assert answer == {"result": {"args": [{"failures": 2}], "kwargs": {}}}
    records = server.records(after=mark)
    assert sequence(records) == [
        "FunctionGet", "FunctionMap", "FunctionGetOutputs", "FunctionRetryInputs", "FunctionGetOutputs",
        "FunctionRetryInputs", "FunctionGetOutputs",
    ]
    function_map = only(records, "FunctionMap")
    assert function_map["response"]["sync_client_retries_enabled"] is True
    first_jwt = function_map["response"]["pipelined_inputs"][0]["input_jwt"]
    retries = [r for r in records if r["method"] == "FunctionRetryInputs"]
    # Python 1.6.4 keeps sending the first input_jwt (it ignores FunctionRetryInputsResponse.input_jwts).
    assert [r["request"]["inputs"][0]["input_jwt"] for r in retries] == [first_jwt, first_jwt]
    assert [r["request"]["function_call_jwt"] for r in retries] == [function_map["response"]["function_call_jwt"]] * 2
    outputs = [r for r in records if r["method"] == "FunctionGetOutputs"]
    assert [o["response"]["outputs"][0]["result"]["status"] for o in outputs] == [
        "GENERIC_STATUS_INTERNAL_FAILURE", "GENERIC_STATUS_INTERNAL_FAILURE", "GENERIC_STATUS_SUCCESS",
    ]
    assert [o["response"]["outputs"][0].get("retry_count", 0) for o in outputs] == [0, 1, 2]


def test_pickle_only_function_gets_pickle(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "pickle_only").remote([1, 2])
    """)
    assert answer == {"result": {"args": [[1, 2]], "kwargs": {}}}
    records = server.records(after=mark)
    assert only(records, "FunctionMap")["inputs"][0]["data_format"] == "DATA_FORMAT_PICKLE"
    assert only(records, "FunctionGetOutputs")["response"]["outputs"][0]["data_format"] == "DATA_FORMAT_PICKLE"


def test_no_pipelined_inputs_falls_back_to_function_put_inputs(server, mark):
    server.settings(pipelined_inputs=False)
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "echo").remote("x")
    """)
    assert answer == {"result": {"args": ["x"], "kwargs": {}}}
    records = server.records(after=mark)
    assert sequence(records) == ["FunctionGet", "FunctionMap", "FunctionPutInputs", "FunctionGetOutputs"]
    assert only(records, "FunctionPutInputs")["inputs"][0]["args"] == ["x"]


def test_size_limits_from_the_metadata_are_honoured(server, mark):
    server.settings(max_object_size_bytes=1024)
    answer = server.run_client("""
        result = len(modal.Function.from_name("test-app", "echo").remote("s" * 2000)["args"][0])
    """)
    assert answer == {"result": 2000}
    records = server.records(after=mark)
    assert only(records, "FunctionGet")["response"]["handle_metadata"]["max_object_size_bytes"] == "1024"
    assert sequence(records) == [
        "FunctionGet", "BlobCreate", "FunctionMap", "FunctionGetOutputs", "BlobGet",
    ]
