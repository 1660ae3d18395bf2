#!/usr/bin/env python3
"""Random SigV4 signing cases with botocore's answers, for the Swift differential test (SigV4Tests).

Each case is a request (method, URL parts, query parameters, headers with mixed-case names, duplicates and runs of
whitespace, a body), credentials with or without a session token, a region, a service and a signing time. botocore's
``SigV4Auth`` signs it with the time frozen; the case records its canonical request, string to sign and
``Authorization`` header. Credentials come from a small pool so one Swift signer signs several days (key cache).

Usage: sigv4_vectors.py --output cases.json [--count 600] [--seed N]
"""

import argparse
import base64
import datetime
import json
import random
import sys
import unittest.mock

import botocore
import botocore.auth
import botocore.awsrequest
import botocore.credentials

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
RESERVED = "!$&'()*+,;=:@[]"
OTHER_ASCII = ' %"<>\\^`{|}'
UTF8 = ["é", "ü", "ß", "ሴ", "中文", "😀", "\u00a0x"]
HEADER_NAMES = [
    "X-Amz-Target", "Content-Type", "content-type", "X-Custom-Header", "My-Header1", "my-header1", "X-Amz-Meta-Foo",
    "Accept", "ACCEPT", "Content-Encoding", "X-Amz-User-Agent", "Zzz", "aaa", "X-Forwarded-For",
    # never signed by botocore (SIGNED_HEADERS_BLACKLIST); sent anyway to prove they are left out
    "User-Agent", "X-Amzn-Trace-Id", "Expect", "Connection", "Transfer-Encoding",
]
HOSTS = ["example.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com", "Mixed-Case.Example.COM",
         "127.0.0.1", "localhost", "secretsmanager-fips.cn-north-1.amazonaws.com.cn"]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "il-central-1"]
SERVICES = ["secretsmanager", "service", "sts", "execute-api", "lambda"]


def random_text(rng, alphabet, low, high):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def random_segment(rng):
    kind = rng.random()
    if kind < 0.1:
        return rng.choice([".", "..", ""])
    parts = []
    for _ in range(rng.randint(1, 4)):
        pick = rng.random()
        if pick < 0.5:
            parts.append(random_text(rng, UNRESERVED, 1, 6))
        elif pick < 0.7:
            parts.append(random_text(rng, RESERVED, 1, 3))
        elif pick < 0.85:
            parts.append(random_text(rng, OTHER_ASCII, 1, 2))
        else:
            parts.append(rng.choice(UTF8))
    return "".join(parts).strip() or "x"


def random_path(rng):
    if rng.random() < 0.3:
        return "/"
    path = "/" + "/".join(random_segment(rng) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.3:
        path += "/"
    return path


def random_query_text(rng):
    pick = rng.random()
    if pick < 0.15:
        return ""
    alphabet = UNRESERVED + RESERVED + OTHER_ASCII + "/?#"
    text = random_text(rng, alphabet, 1, 8)
    if rng.random() < 0.2:
        text += rng.choice(UTF8)
    return text


def random_query(rng):
    if rng.random() < 0.4:
        return []
    pairs = []
    for _ in range(rng.randint(1, 5)):
        if pairs and rng.random() < 0.25:
            pairs.append((pairs[-1][0], random_query_text(rng)))  # repeated name
        else:
            pairs.append((random_query_text(rng) or "k", random_query_text(rng)))
    return pairs


def random_header_value(rng):
    printable = "".join(chr(c) for c in range(0x21, 0x7F))
    words = [random_text(rng, printable, 0, 8) for _ in range(rng.randint(1, 4))]
    value = ""
    for word in words:
        value += word + rng.choice([" ", "  ", "   ", "\t", " \t ", ""])
    if rng.random() < 0.3:
        value = rng.choice([" ", "  ", "\t"]) + value
    return value


def random_headers(rng):
    headers = []
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(HEADER_NAMES)
        if headers and rng.random() < 0.2:
            previous = headers[rng.randrange(len(headers))][0]
            name = previous.swapcase() if rng.random() < 0.5 else previous  # duplicate, maybe other case
        headers.append((name, random_header_value(rng) if rng.random() < 0.95 else ""))
    return headers


def random_body(rng):
    pick = rng.random()
    if pick < 0.25:
        return b""
    if pick < 0.5:
        return json.dumps({"SecretId": random_text(rng, UNRESERVED + "/:", 1, 40)}, separators=(",", ":")).encode()
    if pick < 0.75:
        return random_text(rng, "".join(chr(c) for c in range(0x20, 0x7F)) + "é\n", 1, 200).encode()
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))


def random_credentials(rng):
    token = None
    prefix = "AKIA"
    if rng.random() < 0.5:
        prefix = "ASIA"
        token = random_text(rng, UNRESERVED[:62] + "/+=", 40, 400)
    akid = prefix + random_text(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16)
    secret = random_text(rng, UNRESERVED[:62] + "/+", 40, 40)
    return akid, secret, token


def random_time(rng):
    pick = rng.random()
    if pick < 0.2:
        # around a leap day or a year change
        anchor = rng.choice([datetime.datetime(2024, 2, 29), datetime.datetime(2000, 2, 29),
                             datetime.datetime(2031, 1, 1), datetime.datetime(2100, 3, 1)])
        return anchor + datetime.timedelta(seconds=rng.randint(-86_400, 86_400))
    return datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=rng.randint(0, 4_102_444_800))


def sign_case(rng, credential_pool, index):
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "post", "Get"])
    scheme = rng.choice(["https", "http"])
    host = rng.choice(HOSTS)
    port = rng.choice([None, None, 443, 80, 8080, 4566])
    path = random_path(rng)
    query = random_query(rng)
    headers = random_headers(rng)
    body = random_body(rng)
    akid, secret, token = rng.choice(credential_pool)
    region = rng.choice(REGIONS)
    service = rng.choice(SERVICES)
    when = random_time(rng)

    netloc = host if port is None else f"{host}:{port}"
    request = botocore.awsrequest.AWSRequest(method=method, url=f"{scheme}://{netloc}{path}", data=body)
    for name, value in headers:
        request.headers[name] = value  # HTTPMessage appends, so duplicates stay
    if query:
        request.params = list(query)
    signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(akid, secret, token), service, region)
    with unittest.mock.patch("botocore.auth.get_current_datetime", return_value=when):
        signer.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]  # else botocore would sign its own Authorization header
    canonical_request = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical_request)
    assert string_to_sign.split("\n")[1] == request.headers["X-Amz-Date"]
    return {
        "index": index,
        "method": method,
        "scheme": scheme,
        "host": host,
        "port": port,
        "path": path,
        "query": [[k, v] for k, v in query],
        "headers": [[k, v] for k, v in headers],
        "body_base64": base64.b64encode(body).decode(),
        "access_key_id": akid,
        "secret_access_key": secret,
        "session_token": token,
        "region": region,
        "service": service,
        "epoch_seconds": int((when - datetime.datetime(1970, 1, 1)).total_seconds()),
        "amz_date": request.headers["X-Amz-Date"],
        "canonical_request": canonical_request,
        "string_to_sign": string_to_sign,
        "authorization": authorization,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    credential_pool = [random_credentials(rng) for _ in range(6)]
    cases = [sign_case(rng, credential_pool, index) for index in range(arguments.count)]
    document = {"botocore": botocore.__version__, "seed": seed, "cases": cases}
    with open(arguments.output, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    print(f"wrote {len(cases)} cases (seed {seed}, botocore {botocore.__version__}) to {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
