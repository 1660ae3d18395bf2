"""Local peers shared by `make demo`, `make bench`, `make soak` and the cargo-lambda smoke test.

- `runtime_api.RuntimeAPI`: an asyncio Lambda Runtime API (the same harness drives `bootstrap` and awslambdaric);
- `peers`: the Modal test server and a moto Secrets Manager holding the token, started and stopped by PID;
- `procstat`: CPU, RSS (anonymous / file-backed), fds and threads of a process from /proc.
"""
