"""The official modal 1.6.4 client's fan-out against the Modal test server: `.map()` (one FunctionMap of call type
MAP, the inputs through FunctionPutInputs, outputs by idx through FunctionGetOutputs with `last_entry_id` as a
cursor, then a clearing FunctionGetOutputs), `.spawn_map()` (one unary ASYNC FunctionMap per input, marked
`from_spawn_map`) and `.experimental_spawn_map()` (one ASYNC map call closed by FunctionFinishInputs). The Swift
client's map call (docs/bridge.md, "Record mode as one map call") must look like the first to the server."""

from __future__ import annotations

from test_official_client import sequence


def test_map_sends_one_map_call_and_matches_outputs_by_idx(server, mark):
    # Later inputs sleep less, so outputs are written in reverse order; .map() still yields them in input order.
    answer = server.run_client("""
        slow = modal.Function.from_name("test-app", "slow")
        result = [r["slept"] for r in slow.map([0.4, 0.3, 0.2, 0.1, 0.0])]
    """)
    assert answer == {"result": [0.4, 0.3, 0.2, 0.1, 0.0]}
    records = server.records(after=mark)
    methods = sequence(records)
    assert methods.count("FunctionMap") == 1
    function_map = next(r for r in records if r["method"] == "FunctionMap")
    assert function_map["request"]["function_call_type"] == "FUNCTION_CALL_TYPE_MAP"
    assert function_map["request"]["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_SYNC"
    assert function_map["request"].get("pipelined_inputs", []) == []  # 1.6.4 puts every map input separately
    puts = [r for r in records if r["method"] == "FunctionPutInputs"]
    assert [i["idx"] for put in puts for i in put["inputs"]] == [0, 1, 2, 3, 4]
    assert all(len(put["inputs"]) <= 49 for put in puts)
    polls = [r for r in records if r["method"] == "FunctionGetOutputs"]
    *waiting, ack = polls
    assert all(p["request"].get("clear_on_success", False) is False for p in waiting)
    # The cursor: each poll asks after the last entry it got, so no output is returned twice.
    returned = [o.get("idx", 0) for p in waiting for o in p["response"].get("outputs", [])]
    assert sorted(returned) == [0, 1, 2, 3, 4] and returned != [0, 1, 2, 3, 4]
    cursors = [p["request"]["last_entry_id"] for p in waiting]
    assert cursors[0] == "0-0" and len(set(cursors)) == len(cursors)
    assert ack["request"]["clear_on_success"] is True and ack["request"]["last_entry_id"] == "0-0"
    assert float(ack["request"].get("timeout", 0)) == 0


def test_map_failure_is_per_input_with_return_exceptions(server, mark):
    answer = server.run_client("""
        f = modal.Function.from_name("test-app", "fail_marked")
        out = f.map(["a", "FAIL", "c"], return_exceptions=True)
        result = [type(v).__name__ if isinstance(v, BaseException) else v["args"][0] for v in out]
    """)
    assert answer["result"][0] == "a" and answer["result"][2] == "c"
    assert answer["result"][1] not in ("a", "c")  # the failed input alone is an exception
    assert sequence(server.records(after=mark)).count("FunctionMap") == 1


def test_spawn_map_is_one_async_call_per_input(server, mark):
    answer = server.run_client("""
        modal.Function.from_name("test-app", "echo").spawn_map([1, 2, 3])
        result = "ok"
    """)
    assert answer == {"result": "ok"}
    maps = [r for r in server.records(after=mark) if r["method"] == "FunctionMap"]
    assert len(maps) == 3
    for record in maps:
        request = record["request"]
        assert request["function_call_type"] == "FUNCTION_CALL_TYPE_UNARY"
        assert request["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_ASYNC"
        assert request["from_spawn_map"] is True
        assert len(request["pipelined_inputs"]) == 1
    assert len({r["response"]["function_call_id"] for r in maps}) == 3


def test_experimental_spawn_map_is_one_async_map_call(server, mark):
    answer = server.run_client("""
        call = modal.Function.from_name("test-app", "echo").experimental_spawn_map([1, 2, 3])
        result = call.object_id
    """)
    records = server.records(after=mark)
    methods = sequence(records)
    assert methods[:2] == ["FunctionGet", "FunctionMap"] and methods[-1] == "FunctionFinishInputs"
    assert set(methods[2:-1]) == {"FunctionPutInputs"}
    function_map = records[1]["request"]
    assert function_map["function_call_type"] == "FUNCTION_CALL_TYPE_MAP"
    assert function_map["function_call_invocation_type"] == "FUNCTION_CALL_INVOCATION_TYPE_ASYNC"
    assert [i["idx"] for r in records[2:-1] for i in r["inputs"]] == [0, 1, 2]
    assert answer["result"] == records[1]["response"]["function_call_id"]  # one call id for the whole batch
    assert records[-1]["request"]["num_inputs"] == 3
