#!/usr/bin/env python3
"""Prints, as JSON, the GetSecretValue endpoint the pinned botocore resolves (endpoint rules + partitions.json) for
every region botocore knows plus a few it does not, with and without FIPS: {"<region> <fips>": "<url>"}.
Used by SecretsManagerTests to check SecretsManagerConfiguration.defaultEndpoint."""

import json

import boto3
import botocore.config
import botocore.loaders

partitions = botocore.loaders.Loader().load_data("partitions")["partitions"]
regions = sorted({region for partition in partitions for region in partition.get("regions", {})})
regions += ["mars-central-1", "cn-far-9", "us-gov-moon-2", "us-isob-west-7", "eusc-de-north-3"]
result = {}
for region in regions:
    if region.startswith("aws-") or region == "aws-global":
        continue  # pseudo regions
    for fips in (False, True):
        client = boto3.client("secretsmanager", region_name=region, aws_access_key_id="x", aws_secret_access_key="y",
                              config=botocore.config.Config(use_fips_endpoint=fips))
        endpoint = client._ruleset_resolver.construct_endpoint(
            operation_model=client.meta.service_model.operation_model("GetSecretValue"), call_args={},
            request_context={})
        result[f"{region} {str(fips).lower()}"] = endpoint.url
print(json.dumps(result))
