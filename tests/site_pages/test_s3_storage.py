"""Uploaded files on S3-compatible storage (django-storages, AWS_STORAGE_BUCKET_NAME), against moto's S3
server started here: the file lands in the bucket and still reaches members only through the
handbook's own door, by the visibility rule."""

import os
import socket
import subprocess
import sys
import time

import boto3
import botocore.exceptions
import pytest

from django.urls import reverse

from wagtail.documents import get_document_model

from members.models import RoleKind
from tests.factories import make_person
from tests.site_pages.test_documents import TINY_PDF, upload

pytestmark = pytest.mark.django_db

BUCKET = "handbook-media"
CREDENTIALS = {"aws_access_key_id": "test-key", "aws_secret_access_key": "test-secret", "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """The URL of moto's S3 server in a process of its own, on a free port; skipped if it cannot start."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=log,
            env={**os.environ, **{key.upper(): value for key, value in CREDENTIALS.items()}},
        )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                client.list_buckets()
                break
            except botocore.exceptions.EndpointConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.skip(f"moto's S3 server did not start: {log_path.read_text()[-500:]}")
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """An empty bucket, and the storage settings AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL give."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": CREDENTIALS["region_name"],
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


class TestDocumentsOnS3:
    def test_an_uploaded_file_is_kept_in_the_bucket_and_served_by_the_visibility_rule(
        self, client, units, bucket, settings
    ):
        editor = make_person(units["C1"], kind=RoleKind.EDITOR, unit=units["W1"])
        assert upload(client, editor, units["C1"], "bien-ban-tren-s3.pdf", TINY_PDF).status_code == 302
        document = get_document_model().objects.get(title="bien-ban-tren-s3.pdf")

        stored = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
        assert stored == [document.file.name]
        assert bucket.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read() == TINY_PDF
        assert not (settings.MEDIA_ROOT / document.file.name).exists()

        assert document.url.startswith("/documents/")  # the handbook's door, not the bucket
        client.force_login(make_person(units["C1"]).user)
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == TINY_PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert "private" in response["Cache-Control"]

        client.force_login(make_person(units["C2"]).user)
        assert client.get(document.url).status_code == 404
        client.logout()
        assert client.get(document.url)["Location"].startswith(reverse("login"))
