"""Failures and fault switches of the Modal test server, as the official modal 1.6.4 client sees them."""

from __future__ import annotations

from test_official_client import only, sequence


def test_remote_failure_carries_exception_and_traceback(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "raise").remote({"message": "bad event"})
    """)
    assert answer["error"] == "RemoteError"
    assert answer["message"] == "ValueError('bad event')"
    result = only(server.records(after=mark), "FunctionGetOutputs")["response"]["outputs"][0]["result"]
    assert result["status"] == "GENERIC_STATUS_FAILURE"
    assert "Traceback" in result["traceback"] and "ValueError: bad event" in result["traceback"]
    assert "data" not in result and "data_blob_id" not in result  # CBOR input: no pickled exception


def test_remote_failure_with_pickle_input_carries_the_pickled_exception(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "raise").remote()
    """, payload_format="pickle")
    assert answer["error"] == "ValueError"  # unpickled from the output data, as from a real container
    result = only(server.records(after=mark), "FunctionGetOutputs")["response"]["outputs"][0]["result"]
    assert result["data"] and result["serialized_tb"]


def test_timeout_status_and_unserializable_result(server, mark):
    timeout = server.run_client("""
        result = modal.Function.from_name("test-app", "timeout").remote()
    """)
    assert timeout["error"] == "FunctionTimeoutError"
    unserializable = server.run_client("""
        result = modal.Function.from_name("test-app", "unserializable").remote()
    """)
    assert unserializable["error"] == "RemoteError"
    assert "SerializationError" in unserializable["message"]


def test_unknown_function_app_environment_and_class_name(server, mark):
    for app, name, env in [("test-app", "nosuch", None), ("no-app", "echo", None), ("test-app", "echo", "prod")]:
        environment = f", environment_name={env!r}" if env else ""
        answer = server.run_client(f"""
            result = modal.Function.from_name({app!r}, {name!r}{environment}).remote()
        """)
        assert answer["error"] == "NotFoundError", answer
    klass = server.run_client("""
        result = modal.Function.from_name("test-app", "Model").remote()
    """)
    assert klass["error"] == "NotFoundError"
    records = server.records(after=mark)
    assert [r["status"] for r in records] == ["NOT_FOUND"] * 4
    assert records[1]["message"] == "Function 'no-app/echo' not found"


def test_wrong_token_secret_is_unauthenticated(server, mark):
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "echo").remote()
    """, token_secret="as-wrong")
    assert answer["error"] == "AuthError"
    assert [r["status"] for r in server.records(after=mark)] == ["UNAUTHENTICATED"]


def test_unavailable_for_the_next_calls_is_retried(server, mark):
    server.add_fault(code="UNAVAILABLE", count=2, methods=["FunctionGet"])
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "echo").remote(1)
    """)
    assert answer == {"result": {"args": [1], "kwargs": {}}}
    records = server.records(after=mark)
    gets = [r for r in records if r["method"] == "FunctionGet"]
    assert [(r["status"], r.get("fault", False)) for r in gets] == [
        ("UNAVAILABLE", True), ("UNAVAILABLE", True), ("OK", False),
    ]
    assert [r["metadata"]["x-retry-attempt"] for r in gets] == ["0", "1", "2"]
    assert len({r["metadata"]["x-idempotency-key"] for r in gets}) == 1


def test_resource_exhausted_with_retry_policy_is_throttled(server, mark):
    server.add_fault(code="RESOURCE_EXHAUSTED", count=1, methods=["FunctionMap"], retry_after_secs=0.3)
    answer = server.run_client("""
        import time
        started = time.monotonic()
        value = modal.Function.from_name("test-app", "echo").remote(2)
        result = {"value": value, "waited": time.monotonic() - started >= 0.3}
    """)
    assert answer == {"result": {"value": {"args": [2], "kwargs": {}}, "waited": True}}
    maps = [r for r in server.records(after=mark) if r["method"] == "FunctionMap"]
    assert [r["status"] for r in maps] == ["RESOURCE_EXHAUSTED", "OK"]
    assert maps[1]["metadata"]["x-throttle-retry-attempt"] == "1"


def test_resource_exhausted_without_retry_policy_fails(server, mark):
    server.add_fault(code="RESOURCE_EXHAUSTED", count=1, methods=["FunctionMap"])
    answer = server.run_client("""
        result = modal.Function.from_name("test-app", "echo").remote(3)
    """)
    assert answer["error"] == "ResourceExhaustedError"


def test_web_endpoint_and_generator_are_refused_by_the_client(server, mark):
    web = server.run_client("""
        result = modal.Function.from_name("test-app", "web").remote()
    """)
    assert web["error"] == "InvalidError"
    generator = server.run_client("""
        result = modal.Function.from_name("test-app", "gen").remote()
    """)
    assert generator["error"] == "InvalidError"
    records = server.records(after=mark)
    assert sequence(records) == ["FunctionGet", "FunctionGet"]
    web_metadata = records[0]["response"]["handle_metadata"]
    assert web_metadata["web_url"].startswith(server.address["http_url"] + "/web/")
    assert records[1]["response"]["handle_metadata"]["function_type"] == "FUNCTION_TYPE_GENERATOR"


def test_input_plane_requires_the_auth_token(server, mark):
    server.add_fault(code="UNAUTHENTICATED", count=1, methods=["AuthTokenGet"], message="token service down")
    answer = server.run_client("""
        result = modal.Function.from_name("ip-app", "echo").remote()
    """)
    assert answer["error"] == "AuthError"
    assert "AttemptStart" not in sequence(server.records(after=mark))
