#!/usr/bin/env python3
"""Write the trimmed Modal protocol (`.proto` text) from the descriptor shipped in the pinned `modal` wheel.

The wheel ships no `.proto` file, only `modal_proto/api_pb2.py` with the serialized FileDescriptorProto of
`modal_proto/api.proto` (package `modal.client`). This script keeps the RPCs the Swift client uses, the extra
root messages named below and everything they need transitively, and prints proto3 text with the same package,
message, enum and field names and the same field numbers. The output depends only on the wheel's descriptor,
so running it twice gives byte-identical text (`make protos` checks in the result).

Usage: .venv/bin/python scripts/trim_modal_proto.py [--output PATH]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys

from google.protobuf import descriptor_pb2

MODAL_VERSION = "1.6.4"
PACKAGE = "modal.client"

# The RPCs of `modal.client.ModalClient` the Swift client calls (spec appendix).
ROOT_RPCS = [
    "ClientHello",
    "AuthTokenGet",
    "FunctionGet",
    "FunctionMap",
    "FunctionPutInputs",
    "FunctionGetOutputs",
    "FunctionRetryInputs",
    "FunctionCallCancel",
    "FunctionCallFromId",
    "BlobCreate",
    "BlobGet",
    "AttemptStart",
    "AttemptAwait",
    "AttemptRetry",
]

# Types no RPC names but the client decodes: error details, generator results, the client type header value.
EXTRA_ROOTS = ["RPCStatus", "RPCRetryPolicy", "GeneratorDone", "ClientType", "FunctionLookupError"]

# Fields dropped on purpose: each would pull in a large tree the client never reads. Their numbers are reserved in
# the output, and a parser keeps their bytes as unknown fields, so round trips stay lossless.
DROPPED_FIELDS = {
    f".{PACKAGE}.FunctionGetResponse": {"function": "FunctionData and the whole Function tree"},
    f".{PACKAGE}.FunctionHandleMetadata": {
        "class_parameter_info": "only for parametrised classes",
        "function_schema": "only for typed web endpoints",
    },
}

SCALAR_TYPES = {
    descriptor_pb2.FieldDescriptorProto.TYPE_DOUBLE: "double",
    descriptor_pb2.FieldDescriptorProto.TYPE_FLOAT: "float",
    descriptor_pb2.FieldDescriptorProto.TYPE_INT64: "int64",
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT64: "uint64",
    descriptor_pb2.FieldDescriptorProto.TYPE_INT32: "int32",
    descriptor_pb2.FieldDescriptorProto.TYPE_FIXED64: "fixed64",
    descriptor_pb2.FieldDescriptorProto.TYPE_FIXED32: "fixed32",
    descriptor_pb2.FieldDescriptorProto.TYPE_BOOL: "bool",
    descriptor_pb2.FieldDescriptorProto.TYPE_STRING: "string",
    descriptor_pb2.FieldDescriptorProto.TYPE_BYTES: "bytes",
    descriptor_pb2.FieldDescriptorProto.TYPE_UINT32: "uint32",
    descriptor_pb2.FieldDescriptorProto.TYPE_SFIXED32: "sfixed32",
    descriptor_pb2.FieldDescriptorProto.TYPE_SFIXED64: "sfixed64",
    descriptor_pb2.FieldDescriptorProto.TYPE_SINT32: "sint32",
    descriptor_pb2.FieldDescriptorProto.TYPE_SINT64: "sint64",
}
MESSAGE_OR_ENUM = (
    descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
    descriptor_pb2.FieldDescriptorProto.TYPE_ENUM,
)
# Options whose meaning we can print; anything else makes the script fail rather than silently drop it.
FIELD_OPTIONS = {"deprecated", "jstype", "packed"}


def load_descriptor() -> descriptor_pb2.FileDescriptorProto:
    installed = importlib.metadata.version("modal")
    if installed != MODAL_VERSION:
        sys.exit(f"trim_modal_proto: modal {installed} is installed, expected {MODAL_VERSION} (run `make venv`)")
    from modal_proto import api_pb2  # noqa: PLC0415 (imported after the version check on purpose)

    proto = descriptor_pb2.FileDescriptorProto()
    api_pb2.DESCRIPTOR.CopyToProto(proto)
    if proto.package != PACKAGE:
        sys.exit(f"trim_modal_proto: descriptor package is {proto.package!r}, expected {PACKAGE!r}")
    return proto


class Index:
    """Every message and enum of the file by fully qualified name (`.modal.client.Outer.Inner`)."""

    def __init__(self, proto: descriptor_pb2.FileDescriptorProto) -> None:
        self.messages: dict[str, descriptor_pb2.DescriptorProto] = {}
        self.enums: dict[str, descriptor_pb2.EnumDescriptorProto] = {}
        prefix = f".{proto.package}"
        for message in proto.message_type:
            self._add_message(prefix, message)
        for enum in proto.enum_type:
            self.enums[f"{prefix}.{enum.name}"] = enum

    def _add_message(self, prefix: str, message: descriptor_pb2.DescriptorProto) -> None:
        name = f"{prefix}.{message.name}"
        self.messages[name] = message
        for nested in message.nested_type:
            self._add_message(name, nested)
        for enum in message.enum_type:
            self.enums[f"{name}.{enum.name}"] = enum


def kept_fields(message_name: str, message: descriptor_pb2.DescriptorProto) -> list:
    dropped = DROPPED_FIELDS.get(message_name, {})
    return [field for field in message.field if field.name not in dropped]


def closure(proto: descriptor_pb2.FileDescriptorProto, index: Index) -> set[str]:
    """Fully qualified names of every type the roots need (fields followed transitively)."""
    prefix = f".{proto.package}"
    methods = {method.name: method for method in proto.service[0].method}
    missing = [name for name in ROOT_RPCS if name not in methods]
    if missing:
        sys.exit(f"trim_modal_proto: RPCs not in the descriptor: {missing}")
    pending = [f"{prefix}.{name}" for name in EXTRA_ROOTS]
    for name in ROOT_RPCS:
        pending += [methods[name].input_type, methods[name].output_type]
    needed: set[str] = set()
    while pending:
        name = pending.pop()
        if name in needed or not name.startswith(prefix + "."):
            continue
        if name not in index.messages and name not in index.enums:
            sys.exit(f"trim_modal_proto: unknown type {name}")
        needed.add(name)
        if name in index.messages:
            pending += [f.type_name for f in kept_fields(name, index.messages[name]) if f.type in MESSAGE_OR_ENUM]
    return needed


class Writer:
    def __init__(self, proto: descriptor_pb2.FileDescriptorProto, index: Index, needed: set[str]) -> None:
        self.proto = proto
        self.index = index
        self.needed = needed
        self.lines: list[str] = []
        self.imports: set[str] = set()
        self.counts = {"messages": 0, "enums": 0}

    def emit(self, depth: int, text: str = "") -> None:
        self.lines.append(("  " * depth + text) if text else "")

    def type_ref(self, type_name: str) -> str:
        if type_name.startswith(f".{self.proto.package}."):
            return type_name[len(self.proto.package) + 2 :]
        if type_name.startswith(".google.protobuf."):
            self.imports.add("google/protobuf/" + type_name.rsplit(".", 1)[-1].lower() + ".proto")
            return type_name[1:]
        sys.exit(f"trim_modal_proto: cannot refer to {type_name}")

    def field_type(self, field: descriptor_pb2.FieldDescriptorProto) -> str:
        if field.type in MESSAGE_OR_ENUM:
            return self.type_ref(field.type_name)
        return SCALAR_TYPES[field.type]

    def field_options(self, field: descriptor_pb2.FieldDescriptorProto) -> str:
        options = []
        for descriptor, value in field.options.ListFields():
            if descriptor.name not in FIELD_OPTIONS:
                sys.exit(f"trim_modal_proto: field {field.name} has option {descriptor.name}, not handled")
            if descriptor.name == "jstype":
                value = descriptor_pb2.FieldOptions.JSType.Name(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            options.append(f"{descriptor.name} = {value}")
        return f" [{', '.join(options)}]" if options else ""

    def field_line(self, field: descriptor_pb2.FieldDescriptorProto, in_oneof: bool) -> str:
        entry = self.index.messages.get(field.type_name) if field.type_name else None
        if entry is not None and entry.options.map_entry:
            key, value = entry.field
            declared = f"map<{self.field_type(key)}, {self.field_type(value)}>"
        elif field.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED:
            declared = f"repeated {self.field_type(field)}"
        elif field.proto3_optional:
            declared = f"optional {self.field_type(field)}"
        else:
            declared = self.field_type(field)
        assert in_oneof or not field.HasField("oneof_index") or field.proto3_optional
        return f"{declared} {field.name} = {field.number}{self.field_options(field)};"

    def enum(self, depth: int, enum: descriptor_pb2.EnumDescriptorProto) -> None:
        self.counts["enums"] += 1
        self.emit(depth, f"enum {enum.name} {{")
        if enum.options.allow_alias:
            self.emit(depth + 1, "option allow_alias = true;")
        for value in enum.value:
            suffix = " [deprecated = true]" if value.options.deprecated else ""
            self.emit(depth + 1, f"{value.name} = {value.number}{suffix};")
        self.write_reserved(depth + 1, enum.reserved_range, enum.reserved_name, inclusive_end=True)
        self.emit(depth, "}")

    def write_reserved(self, depth: int, ranges, names, inclusive_end: bool) -> None:
        parts = []
        for reserved in ranges:
            last = reserved.end if inclusive_end else reserved.end - 1
            parts.append(str(reserved.start) if last == reserved.start else f"{reserved.start} to {last}")
        if parts:
            self.emit(depth, f"reserved {', '.join(parts)};")
        if names:
            self.emit(depth, "reserved " + ", ".join(f'"{name}"' for name in names) + ";")

    def message(self, depth: int, full_name: str, message: descriptor_pb2.DescriptorProto) -> None:
        """Writes `message` if it is needed or encloses a needed nested type (then with no fields of its own)."""
        nested_needed = [n for n in self.needed if n.startswith(full_name + ".")]
        if full_name not in self.needed and not nested_needed:
            return
        self.counts["messages"] += 1
        self.emit(depth, f"message {message.name} {{")
        if full_name not in self.needed:
            self.emit(depth + 1, "// Kept only as the namespace of its nested types; its fields are dropped.")
        else:
            self.fields(depth + 1, full_name, message)
        for nested in message.nested_type:
            if not nested.options.map_entry:
                self.message(depth + 1, f"{full_name}.{nested.name}", nested)
        for enum in message.enum_type:
            if f"{full_name}.{enum.name}" in self.needed:
                self.enum(depth + 1, enum)
        self.emit(depth, "}")

    def fields(self, depth: int, full_name: str, message: descriptor_pb2.DescriptorProto) -> None:
        fields = kept_fields(full_name, message)
        written_oneofs: set[int] = set()
        for field in fields:
            real_oneof = field.HasField("oneof_index") and not field.proto3_optional
            if not real_oneof:
                self.emit(depth, self.field_line(field, in_oneof=False))
                continue
            if field.oneof_index in written_oneofs:
                continue
            written_oneofs.add(field.oneof_index)
            self.emit(depth, f"oneof {message.oneof_decl[field.oneof_index].name} {{")
            for member in fields:
                if member.HasField("oneof_index") and member.oneof_index == field.oneof_index:
                    self.emit(depth + 1, self.field_line(member, in_oneof=True))
            self.emit(depth, "}")
        dropped = DROPPED_FIELDS.get(full_name, {})
        for field in message.field:
            if field.name in dropped:
                self.emit(depth, f"// dropped: {self.describe(field)} = {field.number} ({dropped[field.name]})")
        self.write_reserved(depth, message.reserved_range, message.reserved_name, inclusive_end=False)
        dropped_numbers = [str(f.number) for f in message.field if f.name in dropped]
        if dropped_numbers:
            self.emit(depth, f"reserved {', '.join(dropped_numbers)};")

    def describe(self, field: descriptor_pb2.FieldDescriptorProto) -> str:
        type_name = field.type_name.rsplit(".", 1)[-1] if field.type_name else SCALAR_TYPES[field.type]
        return f"{type_name} {field.name}"

    def service(self) -> int:
        service = self.proto.service[0]
        self.emit(0, f"service {service.name} {{")
        count = 0
        for method in service.method:
            if method.name not in ROOT_RPCS:
                continue
            count += 1
            request = ("stream " if method.client_streaming else "") + self.type_ref(method.input_type)
            response = ("stream " if method.server_streaming else "") + self.type_ref(method.output_type)
            self.emit(1, f"rpc {method.name}({request}) returns ({response});")
        self.emit(0, "}")
        return count

    def render(self) -> str:
        prefix = f".{self.proto.package}"
        rpc_count = self.service()
        for enum in self.proto.enum_type:
            if f"{prefix}.{enum.name}" in self.needed:
                self.emit(0)
                self.enum(0, enum)
        for message in self.proto.message_type:
            full_name = f"{prefix}.{message.name}"
            if full_name in self.needed or any(n.startswith(full_name + ".") for n in self.needed):
                self.emit(0)
                self.message(0, full_name, message)
        header = [
            f"// GENERATED by scripts/trim_modal_proto.py from the descriptor in the modal {MODAL_VERSION} wheel",
            "// (modal_proto/api.proto). DO NOT EDIT: run `make protos`.",
            f"// {rpc_count} RPCs, {self.counts['messages']} messages, {self.counts['enums']} enums; same package, "
            "names and field numbers as the full protocol.",
            'syntax = "proto3";',
            "",
            f"package {self.proto.package};",
            "",
            *(f'import "{name}";' for name in sorted(self.imports)),
            "",
        ]
        return "\n".join(header + self.lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="write here instead of standard output")
    arguments = parser.parse_args()
    proto = load_descriptor()
    index = Index(proto)
    text = Writer(proto, index, closure(proto, index)).render()
    if arguments.output:
        with open(arguments.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
